import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { AuthenticationError } from '../../src/auth/errors.js';
import { loadJwtSettings, parseDuration, signToken, verifyToken, type JwtSettings } from '../../src/auth/jwt.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const settings: JwtSettings = { key: new TextEncoder().encode(SECRET), issuer: 'tributary', maxLifetime: 12 * 3600 };
const HOUR = 3600;

/** A token signed by hand, to say exactly what the hub receives. */
function handMade(
  claims: Record<string, unknown>,
  options: { secret?: string; exp?: number | null; iat?: number | null; iss?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(options.iss ?? 'tributary');
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? now);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + HOUR);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

async function refusal(token: string): Promise<AuthenticationError> {
  const error = await verifyToken(settings, token).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  const refused = error as AuthenticationError;
  expect(refused.extensions.code).toBe('UNAUTHENTICATED');
  return refused;
}

describe('bearer tokens (HS256 JWT)', () => {
  it('accepts a token the hub signed and reads its subject and roles', async () => {
    const token = await signToken(settings, { subject: 'amina', roles: ['analyst', 'mapping-admin'], expiresIn: HOUR });
    expect(await verifyToken(settings, token)).toEqual({ subject: 'amina', roles: ['analyst', 'mapping-admin'], via: 'jwt' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await handMade({ sub: 'amina', roles: ['analyst'] }, { secret: 'another-secret-of-sufficient-length-987654' });
    expect((await refusal(token)).message).toMatch(/signature does not match/);
  });

  it('refuses an expired token and says when it expired', async () => {
    const exp = Math.floor(Date.now() / 1000) - HOUR;
    const token = await handMade({ sub: 'amina', roles: ['analyst'] }, { exp });
    expect((await refusal(token)).message).toContain(`expired at ${new Date(exp * 1000).toISOString()}`);
  });

  it('refuses a token from another issuer, naming both issuers', async () => {
    const token = await handMade({ sub: 'amina', roles: ['analyst'] }, { iss: 'someone-else' });
    expect((await refusal(token)).message).toMatch(/issued by "someone-else", not "tributary"/);
  });

  it('refuses a token with an unknown role rather than dropping the role', async () => {
    const token = await handMade({ sub: 'amina', roles: ['analyst', 'auditor'] });
    expect((await refusal(token)).message).toMatch(/unknown role "auditor" \(roles are analyst, budget-officer/);
  });

  it.each([
    ['no roles claim', { sub: 'amina' }, /names no role/],
    ['roles that are not a list', { sub: 'amina', roles: 'analyst' }, /names no role/],
    ['an empty roles list', { sub: 'amina', roles: [] }, /names no role/],
    ['no subject', { roles: ['analyst'] }, /sub claim is missing/],
  ])('refuses a token with %s', async (_case, claims, message) => {
    expect((await refusal(await handMade(claims))).message).toMatch(message);
  });

  it('refuses a token made to live longer than TRIBUTARY_MAX_TOKEN_LIFETIME, one with no exp or iat, one issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'amina', roles: ['analyst'] };
    expect((await refusal(await handMade(claims, { exp: now + 12 * HOUR + 1 }))).message).toMatch(
      /valid for 43201 s, longer than this hub accepts \(43200 s, TRIBUTARY_MAX_TOKEN_LIFETIME\)/,
    );
    expect(await verifyToken(settings, await handMade(claims, { exp: now + 12 * HOUR }))).toMatchObject({ subject: 'amina' });
    expect((await refusal(await handMade(claims, { exp: null }))).message).toMatch(/exp claim is missing/);
    expect((await refusal(await handMade(claims, { iat: null }))).message).toMatch(/iat claim is missing/);
    // A far-future iat with exp − iat under the maximum would still be good for a year from now.
    expect((await refusal(await handMade(claims, { iat: now + 365 * 86_400, exp: now + 365 * 86_400 + HOUR }))).message).toMatch(
      /iat claim is in the future/,
    );
    expect(loadConfig({ TRIBUTARY_MAX_TOKEN_LIFETIME: '30m' }).auth.maxTokenLifetime).toBe(1800);
    expect(() => loadConfig({ TRIBUTARY_MAX_TOKEN_LIFETIME: '2y' })).toThrow(/TRIBUTARY_MAX_TOKEN_LIFETIME=2y is not a duration/);
  });

  it('refuses an unsigned token (alg none) and one that is not a JWT at all', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + HOUR;
    const body = Buffer.from(JSON.stringify({ sub: 'amina', roles: ['system-admin'], iss: 'tributary', exp })).toString('base64url');
    expect((await refusal(`${header}.${body}.`)).message).toMatch(/refused/);
    expect((await refusal('not-a-token')).message).toMatch(/not a well-formed JWT/);
  });

  it.each([
    ['90s', 90],
    ['15m', 900],
    ['8h', 8 * HOUR],
    ['30d', 30 * 24 * HOUR],
  ])('reads the lifetime %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '8', 'h', '0h', '1.5h', '2y', '-1d', '400d'])('rejects the lifetime %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration|longer than a year/);
  });
});

describe('the JWT secret in the configuration', () => {
  it('refuses a secret shorter than 32 characters, naming the variable and not the secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', TRIBUTARY_JWT_SECRET: 'short-secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', TRIBUTARY_JWT_SECRET: 'short-secret' })).toThrow(
      /^TRIBUTARY_JWT_SECRET is 12 characters; it must be at least 32/,
    );
  });

  it('takes the issuer from TRIBUTARY_JWT_ISSUER, tributary by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).auth.jwtIssuer).toBe('tributary');
    expect(loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_ISSUER: 'mof-idp' }).auth.jwtIssuer).toBe('mof-idp');
  });

  it('refuses bearer tokens in production and in tests when no secret is set', async () => {
    for (const env of ['production', 'test']) {
      const auth = loadConfig({ NODE_ENV: env }).auth;
      expect(auth.jwtSecret).toEqual({ kind: 'none' });
      expect(await loadJwtSettings(auth)).toBeNull();
    }
  });

  it('in development without a secret, makes one next to the database directory (mode 0600) and keeps it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-auth-'));
    const auth = loadConfig({ NODE_ENV: 'development', TRIBUTARY_DB_DIR: path.join(dir, 'db') }).auth;
    const file = path.join(dir, 'dev-jwt-secret');
    expect(auth.jwtSecret).toEqual({ kind: 'dev-file', path: file });
    const first = await loadJwtSettings(auth);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const again = await loadJwtSettings(auth);
    expect(Buffer.from(again?.key ?? []).equals(Buffer.from(first?.key ?? []))).toBe(true);
    expect((await readFile(file, 'utf8')).trim().length).toBeGreaterThanOrEqual(32);
    // A token signed with the development secret verifies against it, and not against a fresh one.
    const token = await signToken(first!, { subject: 'dev', roles: ['analyst'], expiresIn: 60 });
    expect((await verifyToken(again!, token)).subject).toBe('dev');
    await writeFile(file, `${randomBytes(48).toString('base64url')}\n`);
    await expect(verifyToken((await loadJwtSettings(auth))!, token)).rejects.toThrow(/signature does not match/);
  });

  it('a production hub refuses a token signed with the development secret, with or without its own secret', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tributary-auth-'));
    const database = { TRIBUTARY_DB_DIR: path.join(dir, 'db') };
    const developmentSettings = await loadJwtSettings(loadConfig({ NODE_ENV: 'development', ...database }).auth);
    const token = await signToken(developmentSettings!, { subject: 'dev', roles: ['system-admin'], expiresIn: 60 });
    const headers = new Headers({ authorization: `Bearer ${token}` });
    // Same data directory, so the development secret file is right there: production never reads it.
    const bare = await createAuthenticator(loadConfig({ NODE_ENV: 'production', ...database }).auth);
    await expect(bare.authenticate(headers)).rejects.toThrow(/accepts no bearer tokens \(TRIBUTARY_JWT_SECRET is not set\)/);
    const configured = await createAuthenticator(loadConfig({ NODE_ENV: 'production', TRIBUTARY_JWT_SECRET: SECRET, ...database }).auth);
    await expect(configured.authenticate(headers)).rejects.toThrow(/signature does not match/);
  });
});
