import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { servingDatabase } from '../../src/cli/commands/serve.js';
import { openOrm } from '../../src/db/orm.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/** On PostgreSQL (the `postgresql` project), a statement running past the served hub's statement timeout is cancelled by the server. */
let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db?.close());

it('cancels a statement of the served hub past TRIBUTARY_STATEMENT_TIMEOUT_MS', async () => {
  // What `tributary serve` does once migrations are done.
  const base = loadConfig({ TRIBUTARY_STATEMENT_TIMEOUT_MS: '200' });
  const orm = await servingDatabase({ ...base, database: db.config }, await openOrm(db.config));
  try {
    expect(await orm.em.fork().execute('show statement_timeout')).toEqual([{ statement_timeout: '200ms' }]);
    const started = performance.now();
    await expect(orm.em.fork().execute('select pg_sleep(5)')).rejects.toThrow(/statement timeout/);
    expect(performance.now() - started).toBeLessThan(2000);
  } finally {
    await orm.close(true);
  }
});
