import { sql, type Kysely } from 'kysely';
import { isEmbedded, type Orm } from '../db/orm.js';
import { syncDb, type SyncDB } from './db.js';
import { currentSourceRun } from './source-run-scope.js';

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

function insertRun(db: Kysely<SyncDB>, source: string, input: string) {
  return db
    .insertInto('import_run')
    .values({ source, input, status: 'running', started_at: sql<string>`clock_timestamp()`, source_run_id: currentSourceRun() })
    .returning('id')
    .executeTakeFirst();
}

export async function claimRun(orm: Orm, source: string, input: string): Promise<ClaimedRun> {
  const db = syncDb(orm.em.fork());
  if (isEmbedded(orm)) return { id: idOf(await insertRun(db, source, input)), release: async () => undefined };
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let claimed!: (id: number) => void;
  let refused!: (error: unknown) => void;
  const id = new Promise<number>((resolve, reject) => ([claimed, refused] = [resolve, reject]));
  const held = db.connection().execute(async (session) => {
    // The row becomes visible only with its lock already taken: no sweep can catch it unowned.
    const runId = await session.transaction().execute(async (trx) => {
      const runId = idOf(await insertRun(trx, source, input));
      await sql<{ pg_advisory_lock: unknown }>`select pg_advisory_lock(${LOCK_KEY(runId)})`.execute(trx);
      return runId;
    });
    claimed(runId);
    await released;
    await sql<{ pg_advisory_unlock: boolean }>`select pg_advisory_unlock(${LOCK_KEY(runId)})`.execute(session);
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
  const db = syncDb(orm.em.fork());
  const interrupt = { status: 'interrupted', error_code: 'INTERRUPTED', error_message: message } as const;
  const rows = isEmbedded(orm)
    ? await db.updateTable('import_run').set(interrupt).where('status', '=', 'running').returning('id').execute()
    : await db.transaction().execute((trx) =>
        // A transaction-level try-lock: taken only where no live process holds the run's lock, released at commit.
        trx
          .with(
            (cte) => cte('running').materialized(),
            (w) => w.selectFrom('import_run').select('id').where('status', '=', 'running'),
          )
          .updateTable('import_run as r')
          .set(interrupt)
          .from('running')
          .whereRef('r.id', '=', 'running.id')
          .where('r.status', '=', 'running')
          .where(sql<boolean>`pg_try_advisory_xact_lock(hashtext(current_schema()), running.id)`)
          .returning('r.id')
          .execute(),
      );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
