import { sql, type RawBuilder } from 'kysely';
import { isEmbedded, type Orm } from '../../db/orm.js';
import { syncDb } from '../db.js';

/**
 * Exactly one runner per source, however many hub processes share the database: a session-level
 * advisory lock keyed by (the schema and "sources", the source's name), held on a connection kept
 * aside for the run (as run-claim.ts does for import runs). PGlite is one session in one process:
 * there the lock is this process's set of sources being run, which also keeps two schedulers of one
 * process from running a source twice on PostgreSQL (a session's advisory locks are re-entrant).
 */
export interface SourceLock {
  release(): Promise<void>;
}

const running = new WeakMap<Orm, Set<string>>();

export const SOURCE_LOCK_KEY = (name: string | RawBuilder<unknown>) => sql`hashtext(current_schema() || ':sources'), hashtext(${name})`;

function heldHere(orm: Orm): Set<string> {
  const set = running.get(orm) ?? new Set<string>();
  running.set(orm, set);
  return set;
}

/** The source's lock, or null when another runner (here or in another process) holds it. */
export async function tryLockSource(orm: Orm, name: string): Promise<SourceLock | null> {
  const here = heldHere(orm);
  if (here.has(name)) return null;
  here.add(name);
  const forget = async () => void here.delete(name);
  if (isEmbedded(orm)) return { release: forget };
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let answered!: (got: boolean) => void;
  const got = new Promise<boolean>((resolve) => (answered = resolve));
  const held = syncDb(orm.em.fork())
    .connection()
    .execute(async (session) => {
      const row = await sql<{ got: boolean }>`select pg_try_advisory_lock(${SOURCE_LOCK_KEY(name)}) as got`.execute(session);
      const locked = row.rows[0]?.got === true;
      answered(locked);
      if (!locked) return;
      await released;
      await sql`select pg_advisory_unlock(${SOURCE_LOCK_KEY(name)})`.execute(session);
    });
  held.catch(() => answered(false));
  if (!(await got)) {
    await held.catch(() => undefined);
    await forget();
    return null;
  }
  return {
    async release() {
      release();
      // A lost connection has already let go of the lock with its session.
      await held.catch(() => undefined);
      await forget();
    },
  };
}

/** Whether this process runs the source now (PGlite's only owner; on PostgreSQL, one of several). */
export function runningHere(orm: Orm, name: string): boolean {
  return heldHere(orm).has(name);
}
