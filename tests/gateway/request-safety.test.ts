import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { createHash } from 'node:crypto';
import { loadConfig, type AuthConfig, type QueryLimits } from '../../src/config.js';
import { statements } from '../../src/db/orm.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { buildSubgraph, type SubgraphModule } from '../../src/graphql/subgraph.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/**
 * What a request may not do to the hub whatever it asks: run past the deadline, keep running
 * once its client left, answer more than the size cap, be sent as a form, come from an
 * unconfigured origin, or come too often.
 */
const API_KEY = 'the-rate-limited-key-0123456789abcdefghij';
const AUTH: AuthConfig = {
  jwtSecret: { kind: 'none' },
  jwtIssuer: 'tributary-test',
  apiKeys: [{ name: 'ifmis-sync', roles: ['budget-officer'], sha256: createHash('sha256').update(API_KEY).digest() }],
  publicDomains: ['aid', 'finance', 'mapping', 'sync', 'slow'],
  maxTokenLifetime: 3600,
};

/** A test domain whose list takes a second, then has a resolver per item: was it run after the request ended? */
const ran = { items: 0 };
const SLOW_LIST_MS = 1000;

@ObjectType()
class SlowItem {
  @Field(() => Int)
  n!: number;
}

@Resolver(() => SlowItem)
class SlowResolver {
  @Query(() => [SlowItem])
  async slowItems(): Promise<SlowItem[]> {
    await sleep(SLOW_LIST_MS);
    return [{ n: 1 }, { n: 2 }, { n: 3 }];
  }

  @FieldResolver(() => Int)
  touched(@Root() item: SlowItem): number {
    ran.items += 1;
    return item.n;
  }
}

const slowSubgraph: SubgraphModule = {
  name: 'slow',
  build: () => buildSubgraph({ resolvers: [SlowResolver] }),
  createContext: (_orm, viewer) => ({ viewer }),
};

describe('request safety at the gateway', () => {
  let db: TestDatabase;
  const hubs: Hub[] = [];
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
    await db.close();
  });

  async function hubWith(overrides: Partial<QueryLimits>): Promise<Hub> {
    const limits = { ...loadConfig({ NODE_ENV: 'production' }).limits, ...overrides };
    const hub = await createHub(db.orm, { development: false, auth: AUTH, limits, modules: [...subgraphs, slowSubgraph] });
    hubs.push(hub);
    return hub;
  }

  async function post(hub: Hub, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  }

  it('answers 503 at the request deadline and runs none of the request’s resolvers afterwards', async () => {
    const hub = await hubWith({ requestDeadlineMs: 100 });
    await post(hub, { query: '{ __typename }' }); // the first request of a hub also plans; time the next
    ran.items = 0;
    const started = performance.now();
    const response = await post(hub, { query: '{ slowItems { touched } }' });
    expect(response.status).toBe(503);
    // Well before the list could have answered, with room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(SLOW_LIST_MS - 200);
    await sleep(SLOW_LIST_MS + 300); // the list has resolved by now: its items' resolvers must not run
    expect(ran.items).toBe(0);
    // Without the deadline the same query runs them (the counter counts).
    const unhurried = await hubWith({});
    expect(await (await post(unhurried, { query: '{ slowItems { touched } }' })).json()).toEqual({
      data: { slowItems: [{ touched: 1 }, { touched: 2 }, { touched: 3 }] },
    });
    expect(ran.items).toBe(3);
  });

  it('stops a request’s subgraph work when its client goes away', async () => {
    const hub = await hubWith({});
    ran.items = 0;
    const client = new AbortController();
    const pending = post(hub, { query: '{ slowItems { touched } }' }, {}, client.signal).catch((error: unknown) => error);
    await sleep(100);
    client.abort();
    await pending;
    await sleep(SLOW_LIST_MS + 300);
    expect(ran.items).toBe(0);
  });

  it('refuses an answer larger than the size cap whole, with RESPONSE_TOO_LARGE', async () => {
    const hub = await hubWith({ maxResponseBytes: 2048 });
    const response = await post(hub, { query: '{ codelists { name items { code name } } }' });
    const body = (await response.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeNull();
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['RESPONSE_TOO_LARGE']);
    const roomy = await hubWith({ maxResponseBytes: 64 * 1024 * 1024 });
    const whole = (await (await post(roomy, { query: '{ codelists { name items { code name } } }' })).json()) as { data: unknown };
    expect(JSON.stringify(whole.data).length).toBeGreaterThan(2048);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{__typename}\r\n--x--\r\n'],
    ['text/plain', '{"query":"{__typename}"}'],
    ['', '{"query":"{__typename}"}'],
  ])('refuses a POST sent as %s (a form any web page can send) with 415', async (contentType, body) => {
    const hub = await hubWith({});
    const before = statements.count;
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body: contentType ? body : new Blob([body]),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(statements.count).toBe(before);
    expect((await post(hub, { query: '{ __typename }' })).status).toBe(200);
  });

  it('refuses a body announced larger than TRIBUTARY_MAX_REQUEST_BYTES with 413, before reading it', async () => {
    const hub = await hubWith({ maxRequestBytes: 4096 });
    const big = await post(hub, { query: `{ codelist(name: "${'x'.repeat(5000)}") { name } }` });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('REQUEST_TOO_LARGE');
    expect((await post(hub, { query: '{ __typename }' })).status).toBe(200);
  });

  it('lets browsers call only from the configured origins', async () => {
    const hub = await hubWith({ corsOrigins: ['https://dashboard.mof.example'] });
    const preflight = (origin: string) =>
      hub.gateway.fetch('http://hub.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://dashboard.mof.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.mof.example');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const stranger = await preflight('https://evil.example');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post(hub, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    // No origins configured (the default): no browser page elsewhere may read an answer.
    const closed = await hubWith({ corsOrigins: [] });
    const answer = await post(closed, { query: '{ __typename }' }, { origin: 'https://dashboard.mof.example' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers introspection only when TRIBUTARY_INTROSPECTION is on (off by default in production)', async () => {
    expect(loadConfig({ NODE_ENV: 'production' }).limits.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).limits.introspection).toBe(true);
    const query = { query: '{ __schema { queryType { name } } }' };
    const closed = (await (await post(await hubWith({ introspection: false }), query)).json()) as { data?: unknown; errors?: unknown[] };
    expect(closed.data ?? null).toBeNull();
    expect(closed.errors?.length).toBeGreaterThan(0);
    const open = (await (await post(await hubWith({ introspection: true }), query)).json()) as { data?: unknown };
    expect(open.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('rate-limits each caller: 429 RATE_LIMITED with Retry-After, an API key apart from anonymous callers', async () => {
    const hub = await hubWith({ ratePerMinute: 3 });
    const query = { query: '{ __typename }' };
    for (let i = 0; i < 3; i += 1) expect((await post(hub, query)).status).toBe(200);
    const before = statements.count;
    const limited = await post(hub, query);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0]?.message).toContain('TRIBUTARY_RATE_LIMIT');
    expect(statements.count).toBe(before);
    // The machine client has its own allowance; a wrong key counts against its address, not the key.
    for (let i = 0; i < 3; i += 1) expect((await post(hub, query, { 'x-api-key': API_KEY })).status).toBe(200);
    expect((await post(hub, query, { 'x-api-key': API_KEY })).status).toBe(429);
    expect((await post(hub, query, { 'x-api-key': `${API_KEY}-forged` })).status).toBe(429);
  });
});
