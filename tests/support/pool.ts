import type { Orm } from '../../src/db/orm.js';

/** Connections a PostgreSQL hub's pool has handed out and not had back: a leak would starve the hub. */
export async function checkedOutConnections(orm: Orm): Promise<number> {
  const connection = orm.driver.getConnection() as unknown as { getNativeClient(): Promise<{ totalCount: number; idleCount: number }> };
  const pool = await connection.getNativeClient();
  return pool.totalCount - pool.idleCount;
}
