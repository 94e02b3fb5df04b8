import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import { Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/jwt.js';
import { ANONYMOUS, type AuthContext, type Role } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { buildSubgraph, type SubgraphModule } from '../../src/graphql/subgraph.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const API_KEY = 'etl-key-0123456789abcdefghijklmnopqrstuvwx';
const settings = { key: new TextEncoder().encode(SECRET), issuer: 'tributary' };

@ObjectType('ProbeViewer')
class ProbeViewer {
  @Field(() => String) subject!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String) via!: string;
}

/** A small subgraph served next to the real ones: one public field, one per kind of check. */
@Resolver()
class ProbeResolver {
  @Query(() => ProbeViewer, { description: 'who the subgraph context says is asking' })
  probeViewer(@Ctx() ctx: AuthContext): ProbeViewer {
    return { subject: ctx.viewer.subject, roles: [...ctx.viewer.roles], via: ctx.viewer.via };
  }

  @Authorized<Role>('mapping-admin')
  @Query(() => String)
  probeMappingTable(): string {
    return 'the mapping table';
  }

  @Authorized()
  @Query(() => String)
  probeSignedIn(@Ctx() ctx: AuthContext): string {
    return ctx.viewer.subject;
  }

  @Authorized<Role>('budget-officer', 'mapping-admin')
  @Mutation(() => String)
  probeApprove(@Ctx() ctx: AuthContext): string {
    return `approved by ${ctx.viewer.subject}`;
  }
}

const probe: SubgraphModule = {
  name: 'probe',
  build: () => buildSubgraph({ resolvers: [ProbeResolver] }),
  createContext: (_orm, viewer) => ({ viewer }),
};

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
}

function bearer(roles: Role[], subject = 'amina'): Promise<string> {
  return signToken(settings, { subject, roles, expiresIn: 600 });
}

describe('authentication and roles through the hub', () => {
  let db: TestDatabase;
  let hub: Hub;
  const ask = async (query: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
  };

  beforeAll(async () => {
    db = await testDatabase();
    const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET, TRIBUTARY_API_KEYS: `etl:budget-officer:${API_KEY}` }).auth;
    // The probe is readable anonymously here, so its own @Authorized checks are what is tested.
    hub = await createHub(db.orm, {
      development: false,
      modules: [...subgraphs, probe],
      auth: { ...auth, publicDomains: ['probe', 'aid', 'sync'] },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  it('gives every subgraph context the viewer of the request: anonymous, a token, an API key', async () => {
    expect((await ask('{ probeViewer { subject roles via } }')).body.data?.probeViewer).toEqual({ ...ANONYMOUS, roles: [] });
    const token = await bearer(['analyst', 'budget-officer']);
    expect((await ask('{ probeViewer { subject roles via } }', { authorization: `Bearer ${token}` })).body.data?.probeViewer).toEqual({
      subject: 'amina',
      roles: ['analyst', 'budget-officer'],
      via: 'jwt',
    });
    expect((await ask('{ probeViewer { subject roles via } }', { 'x-api-key': API_KEY })).body.data?.probeViewer).toEqual({
      subject: 'etl',
      roles: ['budget-officer'],
      via: 'api-key',
    });
  });

  it('refuses a mapping-admin field anonymously and to an analyst, with FORBIDDEN naming the field and the role', async () => {
    const anonymous = await ask('{ probeMappingTable }');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data).toBeNull();
    expect(anonymous.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^Query\.probeMappingTable needs the role mapping-admin \(or system-admin\); this request is anonymous/,
        ),
        path: ['probeMappingTable'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', requiredRoles: ['mapping-admin'] }),
      }),
    ]);
    const analyst = await ask('{ probeMappingTable }', { authorization: `Bearer ${await bearer(['analyst'])}` });
    expect(analyst.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(analyst.body.errors?.[0]?.message).toBe(
      'Query.probeMappingTable needs the role mapping-admin (or system-admin); amina (jwt) has the roles analyst',
    );
  });

  it('answers a mapping-admin field for a mapping-admin and for a system-admin', async () => {
    for (const role of ['mapping-admin', 'system-admin'] as const) {
      const answer = await ask('{ probeMappingTable }', { authorization: `Bearer ${await bearer([role])}` });
      expect(answer.body).toEqual({ data: { probeMappingTable: 'the mapping table' } });
    }
  });

  it('lets any one of the named roles through, from an API key as from a token', async () => {
    expect((await ask('mutation { probeApprove }', { 'x-api-key': API_KEY })).body).toEqual({ data: { probeApprove: 'approved by etl' } });
    const refused = await ask('mutation { probeApprove }', { authorization: `Bearer ${await bearer(['registry-officer'])}` });
    expect(refused.body.errors?.[0]?.message).toMatch(/^Mutation\.probeApprove needs the role budget-officer or mapping-admin/);
  });

  it('asks only for a signed-in caller on @Authorized() without roles', async () => {
    expect((await ask('{ probeSignedIn }')).body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Query\.probeSignedIn needs a signed-in caller; this request is anonymous/),
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await ask('{ probeSignedIn }', { authorization: `Bearer ${await bearer(['analyst'])}` })).body).toEqual({
      data: { probeSignedIn: 'amina' },
    });
    // A token naming no role is refused at the door (issue 11), not taken as a signed-in nobody.
    const roleless = await ask('{ probeSignedIn }', { authorization: `Bearer ${await bearer([])}` });
    expect(roleless.status).toBe(401);
    expect(roleless.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the domains made public readable with no credentials and with any valid ones', async () => {
    const query = '{ activities(first: 1) { totalCount } importRuns(first: 1) { totalCount } }';
    const credentials: Record<string, string>[] = [{}, { authorization: `Bearer ${await bearer(['analyst'])}` }, { 'x-api-key': API_KEY }];
    for (const headers of credentials) {
      const answer = await ask(query, headers);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual({ activities: { totalCount: 0 }, importRuns: { totalCount: 0 } });
    }
  });

  it('answers bad credentials once, at the gateway, with 401 and UNAUTHENTICATED (not anonymous data)', async () => {
    const forged = await new SignJWT({ roles: ['system-admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('tributary')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-hub-secret-but-long-enough-000000'));
    const cases: [Record<string, string>, RegExp][] = [
      [{ authorization: `Bearer ${forged}` }, /signature does not match/],
      [{ authorization: 'Bearer garbage' }, /not a well-formed JWT/],
      [{ 'x-api-key': 'wrong-key-0123456789abcdefghijklmnopqrstuv' }, /matches no API key/],
    ];
    for (const [headers, message] of cases) {
      // A query touching three subgraphs: a subgraph-level check would answer with several errors.
      const answer = await ask(
        '{ probeViewer { subject } activities(first: 1) { totalCount } importRuns(first: 1) { totalCount } }',
        headers,
      );
      expect(answer.status).toBe(401);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors?.[0]?.message).toMatch(message);
      expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="tributary"/);
    }
  });

  it('answers an invalid bearer token with 401 over real HTTP too (the served hub)', async () => {
    const server: Server = await listen(hub, 0, '127.0.0.1');
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ probeViewer { subject via } }' }),
        });
      const refused = await post({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="tributary", error="invalid_token"');
      const body = (await refused.json()) as Answer['body'];
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const accepted = await post({ authorization: `Bearer ${await bearer(['analyst'], 'over-http')}` });
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ data: { probeViewer: { subject: 'over-http', via: 'jwt' } } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('anonymous requests: nothing is public by default', () => {
  let db: TestDatabase;
  let hub: Hub;
  const ask = async (query: string, headers: Record<string, string> = {}) => {
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as Answer['body'];
  };

  beforeAll(async () => {
    db = await testDatabase();
    const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET }).auth;
    expect(auth.publicDomains).toBeNull();
    hub = await createHub(db.orm, { development: false, auth });
  });
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  it('asks an anonymous caller to sign in for every domain, and answers a signed-in one', async () => {
    for (const query of [
      '{ activities(first: 1) { totalCount } }',
      '{ importRuns(first: 1) { totalCount } }',
      '{ financeCountry(code: "MW") { code } }',
    ]) {
      const anonymous = await ask(query);
      expect(
        Object.values(anonymous.data ?? {}).every((value) => value === null),
        query,
      ).toBe(true);
      expect(anonymous.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
      expect(anonymous.errors?.[0]?.message).toMatch(
        /domain needs a signed-in caller: send an Authorization: Bearer token or an X-Api-Key header/,
      );
    }
    const signedIn = await ask('{ activities(first: 1) { totalCount } }', { authorization: `Bearer ${await bearer(['analyst'])}` });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.activities).toEqual({ totalCount: 0 });
  });

  it('still serves the schema to an anonymous GraphiQL (introspection needs no domain)', async () => {
    const introspection = await ask('{ __schema { queryType { name } } }');
    expect(introspection.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('lets a deployment open the public-data domains, and never the registry', () => {
    expect(loadConfig({ NODE_ENV: 'test', TRIBUTARY_PUBLIC_DOMAINS: 'aid, finance' }).auth.publicDomains).toEqual(['aid', 'finance']);
    expect(() => loadConfig({ NODE_ENV: 'test', TRIBUTARY_PUBLIC_DOMAINS: 'aid,registry' })).toThrow(
      /registry cannot be public: the registry holds personal data/,
    );
  });
});
