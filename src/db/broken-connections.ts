import type { Pool, PoolClient } from 'pg';

/**
 * Gives the pool back every connection PostgreSQL drops while it is checked out (a terminated
 * backend, a server restart, a network cut). Kysely's controlled transaction — how MikroORM runs
 * `em.transactional` — releases its connection only after a rollback that succeeds; on a dead
 * connection the rollback fails, the connection is never released, and each such failure keeps
 * one of the pool's slots forever, until a hub that survived the database going away hangs waiting
 * for a connection. Here a connection that fails while checked out is released at once (removed
 * from the pool, since it failed), and the release its holder makes later, if any, does nothing.
 */
export function releaseBrokenConnections(pool: Pool): void {
  pool.on('acquire', (client: PoolClient) => {
    // The pool sets `client.release` just after it emits `acquire`: wrap it once it is there.
    process.nextTick(() => {
      const release = client.release.bind(client);
      let released = false;
      const onError = (error: Error) => releaseOnce(error);
      const releaseOnce = (error?: Error | boolean): void => {
        if (released) return;
        released = true;
        client.removeListener('error', onError);
        release(error);
      };
      client.release = releaseOnce;
      client.once('error', onError);
    });
  });
}
