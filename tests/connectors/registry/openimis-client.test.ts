import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenImisClient } from '../../../connectors/registry/openimis/client.js';
import type { IndividualNode } from '../../../connectors/registry/openimis/nodes.js';
import { INDIVIDUALS } from '../../../connectors/registry/openimis/queries.js';
import { TributaryError } from '../../../src/errors.js';
import { start, type OpenImisDouble } from '../../support/openimis-double/server.js';

/** The openIMIS client against the recorded-server double: login, paging, refusals. */
let double: OpenImisDouble;

beforeAll(async () => {
  double = await start({ households: 30 });
});
afterAll(() => double?.close());

const login = () => ({ username: double.username, password: double.password });

describe('the openIMIS client', () => {
  it('logs in with tokenAuth and follows endCursor page after page until hasNextPage is false', async () => {
    const client = new OpenImisClient({ url: double.url, auth: login(), pageSize: 25 });
    const from = double.requests.length;
    const pages: { count: number; totalCount: number | null }[] = [];
    const seen: string[] = [];
    for await (const page of client.pages<IndividualNode>(INDIVIDUALS, { since: null, deleted: false })) {
      pages.push({ count: page.nodes.length, totalCount: page.totalCount });
      seen.push(...page.nodes.map((n) => n.uuid));
    }
    const total = double.records.individuals.length;
    expect(total).toBeGreaterThan(50);
    expect(pages.length).toBe(Math.ceil(total / 25));
    expect(pages.every((p) => p.totalCount === total)).toBe(true);
    expect(new Set(seen).size).toBe(total);
    const sent = double.requests.slice(from);
    expect(sent[0]!.field).toBe('tokenAuth');
    const reads = sent.filter((r) => r.field === 'individual');
    expect(reads).toHaveLength(pages.length);
    expect(reads.every((r) => r.authorization?.startsWith('Bearer ') && r.variables.first === 25)).toBe(true);
    expect(reads[0]!.variables.after).toBeNull();
    expect(Buffer.from(String(reads[1]!.variables.after), 'base64').toString()).toBe('arrayconnection:24');
  });

  it('takes a given token instead of logging in', async () => {
    const response = await fetch(double.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { tokenAuth(username: "Admin", password: "admin123") { token } }' }),
    });
    const { data } = (await response.json()) as { data: { tokenAuth: { token: string } } };
    const from = double.requests.length;
    const nodes = await new OpenImisClient({ url: double.url, auth: { token: data.tokenAuth.token } }).all<IndividualNode>(INDIVIDUALS, {});
    expect(nodes).toHaveLength(double.records.individuals.length);
    expect(double.requests.slice(from).some((r) => r.field === 'tokenAuth')).toBe(false);
  });

  it('is refused without a token, with openIMIS’s error shape', async () => {
    const response = await fetch(double.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ individual(first: 1) { totalCount edges { node { uuid } } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: unknown; errors: { message: string; path: string[] }[] };
    expect(body.data).toEqual({ individual: null });
    expect(body.errors[0]).toMatchObject({ message: 'Unauthorized', path: ['individual'] });
  });

  it.each([
    [
      'a wrong password',
      { username: 'Admin', password: 'wrong' },
      /refused tokenAuth: Please enter valid credentials \(check the username and password of Admin\)/,
    ],
    ['a token it did not issue', { token: 'not-a-token' }, /refused Individual: Error decoding signature/],
  ])('names the URL and what failed for %s', async (_case, auth, message) => {
    const client = new OpenImisClient({ url: double.url, auth });
    const error = await client.all(INDIVIDUALS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).message).toContain(double.url);
    expect((error as TributaryError).message).toMatch(message);
  });

  it('names the URL and status of an HTTP error, and stops when aborted', async () => {
    const url = double.url.replace('/api/graphql', '/api/nowhere');
    const error = await new OpenImisClient({ url, auth: login() }).login().catch((e: unknown) => e);
    expect((error as TributaryError).message).toBe(`openIMIS at ${url} answered HTTP 404 Not Found (reading tokenAuth)`);
    const controller = new AbortController();
    controller.abort(new Error('stopped by the operator'));
    const aborted = await new OpenImisClient({ url: double.url, auth: login(), signal: controller.signal })
      .all(INDIVIDUALS, {})
      .catch((e: unknown) => e);
    expect((aborted as Error).message).toBe('stopped by the operator');
  });

  it('asks for no more than the page size it is given, within graphene’s limit of 100', async () => {
    const client = new OpenImisClient({ url: double.url, auth: login(), pageSize: 101 });
    await expect(client.all(INDIVIDUALS, {})).rejects.toThrow(/exceeds the `first` limit of 100 records/);
  });
});
