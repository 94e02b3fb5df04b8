import { sql } from 'kysely';
import { isEmbedded, kysely, type Orm } from '../db/orm.js';

/**
 * An import run is committed as `running` before its work starts, so a run whose process is
 * killed stays visible. On PostgreSQL its process holds a session-level advisory lock keyed by
 * (the schema's hash, the run id) on a connection kept aside for the run — not a pooled one,
 * which could be closed when idle or handed to other work — so "running with a free lock" means
 * "no live owner". PGlite is one session in one process: every run of a database it opens is
 * this process's, so runs found `running` when it opens have no live owner.
 */
export interface ClaimedRun {
  readonly id: number;
  /** Gives up the run's lock; call after its outcome is written. */
  release(): Promise<void>;
}

const LOCK_KEY = (id: number) => sql`hashtext(current_schema()), ${id}::int`;

function insertRun(source: string, input: string) {
  return sql<{
    id: number;
  }>`insert into import_run (source, input, status, started_at) values (${source}, ${input}, 'running', clock_timestamp()) returning id`;
}

export async function claimRun(orm: Orm, source: string, input: string): Promise<ClaimedRun> {
  const db = kysely(orm.em.fork());
  if (isEmbedded(orm)) {
    const { rows } = await insertRun(source, input).execute(db);
    return { id: idOf(rows[0]), release: async () => undefined };
  }
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let claimed!: (id: number) => void;
  let refused!: (error: unknown) => void;
  const id = new Promise<number>((resolve, reject) => ([claimed, refused] = [resolve, reject]));
  const held = db.connection().execute(async (session) => {
    // The row becomes visible only with its lock already taken: no sweep can catch it unowned.
    const runId = await session.transaction().execute(async (trx) => {
      const { rows } = await insertRun(source, input).execute(trx);
      const runId = idOf(rows[0]);
      await sql`select pg_advisory_lock(${LOCK_KEY(runId)})`.execute(trx);
      return runId;
    });
    claimed(runId);
    await released;
    await sql`select pg_advisory_unlock(${LOCK_KEY(runId)})`.execute(session);
  });
  held.catch(refused);
  const runId = await id;
  return {
    id: runId,
    async release() {
      release();
      // A lost connection has already let go of the lock with its session.
      await held.catch(() => undefined);
    },
  };
}

function idOf(row: { id: number } | undefined): number {
  if (!row) throw new Error('import_run insert returned no id');
  return row.id;
}

/**
 * Marks `interrupted` every run left `running` by a process that is gone (its lock is free), and
 * returns their ids. Run at every start of the CLI and the server (prepareDatabase). Their
 * `finished_at` stays empty: when the owner died is not known.
 */
export async function interruptAbandonedRuns(orm: Orm): Promise<number[]> {
  const message = `stopped before it finished (its process ended); found at the next start, nothing it read was stored`;
  const db = kysely(orm.em.fork());
  const { rows } = isEmbedded(orm)
    ? await sql<{ id: number }>`update import_run set status = 'interrupted', error_code = 'INTERRUPTED', error_message = ${message}
        where status = 'running' returning id`.execute(db)
    : await db.transaction().execute((trx) =>
        // A transaction-level try-lock: taken only where no live process holds the run's lock, released at commit.
        sql<{ id: number }>`with running as materialized (select id from import_run where status = 'running')
          update import_run r set status = 'interrupted', error_code = 'INTERRUPTED', error_message = ${message}
          from running where r.id = running.id and r.status = 'running' and pg_try_advisory_xact_lock(hashtext(current_schema()), running.id)
          returning r.id`.execute(trx),
      );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
