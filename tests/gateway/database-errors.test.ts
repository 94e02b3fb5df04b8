import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/**
 * What a client learns when the database fails under a production hub: a code, and nothing of
 * the SQL, the tables or the stack. (The statement timeout on PostgreSQL: tests/db/postgres-statement-timeout.test.ts.)
 */
describe('database failures behind a production hub', () => {
  let db: TestDatabase;
  let hub: Hub;
  beforeAll(async () => {
    db = await testDatabase();
    hub = await createHub(db.orm, {
      development: false,
      auth: { jwtSecret: { kind: 'none' }, jwtIssuer: 'tributary', apiKeys: [], publicDomains: ['aid'], maxTokenLifetime: 3600 },
    });
  });
  afterAll(async () => {
    await hub.close();
    await db.close();
  });

  it('answers INTERNAL_SERVER_ERROR without SQL, table names or a stack when a query fails in the database', async () => {
    await db.orm.em.fork().execute('drop table aid_activity cascade');
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ activities(first: 2) { nodes { iatiIdentifier } } }' }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(text).not.toMatch(/aid_activity|select|from|relation|does not exist|stacktrace|\.js:\d+/i);
  });
});
