import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import { catalogDb } from '../../src/db/backup/catalog.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { prepareDatabase } from '../../src/reference.js';
import { freshDatabaseConfig } from '../support/db.js';
import { checkedOutConnections } from '../support/pool.js';
import { sample } from '../support/sample-data.js';

/**
 * PostgreSQL going away under the hub, as `pg_terminate_backend` does it to every connection the
 * hub holds: mid-import, the run fails cleanly (its record says so, nothing of it is stored) and
 * the retry loads everything once; mid-query, the request errors and the next one is answered by
 * the same hub, without a restart. Only the hub's own connections are terminated (they carry an
 * application name of their own), never those of other tests on the same server.
 */
const server = loadConfig().database;
if (server.kind !== 'postgresql')
  throw new Error('tests/db/postgres-*.test.ts run on PostgreSQL only: set DATABASE_URL (the postgresql project)');

const config = freshDatabaseConfig('test');
const appName = `tributary_fault_${process.pid}`;
let orm: Orm;
let admin: Orm;
let hub: Hub;

/** Terminates every connection of the hub under test; returns how many. */
async function terminateHub(): Promise<number> {
  const { rows } = await sql<{ pid: number }>`
    select pg_terminate_backend(pid)::int as pid from pg_stat_activity where application_name = ${appName}`.execute(
    catalogDb(admin.em.fork()),
  );
  return rows.length;
}

async function hubBackends(where: 'in-transaction' | 'waiting-on-lock'): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where application_name = ${appName}
      and (${where === 'in-transaction'} and backend_xid is not null or ${where === 'waiting-on-lock'} and wait_event_type = 'Lock')`.execute(
    catalogDb(admin.em.fork()),
  );
  return rows[0]?.n ?? 0;
}

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(catalogDb(admin.em.fork()));
  return rows[0]?.n ?? -1;
}

async function ask(query: string) {
  const response = await hub.gateway.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  orm = await openOrm(config, { applicationName: appName });
  await prepareDatabase(orm);
  admin = await openOrm(config, { applicationName: `${appName}_admin` });
  hub = await createHub(orm, {
    development: false,
    auth: { jwtSecret: { kind: 'none' }, jwtIssuer: 'tributary', apiKeys: [], publicDomains: ['aid', 'sync'], maxTokenLifetime: 3600 },
  });
});

afterAll(async () => {
  await hub?.close();
  await orm?.close(true);
  await admin?.em.fork().execute(`drop schema if exists "${config.schema}" cascade`);
  await admin?.close(true);
});

const FILE = () => sample('iati', 'activities', 'v2', 'dportal-covid-401.xml');
const limits = loadConfig().importLimits;

describe('PostgreSQL terminating the hub’s connections', () => {
  it('mid-import: the run fails and says so, nothing of it is stored, and the retry loads each activity once', async () => {
    let started = false;
    const importing = importIatiFile(orm, FILE(), { limits, workers: 0, onStart: () => (started = true) });
    let terminated = 0;
    const deadline = Date.now() + 60_000;
    while (terminated === 0 && Date.now() < deadline) {
      if (started && (await hubBackends('in-transaction')) > 0) terminated = await terminateHub();
      else await sleep(5);
    }
    expect(terminated).toBeGreaterThan(0);
    const failed = await importing;
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/terminat|connection/i);
    const { rows: runs } = await sql<{ id: number; status: string; error_code: string | null; finished_at: string | null }>`
      select id, status, error_code, finished_at::text from import_run order by id`.execute(catalogDb(admin.em.fork()));
    expect(runs).toEqual([{ id: failed.runId, status: 'failed', error_code: 'INTERNAL', finished_at: expect.any(String) }]);
    expect(await count('aid_activity')).toBe(0);
    expect(await count('aid_activity_report')).toBe(0);

    const retried = await importIatiFile(orm, FILE(), { limits, workers: 0 });
    expect(retried.status, retried.error?.message).toBe('succeeded');
    expect(retried.counts.loaded).toBeGreaterThan(300);
    expect(await count('aid_activity_report')).toBe(retried.counts.loaded);
    const { rows: duplicates } = await sql<{ n: number }>`
      select count(*)::int as n from (select iati_identifier, reporting_org_key from aid_activity_report group by 1, 2 having count(*) > 1) d`.execute(
      catalogDb(admin.em.fork()),
    );
    expect(duplicates).toEqual([{ n: 0 }]);
    expect(await checkedOutConnections(orm)).toBe(0);
  });

  it('mid-query: the request errors, and the same hub answers the next one', async () => {
    const QUERY = '{ activities(first: 3) { totalCount nodes { iatiIdentifier } } }';
    const before = await ask(QUERY);
    expect(before.errors).toBeUndefined();
    // Another session holds the table, so the hub's query is in the database, waiting, when its connection is cut.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = catalogDb(admin.em.fork())
      .transaction()
      .execute(async (trx) => {
        await sql<never>`lock table aid_activity in access exclusive mode`.execute(trx);
        locked();
        await held;
      });
    await lockTaken;
    const asking = ask(QUERY);
    const deadline = Date.now() + 30_000;
    while ((await hubBackends('waiting-on-lock')) === 0 && Date.now() < deadline) await sleep(10);
    expect(await terminateHub()).toBeGreaterThan(0);
    const cut = await asking;
    release();
    await holder;
    expect(cut.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(cut)).not.toMatch(/terminat|aid_activity|select/i);
    // The idle connections were cut too: as in the next test, the pool hears of it from their sockets.
    await sleep(100);
    const after = await ask(QUERY);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    expect(await checkedOutConnections(orm)).toBe(0);
  });

  it('with every idle connection cut between requests, the next request is answered (the pool reconnects)', async () => {
    await ask('{ importRuns(first: 1) { nodes { id } } }');
    expect(await terminateHub()).toBeGreaterThan(0);
    await sleep(100);
    const next = await ask('{ importRuns(first: 5) { nodes { status } } }');
    expect(next.errors).toBeUndefined();
    expect(next.data).toEqual({ importRuns: { nodes: [{ status: 'succeeded' }, { status: 'failed' }] } });
  });
});
