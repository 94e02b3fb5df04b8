import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentity } from '../../src/auth/forwarded-identity.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { LIMIT_CODES } from '../../src/gateway/limits.js';
import { projectRoot } from '../../src/paths.js';
import { registryHub, type RegistryHub } from '../registry/graph-support.js';
import { startTributary, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';
import { SPLIT_SECRET } from '../support/split.js';

/**
 * Split mode end to end: five subgraph services and two gateways, real processes of the built
 * CLI, on one PostgreSQL schema holding an IATI file and a generated registry; the in-process hub
 * on the same database answers the same requests, to compare with.
 */
let t: RegistryHub;
let readme: { title: string; query: string }[];

beforeAll(async () => {
  t = await registryHub(60, { gateways: 2 }, [sample('iati', 'activities', 'v2', 'ifad-activity.xml')]);
  const text = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  // Reads only: a README mutation changes what the next mode would see (readme-run.test.ts runs them split too).
  readme = [...text.matchAll(/```graphql\n# ([^\n]*)\n([\s\S]*?)```/g)]
    .map((m) => ({ title: m[1] ?? '', query: `# ${m[1]}\n${m[2]}` }))
    .filter(({ query }) => !/^\s*mutation\b/m.test(query));
}, 600_000);
afterAll(() => t?.close());

const ROLE_SETS: readonly (readonly string[])[] = [[], ['analyst'], ['registry-officer'], ['system-admin']];

async function headersFor(roles: readonly string[]): Promise<Record<string, string>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (roles.length) headers.authorization = `Bearer ${await t.token(`user-${roles.join('+')}`, ...(roles as never[]))}`;
  return headers;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, json: await response.json() };
}

/** The in-process hub's answer, and each gateway's. */
async function everyMode(query: string, roles: readonly string[]) {
  const headers = await headersFor(roles);
  const body = JSON.stringify({ query });
  const inProcess = async () => {
    const response = await t.hub.gateway.fetch('http://hub.test/graphql', { method: 'POST', headers, body });
    return { status: response.status, json: (await response.json()) as unknown };
  };
  const [embedded, ...gateways] = await Promise.all([inProcess(), ...(t.split?.gateways ?? []).map((url) => post(url, body, headers))]);
  return { embedded, gateways };
}

function registryUrl(): string {
  return t.split?.services.get('registry') ?? '';
}

const PERSONAL_QUERY = '{ individuals(first: 5) { nodes { givenName familyName } } }';

describe('split mode answers as the single-process hub', () => {
  it('two gateway processes give every README query, as every role, the answer the in-process hub gives', async () => {
    expect(t.split?.gateways).toHaveLength(2);
    expect(readme.length).toBeGreaterThanOrEqual(12);
    for (const roles of ROLE_SETS) {
      for (const { title, query } of readme) {
        const { embedded, gateways } = await everyMode(query, roles);
        for (const answer of gateways) expect(answer, `${title} as ${roles.join('+') || 'anonymous'}`).toEqual(embedded);
      }
    }
  });

  it('applies every limit at the gateway, as the single-process hub does', async () => {
    const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    const refused = {
      [LIMIT_CODES.aliases]: aliases(31, 'activities(first: 1) { totalCount }'),
      [LIMIT_CODES.tokens]: aliases(1000, 'activities(first: 1000) { nodes { iatiIdentifier title } }'),
      [LIMIT_CODES.cost]: aliases(20, 'activities(first: 1000) { nodes { iatiIdentifier reportingOrg { ref } dates { start } } }'),
    };
    for (const [code, query] of Object.entries(refused)) {
      const { embedded, gateways } = await everyMode(query, ['analyst']);
      expect(embedded.json, code).toMatchObject({ errors: [{ extensions: { code } }] });
      for (const answer of gateways) expect(answer, code).toEqual(embedded);
    }
  });

  it('signs the identity it authenticated itself, whatever identity header the caller sends it', async () => {
    const body = JSON.stringify({ query: PERSONAL_QUERY });
    const officer: Viewer = { subject: 'mallory', roles: ['registry-officer'], via: 'jwt' };
    const headers = { ...(await headersFor(['analyst'])), [IDENTITY_HEADER]: signIdentity(SPLIT_SECRET, officer, body) };
    const answer = await post(t.split?.gateways[0] ?? '', body, headers);
    expect(answer.json).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(JSON.stringify(answer.json)).not.toMatch(/givenName":"/);
  });

  it('never hands one caller the answer another caller asked for at the same moment', async () => {
    const [officer, analyst] = await Promise.all([headersFor(['registry-officer']), headersFor(['analyst'])]);
    const body = JSON.stringify({ query: PERSONAL_QUERY });
    const url = t.split?.gateways[0] ?? '';
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(url, body, i % 2 ? analyst : officer)));
    const nodes = (answer: { json: unknown }) =>
      (answer.json as { data?: { individuals?: { nodes?: unknown[] } | null } | null }).data?.individuals?.nodes ?? [];
    expect(answers.filter((_, i) => i % 2 === 0).every((answer) => nodes(answer).length === 5)).toBe(true);
    expect(answers.filter((_, i) => i % 2 === 1).flatMap(nodes)).toEqual([]);
  });
});

describe('the response-size cap in split mode', () => {
  it('refuses, whole, an answer the services would make larger than the gateway allows', async () => {
    const list = [...(t.split?.services ?? [])].map(([name, url]) => `${name}=${url}`).join(',');
    const gateway = startTributary(['serve', '--gateway', '--subgraphs', list, '--port', '0'], 'split-small-answers', {
      TRIBUTARY_SUBGRAPH_SECRET: SPLIT_SECRET,
      TRIBUTARY_MAX_RESPONSE_BYTES: '1024',
    });
    try {
      const [, port] = await gateway.waitFor(/serving http:\/\/localhost:(\d+)\/graphql/, 180_000);
      const url = `http://127.0.0.1:${port}/graphql`;
      const large = await post(url, JSON.stringify({ query: '{ codelists { name items { code name } } }' }), await headersFor([]));
      expect(large.json).toMatchObject({ data: null, errors: [{ extensions: { code: LIMIT_CODES.response, maxBytes: 1024 } }] });
      const small = await post(url, JSON.stringify({ query: '{ codelist(name: "Sector") { name } }' }), await headersFor([]));
      expect(small.json).toEqual({ data: { codelist: { name: 'Sector' } } });
    } finally {
      await gateway.stop('SIGTERM');
    }
  });
});

describe('a subgraph service reached directly', () => {
  const body = JSON.stringify({ query: PERSONAL_QUERY });
  const officer: Viewer = { subject: 'mallory', roles: ['registry-officer'], via: 'jwt' };

  async function direct(identity: string | undefined, requestBody = body) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (identity !== undefined) headers[IDENTITY_HEADER] = identity;
    return post(registryUrl(), requestBody, headers);
  }

  it('refuses a request without the gateway signature, or with a forged, tampered, expired or borrowed one', async () => {
    const [payload = '', signature] = signIdentity(SPLIT_SECRET, { ...officer, roles: ['analyst'] }, body).split('.');
    const promoted = Buffer.from(
      JSON.stringify({ ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), roles: ['registry-officer'] }),
    ).toString('base64url');
    const attempts = {
      missing: undefined,
      'wrong secret': signIdentity('a-guessed-secret-that-is-long-enough-0123', officer, body),
      'tampered roles': `${promoted}.${signature}`,
      expired: signIdentity(SPLIT_SECRET, officer, body, Date.now() - 120_000),
      'signed for another query': signIdentity(SPLIT_SECRET, officer, JSON.stringify({ query: '{ __typename }' })),
      'a JWT instead': `Bearer ${await t.token('mallory', 'registry-officer')}`,
    };
    for (const [attempt, identity] of Object.entries(attempts)) {
      const answer = await direct(identity);
      expect(answer.status, attempt).toBe(401);
      expect(JSON.stringify(answer.json), attempt).not.toContain('"data"');
      expect(answer.json, attempt).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const sdl = await fetch(new URL('/sdl', registryUrl()));
    expect(sdl.status).toBe(401);
  });

  it('serves a validly signed caller exactly what the gateway serves them, no more', async () => {
    const analyst: Viewer = { subject: 'user-analyst', roles: ['analyst'], via: 'jwt' };
    const answer = await direct(signIdentity(SPLIT_SECRET, analyst, body));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(JSON.stringify(answer.json)).not.toMatch(/givenName":"/);
    const anonymous = await direct(signIdentity(SPLIT_SECRET, { subject: 'anonymous', roles: [], via: 'anonymous' }, body));
    expect(anonymous.json).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED', domain: 'registry' } }] });
    const signedOfficer = await direct(signIdentity(SPLIT_SECRET, officer, body));
    expect((signedOfficer.json as { data: { individuals: { nodes: unknown[] } } }).data.individuals.nodes).toHaveLength(5);
  });

  it('refuses bodies that are not GraphQL requests; it and the gateways report their health without credentials', async () => {
    const notJson = 'not json';
    expect((await direct(signIdentity(SPLIT_SECRET, officer, notJson), notJson)).status).toBe(400);
    const invalid = JSON.stringify({ query: '{ noSuchField }' });
    expect((await direct(signIdentity(SPLIT_SECRET, officer, invalid), invalid)).status).toBe(400);
    const health = await fetch(new URL('/health', registryUrl()));
    expect(await health.json()).toEqual({ status: 'ok', subgraph: 'registry' });
    for (const gateway of t.split?.gateways ?? []) {
      expect((await fetch(new URL('/healthcheck', gateway))).status).toBe(200);
      expect((await fetch(new URL('/readiness', gateway))).status).toBe(200);
    }
  });

  it('a gateway says plainly that file downloads are not served in split mode', async () => {
    const gateways = t.split?.gateways ?? [];
    expect(gateways.length).toBeGreaterThan(0);
    for (const gateway of gateways) {
      const response = await fetch(new URL('/export/budget?country=MW', gateway));
      expect(response.status).toBe(501);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_IN_SPLIT_MODE' } });
    }
  });

  it('a gateway with another secret refuses to start, naming the service that refused it', async () => {
    const list = [...(t.split?.services ?? [])].map(([name, url]) => `${name}=${url}`).join(',');
    const result = await tributary(['serve', '--gateway', '--subgraphs', list, '--port', '0'], 'split-wrong-secret', {
      TRIBUTARY_SUBGRAPH_SECRET: 'not-the-deployment-secret-0123456789abcdef',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/subgraph service at http:\/\/127\.0\.0\.1:\d+\/sdl refused its SDL: HTTP 401/);
  });
});
