import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { prepareDatabase } from '../../src/reference.js';
import { checkedOutConnections } from '../support/pool.js';

/**
 * The database server stopped and started again under a running hub: a private cluster this test
 * makes itself (initdb, pg_ctl; as the postgres user when the tests run as root, which both refuse).
 * While it is down every request errors, promptly; once it is back the same hub answers again.
 */
if (loadConfig().database.kind !== 'postgresql')
  throw new Error('tests/db/postgres-*.test.ts run on PostgreSQL only: set DATABASE_URL (the postgresql project)');

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
let dir: string;
let port: number;
let orm: Orm;
let hub: Hub;

/** initdb and pg_ctl, as the postgres user when running as root. */
function postgres(tool: string, args: string[]) {
  return asRoot ? run('runuser', ['-u', 'postgres', '--', tool, ...args]) : run(tool, args);
}

const pgctl = (action: 'start' | 'stop') =>
  postgres('pg_ctl', [
    action,
    '-D',
    path.join(dir, 'data'),
    '-w',
    ...(action === 'start' ? ['-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`] : ['-m', 'fast']),
  ]);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function ask() {
  const started = performance.now();
  const response = await hub.gateway.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ activities(first: 1) { totalCount } importRuns(first: 1) { nodes { id } } }' }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { ...body, ms: performance.now() - started };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-cluster-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
  port = await freePort();
  await postgres('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  await pgctl('start');
  const base = loadConfig().database;
  orm = await openOrm({ ...base, url: `postgresql://postgres@127.0.0.1:${port}/postgres`, schema: undefined });
  await prepareDatabase(orm);
  hub = await createHub(orm, {
    development: false,
    auth: { jwtSecret: { kind: 'none' }, jwtIssuer: 'tributary', apiKeys: [], publicDomains: ['aid', 'sync'], maxTokenLifetime: 3600 },
  });
}, 180_000);

afterAll(async () => {
  await hub?.close();
  await orm?.close(true);
  await pgctl('stop').catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('the database server restarted under a running hub', () => {
  it('errors promptly while the server is down, and answers again once it is back, without a restart', async () => {
    const before = await ask();
    expect(before.errors).toBeUndefined();
    await pgctl('stop');
    for (let i = 0; i < 3; i += 1) {
      const down = await ask();
      expect(down.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(down.ms).toBeLessThan(10_000);
    }
    await pgctl('start');
    const after = await ask();
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    expect(await checkedOutConnections(orm)).toBe(0);
  });
});
