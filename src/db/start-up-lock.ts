import { sql } from 'kysely';
import { domainKysely, isEmbedded, type Orm } from './orm.js';

/**
 * One start at a time brings a database up to date: split mode starts several services at once,
 * often on a schema nobody has migrated yet, and two migrators would both create the migrations
 * table (or a type, a table) and one would fail. On PostgreSQL the work runs under a session-level
 * advisory lock keyed by the schema's name (database-wide, so it holds before the schema exists),
 * taken on a connection kept aside while the work uses others; a start that waited then finds
 * the work done and does nothing. PGlite belongs to one process: no lock.
 */
export async function underStartUpLock<T>(orm: Orm, work: () => Promise<T>): Promise<T> {
  if (isEmbedded(orm)) return work();
  const schema = String(orm.config.get('schema') ?? '');
  const key = sql`hashtext('tributary:start-up'), hashtext(${schema})`;
  return domainKysely(orm.em.fork())
    .connection()
    .execute(async (session) => {
      await sql`select pg_advisory_lock(${key})`.execute(session);
      try {
        return await work();
      } finally {
        // A lost session has let go of its lock already.
        await sql`select pg_advisory_unlock(${key})`.execute(session).catch(() => undefined);
      }
    });
}
