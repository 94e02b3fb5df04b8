import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/auth/errors.js';
import { loadJwtSettings, parseDuration, signToken, verifyToken, type JwtSettings } from '../../src/auth/jwt.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const settings: JwtSettings = { key: new TextEncoder().encode(SECRET), issuer: 'tributary' };
const HOUR = 3600;

/** A token signed by hand, to say exactly what the hub receives. */
function handMade(claims: Record<string, unknown>, options: { secret?: string; exp?: number; iss?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.iss ?? 'tributary')
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + HOUR)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
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
    ['no roles claim', { sub: 'amina' }, /no roles claim/],
    ['roles that are not a list', { sub: 'amina', roles: 'analyst' }, /no roles claim/],
    ['no subject', { roles: ['analyst'] }, /sub claim is missing/],
  ])('refuses a token with %s', async (_case, claims, message) => {
    expect((await refusal(await handMade(claims))).message).toMatch(message);
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
});
