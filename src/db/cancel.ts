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
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(em.getKysely());
  const pid = rows[0]?.pid;
  if (pid === undefined) return null;
  return async () => {
    await sql`select pg_cancel_backend(${pid})`.execute(orm.em.fork().getKysely());
  };
}
