import { request as httpRequest, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listen } from '../../src/gateway/serve.js';
import { testHub, type TestHub } from '../support/hub.js';
import { checkedOutConnections } from '../support/pool.js';

/**
 * A download whose client leaves while its statement runs: on PostgreSQL the statement is
 * cancelled (pg_cancel_backend) at once, its transaction rolled back and its connection back in
 * the pool, instead of running on until its next write. The statement is held here by a lock on
 * the CoA assignments table that this test keeps for the whole case: only a cancel frees it.
 */
if (loadConfig().database.kind !== 'postgresql')
  throw new Error('tests/db/postgres-*.test.ts run on PostgreSQL only: set DATABASE_URL (the postgresql project)');

let test: TestHub;
let server: Server;
let base: string;
const log: string[] = [];

beforeAll(async () => {
  test = await testHub([], { downloadLog: (line) => log.push(line) });
  server = await listen(test.hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await test?.close();
});

describe('a download on PostgreSQL', () => {
  it('cancels its running statement when the client leaves, while the statement still waits', async () => {
    const locker = new pg.Client({ connectionString: test.db.config.url });
    await locker.connect();
    const waiting = async () => {
      const { rows } = await locker.query<{ count: string }>(
        `select count(*) from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
         where not l.granted and c.relname = 'map_assignment' and n.nspname = $1`,
        [test.db.config.schema],
      );
      return Number(rows[0]?.count);
    };
    try {
      await locker.query(`set search_path to "${test.db.config.schema}"`);
      await locker.query('begin');
      await locker.query('lock table map_assignment in access exclusive mode');
      const headers = { authorization: `Bearer ${await test.token('officer@finance.gov.mw', 'budget-officer')}` };
      const request = httpRequest(`${base}/export/budget?country=MW&format=csv`, { headers }, (response) => response.resume());
      request.on('error', () => undefined);
      request.end();
      await expect.poll(waiting, { timeout: 60_000, message: `waiting on the lock; the download log: ${log.join('\n')}` }).toBe(1);
      expect(test.hub.downloads?.active).toBe(1);
      request.destroy();
      // Still locked: only a cancel ends the statement now.
      await expect.poll(waiting, { timeout: 10_000 }).toBe(0);
      await expect.poll(() => test.hub.downloads?.active).toBe(0);
      await expect.poll(() => log.at(-1)).toMatch(/stopped \(the client closed the connection before the file was complete\)/);
      expect(await checkedOutConnections(test.db.orm)).toBe(0);
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }
  });
});
