import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { loadJwtSettings, verifyToken } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/paths.js';
import type { CliResult } from '../support/cli.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/**
 * Runs the built `tributary token` with exactly the environment given (tests/support/cli.ts adds a
 * database of its own, which this command does not open, and cannot set NODE_ENV).
 */
async function token(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'token', ...args], {
      env: { PATH: process.env.PATH ?? '', TRIBUTARY_OPERATOR: 'operator-on-duty', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('tributary token (the built command)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-token-'));
  });

  it('prints only a token that the hub verifies, with the roles, subject and lifetime asked for', { timeout: 180_000 }, async () => {
    // A month is past the default maximum (12 h): a hub configured for it accepts it.
    const env = {
      NODE_ENV: 'production',
      TRIBUTARY_JWT_SECRET: SECRET,
      TRIBUTARY_JWT_ISSUER: 'mof-hub',
      TRIBUTARY_MAX_TOKEN_LIFETIME: '30d',
    };
    const before = Math.floor(Date.now() / 1000);
    const result = await token(['--role', 'analyst', '--role', 'mapping-admin', '--subject', 'amina', '--expires', '30d'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toMatch(/^a token for amina \(analyst, mapping-admin\), valid until \d{4}-\d\d-\d\dT/);
    const jwt = result.stdout.trim();
    const settings = await loadJwtSettings(loadConfig(env).auth);
    expect(await verifyToken(settings!, jwt)).toEqual({ subject: 'amina', roles: ['analyst', 'mapping-admin'], via: 'jwt' });
    const claims = decodeJwt(jwt);
    expect(claims.iss).toBe('mof-hub');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(30 * 86_400);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
  });

  it(
    'in development without a secret, signs with the generated data/dev-jwt-secret the served hub also reads',
    { timeout: 180_000 },
    async () => {
      const env = { NODE_ENV: 'development', TRIBUTARY_DB_DIR: path.join(dir, 'db') };
      const first = await token(['--role', 'budget-officer'], env);
      expect(first.code).toBe(0);
      const file = path.join(dir, 'dev-jwt-secret');
      expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
      const secret = await readFile(file, 'utf8');
      // What `createHub` does with the same environment.
      const hub = await createAuthenticator(loadConfig(env).auth);
      expect(await hub.authenticate(new Headers({ authorization: `Bearer ${first.stdout.trim()}` }))).toEqual({
        subject: 'operator-on-duty',
        roles: ['budget-officer'],
        via: 'jwt',
      });
      const second = await token(['--role', 'system-admin', '--expires', '15m'], env);
      expect(await readFile(file, 'utf8')).toBe(secret);
      expect((await hub.authenticate(new Headers({ authorization: `Bearer ${second.stdout.trim()}` }))).roles).toEqual(['system-admin']);
    },
  );

  it.each([
    ['in production without TRIBUTARY_JWT_SECRET', ['--role', 'analyst'], { NODE_ENV: 'production' }, /TRIBUTARY_JWT_SECRET is not set/],
    [
      'an unknown role',
      ['--role', 'auditor'],
      { TRIBUTARY_JWT_SECRET: SECRET },
      /'auditor' is invalid\. roles are analyst, budget-officer/,
    ],
    ['no role', [], { TRIBUTARY_JWT_SECRET: SECRET }, /give at least one --role/],
    ['a lifetime beyond a year', ['--role', 'analyst', '--expires', '400d'], { TRIBUTARY_JWT_SECRET: SECRET }, /longer than a year/],
    [
      'a lifetime the hub would refuse',
      ['--role', 'analyst', '--expires', '13h'],
      { TRIBUTARY_JWT_SECRET: SECRET },
      /longer than the hub accepts \(43200 s, TRIBUTARY_MAX_TOKEN_LIFETIME\)/,
    ],
    [
      'in production with the development secret file only',
      ['--role', 'analyst'],
      { NODE_ENV: 'production', TRIBUTARY_DB_DIR: path.join(tmpdir(), 'tributary-token-dev-db') },
      /TRIBUTARY_JWT_SECRET is not set/,
    ],
  ])('refuses to sign %s', { timeout: 180_000 }, async (_case, args, env, message) => {
    const result = await token(args, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
