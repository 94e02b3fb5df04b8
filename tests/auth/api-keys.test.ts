import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { AuthenticationError } from '../../src/auth/errors.js';
import { signToken } from '../../src/auth/jwt.js';
import { ANONYMOUS } from '../../src/auth/viewer.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const IFMIS_KEY = 'ifmis-key-0123456789abcdefghijklmnopqrstuv';
const REGISTRY_KEY = 'reg:key/with+symbols=0123456789abcdefghijk';

const config = loadConfig({
  NODE_ENV: 'production',
  TRIBUTARY_JWT_SECRET: SECRET,
  TRIBUTARY_API_KEYS: ` ifmis-sync:budget-officer:${IFMIS_KEY} ,\n registry.bridge:registry-officer+analyst:${REGISTRY_KEY},`,
});

async function refused(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as AuthenticationError).extensions.code).toBe('UNAUTHENTICATED');
  return (error as Error).message;
}

describe('API keys (TRIBUTARY_API_KEYS, X-Api-Key)', () => {
  it('keeps only a SHA-256 digest of each key, never the key', () => {
    expect(config.auth.apiKeys.map((k) => ({ name: k.name, roles: k.roles, digestBytes: k.sha256.length }))).toEqual([
      { name: 'ifmis-sync', roles: ['budget-officer'], digestBytes: 32 },
      { name: 'registry.bridge', roles: ['registry-officer', 'analyst'], digestBytes: 32 },
    ]);
    expect(JSON.stringify(config.auth)).not.toContain(IFMIS_KEY);
  });

  it('names the machine client and its roles for a valid key (a key may contain colons and plus signs)', async () => {
    const auth = await createAuthenticator(config.auth);
    expect(await auth.authenticate(new Headers({ 'x-api-key': IFMIS_KEY }))).toEqual({
      subject: 'ifmis-sync',
      roles: ['budget-officer'],
      via: 'api-key',
    });
    expect(await auth.authenticate(new Headers({ 'X-Api-Key': REGISTRY_KEY }))).toMatchObject({ subject: 'registry.bridge' });
  });

  it('refuses a key that is not configured, and one that differs only at the end', async () => {
    const auth = await createAuthenticator(config.auth);
    expect(await refused(auth.authenticate(new Headers({ 'x-api-key': 'nobody-knows-this-key-0123456789abcdef' })))).toMatch(
      /matches no API key/,
    );
    expect(await refused(auth.authenticate(new Headers({ 'x-api-key': `${IFMIS_KEY.slice(0, -1)}w` })))).toMatch(/matches no API key/);
  });

  it.each([
    ['a key without a name', ':analyst:0123456789abcdef0123456789abcdef', /entry 1: expected name:role\+role:key/],
    ['no role', 'etl::0123456789abcdef0123456789abcdef', /entry 1 \(etl\): no role; roles are analyst/],
    ['an unknown role', 'etl:analyst+auditor:0123456789abcdef0123456789abcdef', /entry 1 \(etl\): unknown role "auditor"/],
    ['a short key', 'etl:analyst:short', /entry 1 \(etl\): the key must be at least 32/],
    ['a key with a space', 'etl:analyst:0123456789abcdef 0123456789abcdef', /entry 1 \(etl\): the key must be/],
    ['a name used twice', `a:analyst:${IFMIS_KEY},a:analyst:${REGISTRY_KEY}`, /entry 2 \(a\): the name a is used twice/],
    ['a key used twice', `a:analyst:${IFMIS_KEY},b:analyst:${IFMIS_KEY}`, /entry 2 \(b\): the same key is given twice/],
  ])('refuses a configuration with %s, naming the entry but not the key', (_case, value, message) => {
    const load = () => loadConfig({ NODE_ENV: 'production', TRIBUTARY_API_KEYS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).toMatch(/^TRIBUTARY_API_KEYS /);
      expect((error as Error).message).not.toContain('0123456789abcdef');
    }
  });
});

describe('authenticating a request', () => {
  it('treats a request without credentials as anonymous, with no roles', async () => {
    const auth = await createAuthenticator(config.auth);
    expect(await auth.authenticate(new Headers())).toBe(ANONYMOUS);
    expect(ANONYMOUS).toEqual({ subject: 'anonymous', roles: [], via: 'anonymous' });
  });

  it('reads a bearer token from the Authorization header', async () => {
    const auth = await createAuthenticator(config.auth);
    const token = await signToken(
      { key: new TextEncoder().encode(SECRET), issuer: 'tributary' },
      { subject: 'amina', roles: ['analyst'], expiresIn: 60 },
    );
    expect(await auth.authenticate(new Headers({ authorization: `Bearer ${token}` }))).toEqual({
      subject: 'amina',
      roles: ['analyst'],
      via: 'jwt',
    });
  });

  it.each([
    ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }, /must be "Bearer <token>"/],
    ['both kinds of credentials', { authorization: 'Bearer x.y.z', 'x-api-key': IFMIS_KEY }, /not both/],
  ])('refuses %s', async (_case, headers, message) => {
    const auth = await createAuthenticator(config.auth);
    expect(await refused(auth.authenticate(new Headers(headers)))).toMatch(message);
  });

  it('without a JWT secret (production), refuses bearer tokens but still accepts API keys', async () => {
    const auth = await createAuthenticator(loadConfig({ NODE_ENV: 'production', TRIBUTARY_API_KEYS: `etl:analyst:${IFMIS_KEY}` }).auth);
    expect(await refused(auth.authenticate(new Headers({ authorization: 'Bearer a.b.c' })))).toMatch(
      /accepts no bearer tokens \(TRIBUTARY_JWT_SECRET is not set\)/,
    );
    expect((await auth.authenticate(new Headers({ 'x-api-key': IFMIS_KEY }))).subject).toBe('etl');
  });

  it('authenticates a request object once, however often it is asked', async () => {
    const auth = await createAuthenticator(config.auth);
    let reads = 0;
    const headers = new Headers({ 'x-api-key': IFMIS_KEY });
    const counting = new Proxy(headers, {
      get(target, property) {
        if (property === 'get') reads += 1;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const request = { headers: counting } as unknown as Request;
    const viewers = await Promise.all([auth.viewerOf(request), auth.viewerOf(request), auth.viewerOf(request)]);
    expect(new Set(viewers).size).toBe(1);
    expect(reads).toBe(2); // Authorization and X-Api-Key, read once
  });
});
