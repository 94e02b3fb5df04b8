import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openOrm, type EntityManager, type Orm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { TributaryError } from '../../src/errors.js';
import { interruptAbandonedRuns } from '../../src/sync/run-claim.js';
import { runImport } from '../../src/sync/run-import.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

interface RunRow {
  status: string;
  startedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

describe('import runs: recorded at the start, ended with their real outcome and end time', () => {
  let db: TestDatabase;
  let orm: Orm;
  beforeAll(async () => {
    db = await testDatabase();
    orm = db.orm;
  });
  afterAll(() => db.close());

  const runRow = async (id: number): Promise<RunRow> => {
    const [row] = await orm.em
      .fork()
      .execute<RunRow[]>(
        `select status, started_at::text as "startedAt", finished_at::text as "finishedAt", error_code as "errorCode", error_message as "errorMessage" from import_run where id = ?`,
        [id],
      );
    if (!row) throw new Error(`no run ${id}`);
    return row;
  };
  /** Work that writes a quarantined record in the import's transaction, then waits. */
  const writeThenWait = (ms: number) => async (em: EntityManager, runId: number) => {
    await em.execute(
      `insert into import_quarantine (import_run_id, input, line, field, code, reason, excerpt) values (?, 'x', 1, 'f', 'C', 'r', 'e')`,
      [runId],
    );
    await sleep(ms);
  };
  const quarantinedOf = async (id: number): Promise<number> =>
    (await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from import_quarantine where import_run_id = ?`, [id]))[0]
      ?.n ?? -1;

  it('keeps the real end time: a run that works for 300 ms ends at least 300 ms after it started', async () => {
    const result = await runImport(orm, { source: 'test', input: 'slow', path: '' }, writeThenWait(300));
    expect(result.status).toBe('succeeded');
    const row = await runRow(result.runId);
    expect(row.status).toBe('succeeded');
    expect(Date.parse(row.finishedAt ?? '') - Date.parse(row.startedAt)).toBeGreaterThanOrEqual(290);
    expect(await quarantinedOf(result.runId)).toBe(1);
  });

  it('ends a refused input `rejected` and an unexpected error `failed`, in the run it started, with nothing stored', async () => {
    const refused = await runImport(orm, { source: 'test', input: 'bad', path: '' }, async (em, runId) => {
      await writeThenWait(0)(em, runId);
      throw new TributaryError('BAD_USER_INPUT', 'bad line 3');
    });
    expect(refused.status).toBe('rejected');
    expect(await runRow(refused.runId)).toMatchObject({ status: 'rejected', errorCode: 'BAD_USER_INPUT', errorMessage: 'bad line 3' });
    expect(await quarantinedOf(refused.runId)).toBe(0);

    const broken = await runImport(orm, { source: 'test', input: 'bug', path: '' }, async (em, runId) => {
      await writeThenWait(0)(em, runId);
      throw new TypeError('x is undefined');
    });
    expect(broken.status).toBe('failed');
    expect(await runRow(broken.runId)).toMatchObject({ status: 'failed', errorCode: 'INTERNAL' });
    expect(await quarantinedOf(broken.runId)).toBe(0);
    expect((await runRow(broken.runId)).finishedAt).not.toBeNull();
  });

  it('ends a run whose stop signal came during its work `interrupted`, even when the work ignored the signal, with nothing stored', async () => {
    const stop = new AbortController();
    const result = await runImport(orm, { source: 'test', input: 'stopped', path: '', signal: stop.signal }, async (em, runId) => {
      await writeThenWait(0)(em, runId);
      stop.abort('SIGTERM');
      await sleep(50);
    });
    expect(result.status).toBe('interrupted');
    const row = await runRow(result.runId);
    expect(row).toMatchObject({ status: 'interrupted', errorCode: 'INTERRUPTED' });
    expect(row.errorMessage).toContain('SIGTERM');
    expect(row.finishedAt).not.toBeNull();
    expect(await quarantinedOf(result.runId)).toBe(0);
  });

  it('commits nothing when the run was marked interrupted before it could finish (the success is written only over `running`)', async () => {
    const result = await runImport(orm, { source: 'test', input: 'swept', path: '' }, async (em, runId) => {
      await writeThenWait(0)(em, runId);
      await em.execute(`update import_run set status = 'interrupted' where id = ?`, [runId]);
    });
    expect(result.status).toBe('interrupted');
    expect(await runRow(result.runId)).toMatchObject({ status: 'interrupted', errorCode: 'INTERRUPTED' });
    expect(await quarantinedOf(result.runId)).toBe(0);
  });

  it('marks a run left `running` with no live owner `interrupted` at the next start, and leaves finished runs alone', async () => {
    // What a killed process leaves: the run's row, committed at its start, and no lock.
    const [left] = await orm.em
      .fork()
      .execute<{ id: number }[]>(`insert into import_run (source, input, status) values ('test', 'killed', 'running') returning id`);
    const done = await runImport(orm, { source: 'test', input: 'done', path: '' }, async () => undefined);
    const { interruptedRuns } = await prepareDatabase(orm);
    expect(interruptedRuns).toEqual([left?.id]);
    expect(await runRow(left?.id ?? 0)).toMatchObject({ status: 'interrupted', errorCode: 'INTERRUPTED', finishedAt: null });
    expect((await runRow(done.runId)).status).toBe('succeeded');
    expect(await interruptAbandonedRuns(orm)).toEqual([]);
  });

  // PGlite is one process: no other process can watch a run there (see the CLI kill tests).
  if (loadConfig().database.kind !== 'postgresql') return;
  it('(PostgreSQL) shows a run as `running` to others while it works, and another process’s start leaves it alone while its owner lives', async () => {
    const other = await openOrm(db.config); // another hub process on the same database
    try {
      let seenByOthers: RunRow | undefined;
      let sweptWhileLive: number[] = [];
      const result = await runImport(orm, { source: 'test', input: 'live', path: '' }, async (em, runId) => {
        await writeThenWait(0)(em, runId);
        [seenByOthers] = await other.em.fork().execute<RunRow[]>(`select status from import_run where id = ?`, [runId]);
        sweptWhileLive = await interruptAbandonedRuns(other);
      });
      expect(seenByOthers?.status).toBe('running');
      expect(sweptWhileLive).toEqual([]);
      expect(result.status).toBe('succeeded');
      // The lock went with the run: nothing of it is left held.
      const [locks] = await other.em
        .fork()
        .execute<{ n: number }[]>(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ? and objsubid = 2 and classid = (hashtext(current_schema()))::oid`,
          [result.runId],
        );
      expect(locks?.n).toBe(0);
    } finally {
      await other.close(true);
    }
  });
});
