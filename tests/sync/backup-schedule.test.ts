import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { interruptAbandonedBackups, runBackupJob } from '../../src/sync/sources/backup-job.js';
import { attachSources } from '../../src/sync/sources/hub-sources.js';
import { startScheduler } from '../../src/sync/sources/scheduler.js';
import { checkSourcesFile, type BackupJob } from '../../src/sync/sources/source-config.js';
import { testHub, type TestHub } from '../support/hub.js';

/** The sources file's scheduled backup: one backup per tick however many schedulers fire, keep N, and its health in the graph. */
let hub: TestHub;
let dir: string;
const config = { ...loadConfig(), importWorkers: 0 };

function backupJob(spec: object): BackupJob {
  const job = checkSourcesFile(path.join(dir, 'sources.json'), { backup: spec }).backup;
  if (!job) throw new Error('no backup');
  return job;
}
const backupFiles = async (folder: string) => (await readdir(folder)).filter((name) => name.endsWith('.backup.gz')).sort();
const rows = <T>(sql: string) => hub.db.orm.em.fork().execute<T[]>(sql);

const SCHEDULE = `{ backupSchedule { folder keep schedule { cron timezone } nextRun health lateAfter
  lastRun { status file error finishedAt } lastFailure { status file error } } }`;
type Schedule = {
  backupSchedule: {
    health: string;
    lateAfter: string | null;
    nextRun: string | null;
    lastRun: { status: string; file: string; error: string | null; finishedAt: string | null } | null;
    lastFailure: { status: string; error: string | null } | null;
  } | null;
};
async function schedule(roles: Role[] = ['system-admin']) {
  return hub.raw(SCHEDULE, {}, { authorization: `Bearer ${await hub.token('ops-lead', ...roles)}` });
}

beforeAll(async () => {
  hub = await testHub([]);
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-backup-schedule-'));
});
afterAll(() => hub?.close());

describe('the scheduled backup', () => {
  it('makes one backup of a tick when two schedulers on one database fire for it, and none for a tick already made', async () => {
    const job = backupJob({ schedule: { cron: '* * * * * *' }, folder: 'raced', keep: 50 });
    // Another hub process: its own connections (on PGlite, the same process's database).
    const other: Orm = hub.db.config.kind === 'postgresql' ? await openOrm(hub.db.config) : hub.db.orm;
    try {
      const slot = '2026-12-08T02:00:00.000Z';
      const both = await Promise.all([runBackupJob(hub.db.orm, job, slot), runBackupJob(other, job, slot)]);
      expect(both.filter((r) => 'result' in r)).toHaveLength(1);
      expect(both.find((r) => 'skipped' in r)).toMatchObject({ skipped: expect.stringMatching(/busy|taken/) });
      expect(await runBackupJob(other, job, slot)).toEqual({ skipped: 'taken' });

      // The schedulers themselves, firing every second for a while.
      const log: string[] = [];
      const schedulers = await Promise.all(
        [hub.db.orm, other].map((orm) => startScheduler({ orm, config, log: (line) => log.push(line) }, new Map(), job)),
      );
      const counted = () =>
        rows<{ n: number }>(`select count(*)::int as n from sync_backup where slot is not null and status = 'succeeded'`);
      await expect.poll(async () => (await counted())[0]?.n, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      await Promise.all(schedulers.map((s) => s.stop()));
      const made = await rows<{ slot: string; n: number }>(
        `select slot, count(*)::int as n from sync_backup where slot is not null group by slot`,
      );
      expect(made.every((r) => r.n === 1)).toBe(true);
      const succeeded = (await counted())[0]?.n ?? 0;
      // Every succeeded row is one file (none written twice for a tick), and nothing is left running.
      expect(await backupFiles(job.folder)).toHaveLength(succeeded);
      expect(await rows(`select id from sync_backup where status = 'running'`)).toEqual([]);
      expect(log.filter((line) => line.includes('failed'))).toEqual([]);
    } finally {
      if (other !== hub.db.orm) await other.close();
    }
  }, 60_000);

  it('keeps the newest `keep` backups in its folder and deletes the older ones', async () => {
    const job = backupJob({ schedule: { cron: '0 2 * * *', timezone: 'Africa/Blantyre' }, folder: 'kept', keep: 2 });
    const made: string[] = [];
    for (const day of [1, 2, 3]) {
      const result = await runBackupJob(hub.db.orm, job, `2026-12-0${day}T00:00:00.000Z`);
      if (!('result' in result)) throw new Error(`no backup: ${JSON.stringify(result)}`);
      made.push(path.basename(result.result.file));
    }
    expect(await backupFiles(job.folder)).toEqual(made.slice(1));
  });

  it('shows a backup that cannot be written as failing with its reason, and a good one after it as green', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the backup folder should be');
    const broken = backupJob({ schedule: { cron: '0 2 * * *' }, folder: 'not-a-folder/backups', keep: 3 });
    attachSources(hub.db.orm, { sources: new Map(), scheduler: null, backup: broken });
    const failed = await runBackupJob(hub.db.orm, broken, '2026-12-08T02:00:01.000Z');
    expect(failed).toMatchObject({ error: expect.any(Error) });

    const { data, errors } = await schedule();
    expect(errors).toBeUndefined();
    const seen = (data as Schedule).backupSchedule;
    expect(seen).toMatchObject({ health: 'FAILING', lastRun: { status: 'failed' }, lastFailure: { status: 'failed' } });
    expect(seen?.lastFailure?.error).toContain(`cannot make the backup folder ${path.join(blocker, 'backups')}`);
    expect(Date.parse(seen?.nextRun ?? '')).toBeGreaterThan(Date.now());

    const fixed = { ...broken, folder: path.join(dir, 'fixed') };
    attachSources(hub.db.orm, { sources: new Map(), scheduler: null, backup: fixed });
    const good = await runBackupJob(hub.db.orm, fixed, '2026-12-08T02:00:02.000Z');
    if (!('result' in good)) throw new Error('no backup');
    const after = ((await schedule()).data as Schedule).backupSchedule;
    expect(after).toMatchObject({ health: 'GREEN', lastRun: { status: 'succeeded', file: good.result.file, error: null } });
    // Late without another success after twice the daily interval.
    expect(Date.parse(after?.lateAfter ?? '') - Date.parse(after?.lastRun?.finishedAt ?? '')).toBe(2 * 86_400_000);
  });

  it('is shown to system administrators only', async () => {
    for (const roles of [['analyst'], ['mapping-admin', 'registry-officer']] as Role[][])
      expect((await schedule(roles)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('ends a backup its process left running as interrupted, when a scheduler starts', async () => {
    await hub.db.orm.em
      .fork()
      .execute(`insert into sync_backup (kind, status, file, slot, started_at) values ('backup', 'running', '/gone', 'abandoned', now())`);
    const [swept] = await interruptAbandonedBackups(hub.db.orm).then((ids) => ids);
    expect(swept).toBeDefined();
    const [row] = await rows<{ status: string; error_message: string }>(
      `select status, error_message from sync_backup where slot = 'abandoned'`,
    );
    expect(row).toMatchObject({ status: 'interrupted', error_message: expect.stringContaining('stopped before it finished') });
  });
});
