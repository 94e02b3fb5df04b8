import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCliDatabase, server, startTributary, tributary, type RunningCli } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

/**
 * Stopping `tributary import` mid-import, as an operator or a supervisor would: SIGTERM, SIGKILL
 * of the command, SIGKILL of the child it re-runs itself in. Whatever happens, nothing the import
 * read is committed, and its run says what became of it. The file is the 170 MB IATI benchmark,
 * so the import is still writing when the signal comes.
 */
const BIG = () => sample('iati', 'benchmark', 'dportal-covid19-2021-06-15.xml.gz');

interface RunState {
  readonly id: number;
  readonly status: string;
  readonly finishedAt: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

async function stateOf(db: string): Promise<{ runs: RunState[]; activities: number; quarantined: number }> {
  const orm = await openCliDatabase(db);
  try {
    const em = orm.em.fork();
    const runs = await em.execute<RunState[]>(
      `select id, status, finished_at::text as "finishedAt", error_code as "errorCode", error_message as "errorMessage" from import_run order by id`,
    );
    const [counts] = await em.execute<{ activities: number; quarantined: number }[]>(
      `select (select count(*)::int from aid_activity) as activities, (select count(*)::int from import_quarantine) as quarantined`,
    );
    return { runs, activities: counts?.activities ?? -1, quarantined: counts?.quarantined ?? -1 };
  } finally {
    await orm.close(true);
  }
}

/** The process an import re-ran itself in (its only child). */
function importChildOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  expect(children).toHaveLength(1);
  return children[0] ?? 0;
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) return true;
    await sleep(100);
  }
  return false;
}

/** Starts the import of the big file and waits until it has been writing for a while. */
async function importUnderWay(db: string, options: readonly string[] = []): Promise<{ cli: RunningCli; runId: number; child: number }> {
  const cli = startTributary(['import', 'iati', BIG(), ...options], db);
  const [, runId] = await cli.waitFor(/import run (\d+) started/, 120_000);
  const child = importChildOf(cli.pid);
  await sleep(2_000); // batches of activities written inside the import's transaction
  expect(cli.output()).not.toMatch(/loaded, \d+ updated/); // still importing
  return { cli, runId: Number(runId), child };
}

describe('tributary import stopped mid-import', () => {
  // One database for the four, in this order (preparing one takes a while on PGlite): each test's
  // run is the newest, and the tests before it committed nothing.
  let db: string;
  beforeAll(async () => {
    db = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-signals-')), 'db-signals');
  });

  it('SIGTERM: the child stops too, nothing is committed, the run ends interrupted with its end time, and the command exits 143', async () => {
    const { cli, runId, child } = await importUnderWay(db, ['--json']);
    const result = await cli.kill('SIGTERM');
    expect(result.code).toBe(143);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ runId, status: 'interrupted', error: expect.objectContaining({ code: 'INTERRUPTED' }) }),
    ]);
    expect(await goneWithin(child, 1_000)).toBe(true);
    const state = await stateOf(db);
    expect(state.runs.at(-1)).toEqual(
      expect.objectContaining({ id: runId, status: 'interrupted', errorCode: 'INTERRUPTED', finishedAt: expect.any(String) }),
    );
    expect(state).toMatchObject({ activities: 0, quarantined: 0 });
  }, 240_000);

  it('SIGINT (Ctrl-C): the same, said on the summary line, and the command exits 130', async () => {
    const { cli, runId, child } = await importUnderWay(db);
    const result = await cli.kill('SIGINT');
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(
      new RegExp(`INTERRUPTED: import of .* interrupted by SIGINT before it finished; nothing it read was stored \\(run ${runId}\\)`),
    );
    expect(result.stdout).not.toContain('mappings applied');
    expect(await goneWithin(child, 1_000)).toBe(true);
    const state = await stateOf(db);
    expect(state.runs.at(-1)).toEqual(expect.objectContaining({ id: runId, status: 'interrupted', finishedAt: expect.any(String) }));
    expect(state).toMatchObject({ activities: 0, quarantined: 0 });
  }, 240_000);

  it('SIGKILL of the command: its child sees it gone, rolls back and exits at once instead of going on to commit', async () => {
    const { cli, runId, child } = await importUnderWay(db);
    await cli.kill('SIGKILL');
    expect(await goneWithin(child, 15_000)).toBe(true);
    const state = await stateOf(db);
    expect(state.runs.at(-1)).toEqual(expect.objectContaining({ id: runId, status: 'interrupted', errorCode: 'INTERRUPTED' }));
    expect(state.runs.at(-1)?.errorMessage).toContain('the end of its parent process');
    expect(state).toMatchObject({ activities: 0, quarantined: 0 });
  }, 240_000);

  it('SIGKILL of the child doing the work: the run stays visible as running, and the next start marks it interrupted', async () => {
    const { cli, runId, child } = await importUnderWay(db);
    process.kill(child, 'SIGKILL');
    const result = await cli.kill('SIGCONT'); // only waits: the command exits on its own once its child is gone
    expect(result.code).toBe(128 + 9);
    const left = await stateOf(db);
    expect(left.runs.filter((r) => r.status === 'running')).toEqual([expect.objectContaining({ id: runId, finishedAt: null })]);
    expect(left).toMatchObject({ activities: 0, quarantined: 0 });

    const next = await tributary(['import', 'iati', sample('iati', 'activities', 'v2', 'sr-activity.xml')], db);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`import run ${runId} was left running by a process that ended: now interrupted`);
    const after = await stateOf(db);
    expect(after.runs.at(-2)).toMatchObject({ id: runId, status: 'interrupted', errorCode: 'INTERRUPTED', finishedAt: null });
    expect(after.runs.at(-1)).toMatchObject({ status: 'succeeded' });
    expect(after.runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted', 'succeeded']);
    expect(after.activities).toBe(1);
  }, 240_000);
});

// A hung database needs a second session holding a lock, which PGlite (one session) cannot have.
if (server.kind === 'postgresql')
  describe('tributary import stopped while its database does not answer (PostgreSQL)', () => {
    it('exits anyway 10 s after SIGTERM; the database rolls back and the next start marks the run interrupted', async () => {
      const db = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-hung-')), 'db-hung');
      expect((await tributary(['import', 'iati', sample('iati', 'activities', 'v2', 'fcdo-activity.xml')], db)).code).toBe(0);
      const orm = await openCliDatabase(db);
      let unlock!: () => void;
      const locked = new Promise<void>((resolve) => (unlock = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const lock = orm.em.fork().transactional(async (em) => {
        await em.execute('lock table aid_activity in access exclusive mode');
        holding();
        await locked;
      });
      try {
        await held;
        const { cli, runId } = await importUnderWay(db);
        // Stop it only once it waits on the lock, not while it is still parsing its first batch.
        const waiting = async (): Promise<number> =>
          (
            await orm.em
              .fork()
              .execute<{ n: number }[]>(`select count(*)::int as n from pg_locks where not granted and relation = 'aid_activity'::regclass`)
          )[0]?.n ?? 0;
        for (let tries = 0; (await waiting()) === 0; tries += 1) {
          expect(tries).toBeLessThan(600);
          await sleep(100);
        }
        const stoppedAt = Date.now();
        const result = await cli.kill('SIGTERM');
        expect(result.code).toBe(143);
        expect(result.stderr).toContain('still running 10 s after SIGTERM: exiting');
        expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(9_000);
        unlock();
        await lock;
        const next = await tributary(['import', 'iati', sample('iati', 'activities', 'v2', 'sr-activity.xml')], db);
        expect(next.stderr).toContain(`import run ${runId} was left running by a process that ended: now interrupted`);
        const state = await stateOf(db);
        expect(state.runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
        expect(state.activities).toBe(2);
      } finally {
        unlock();
        await lock.catch(() => undefined);
        await orm.close(true);
      }
    }, 240_000);
  });
