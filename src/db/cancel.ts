import { sql } from 'kysely';
import { isEmbedded, type EntityManager, type Orm } from './orm.js';

/**
 * A way to stop the statement running in `em`'s session from outside it, for work a client can
 * walk away from (a download): on PostgreSQL the session's backend is cancelled from another pooled
 * connection (`pg_cancel_backend`), so a long statement stops at once instead of at its next write;
 * its transaction then fails and rolls back. On PGlite (one session, nothing runs beside it) a
 * statement cannot be stopped: null.
 */
export async function sessionCanceller(orm: Orm, em: EntityManager): Promise<(() => Promise<void>) | null> {
  if (isEmbedded(orm)) return null;
  const { rows } = await sql<{ pid: number; started: string }>`select pg_backend_pid() as pid, now()::text as started`.execute(
    em.getKysely(),
  );
  const session = rows[0];
  if (session === undefined) return null;
  // Only while that backend is still in this transaction: by the time the cancel runs, the
  // transaction may have ended and the pool handed its connection to another request.
  return async () => {
    await sql`select pg_cancel_backend(pid) from pg_stat_activity
      where pid = ${session.pid} and xact_start = ${session.started}::timestamptz`.execute(orm.em.fork().getKysely());
  };
}
