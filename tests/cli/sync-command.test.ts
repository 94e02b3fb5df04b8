import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCliDatabase, startTributary, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

/** `tributary sync run <source>` and `tributary sync status`, on a folder source; a run killed mid-file. */
let dir: string;

function onlyChildOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  expect(children).toHaveLength(1);
  return children[0] ?? 0;
}
let sourcesFile: string;

async function state(db: string) {
  const orm = await openCliDatabase(db);
  try {
    const em = orm.em.fork();
    const runs = await em.execute<{ id: number; status: string }[]>(`select id, status from source_run order by id`);
    const imports = await em.execute<{ status: string; input: string; sourceRun: number | null }[]>(
      `select status, input, source_run_id as "sourceRun" from import_run order by id`,
    );
    const [held] = await em.execute<{ n: number }[]>(`select count(*)::int as n from aid_activity`);
    return { runs, imports, activities: held?.n ?? -1 };
  } finally {
    await orm.close(true);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-sync-cli-'));
  await mkdir(path.join(dir, 'drop'));
  await copyFile(sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), path.join(dir, 'drop', 'a-covid.xml'));
  await copyFile(sample('iati', 'activities', 'v2', 'sr-activity.xml'), path.join(dir, 'drop', 'b-sr.xml'));
  sourcesFile = path.join(dir, 'sources.yaml');
  await writeFile(
    sourcesFile,
    [
      'sources:',
      '  drop:',
      '    kind: iati-folder',
      '    folder: drop',
      '    schedule: { cron: "0 2 * * *", timezone: Africa/Blantyre }',
      'backup: { schedule: { cron: "0 3 * * *", timezone: Africa/Blantyre }, folder: backups, keep: 3 }',
    ].join('\n'),
  );
});

describe('tributary sync', () => {
  it('says how to configure sources when there are none, and names every problem of a bad sources file', async () => {
    const none = await tributary(['sync', 'status'], path.join(dir, 'unused-db'), { TRIBUTARY_SOURCES: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('TRIBUTARY_SOURCES names the sources file');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ sources: { x: { kind: 'iati-url', urls: ['ftp://a'], schedule: { cron: 'every day' } } } }));
    const refused = await tributary(['sync', 'run', 'x'], path.join(dir, 'unused-db'), { TRIBUTARY_SOURCES: bad });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('sources.x.urls.0');
    expect(refused.stderr).toContain('sources.x.schedule.cron');
  });

  it('a run killed mid-file leaves nothing of that file; the next run marks it interrupted and completes', async () => {
    const db = path.join(dir, 'db');
    const cli = startTributary(['sync', 'run', 'drop'], db, { TRIBUTARY_SOURCES: sourcesFile });
    await cli.waitFor(/a-covid\.xml: import run \d+ started/, 180_000);
    // The command re-runs itself under the import heap: kill the child doing the work, as the OOM
    // killer would (killing the command instead lets its child stop cleanly; import-signals tests that).
    // Frozen at once, so on a fast server the file cannot be committed before the kill.
    const worker = onlyChildOf(cli.pid);
    process.kill(worker, 'SIGSTOP');
    expect(cli.output()).not.toMatch(/loaded, \d+ updated/);
    process.kill(worker, 'SIGKILL');
    await cli.kill('SIGCONT'); // only waits: the command exits once its child is gone
    const killed = await state(db);
    expect(killed.activities).toBe(0);
    expect(killed.runs).toEqual([expect.objectContaining({ status: 'running' })]);
    // The import run the kill cut short names its source run from its first row.
    expect(killed.imports).toEqual([{ input: 'a-covid.xml', status: 'running', sourceRun: killed.runs[0]?.id }]);

    const next = await tributary(['sync', 'run', 'drop'], db, { TRIBUTARY_SOURCES: sourcesFile });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`source runs ${killed.runs[0]?.id} were left unfinished`);
    expect(next.stdout).toMatch(/drop: succeeded after 1 attempt\(s\): 2 input\(s\), 2 imported, 0 unchanged, 0 refused/);
    const after = await state(db);
    expect(after.runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    const [killedRun, nextRun] = after.runs.map((r) => r.id);
    expect(after.imports.map((r) => `${r.input} ${r.status} of source run ${r.sourceRun}`)).toEqual([
      `a-covid.xml interrupted of source run ${killedRun}`,
      `a-covid.xml succeeded of source run ${nextRun}`,
      `b-sr.xml succeeded of source run ${nextRun}`,
    ]);
    expect(after.activities).toBe(375);

    const status = await tributary(['sync', 'status'], db, { TRIBUTARY_SOURCES: sourcesFile });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/drop \(iati-folder\): GREEN, 0 2 \* \* \* \(Africa\/Blantyre\), next \d{4}-/);
    expect(status.stdout).toMatch(/last run: succeeded/);
    expect(status.stdout).toMatch(/last failure: interrupted .*process ended/);
    // The scheduled backup is one more row; none has run yet.
    expect(status.stdout).toContain(
      `scheduled backup (backup to ${path.join(dir, 'backups')}, keeping 3): NEVER_RUN, 0 3 * * * (Africa/Blantyre), next `,
    );
    const json = JSON.parse((await tributary(['sync', 'status', '--json'], db, { TRIBUTARY_SOURCES: sourcesFile })).stdout) as {
      name: string;
      health: string;
    }[];
    expect(json.map((row) => [row.name, row.health])).toEqual([
      ['drop', 'GREEN'],
      ['scheduled backup', 'NEVER_RUN'],
    ]);

    // The served hub runs the scheduler unless told not to (split-mode subgraphs, a second process).
    const env = { TRIBUTARY_SOURCES: sourcesFile, PORT: '0' };
    const scheduling = startTributary(['serve'], db, env);
    await scheduling.waitFor(/serving http/, 180_000);
    expect(scheduling.output()).toContain('scheduler: 1 scheduled source(s) of 1');
    expect((await scheduling.stop('SIGTERM')).code).toBe(0);
    const quiet = startTributary(['serve', '--no-scheduler'], db, env);
    await quiet.waitFor(/serving http/, 180_000);
    expect(quiet.output()).not.toContain('scheduler:');
    expect((await quiet.stop('SIGTERM')).code).toBe(0);
  }, 400_000);
});
