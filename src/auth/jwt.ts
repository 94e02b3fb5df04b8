import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { durationSeconds, type AuthConfig, type JwtSecretSource } from '../config.js';
import { AuthenticationError } from './errors.js';
import { isRole, ROLES, type Role, type Viewer } from './viewer.js';

/**
 * Bearer tokens: HS256 JWTs signed with one secret shared by the hub and whoever issues tokens
 * (`tributary token`, or an identity service given the same secret). Claims: `sub` (who), `roles`
 * (what they may do), `iss` (must be the configured issuer) and `exp` (required).
 */
export interface JwtSettings {
  readonly key: Uint8Array;
  readonly issuer: string;
  /** The longest lifetime (`exp` − `iat`, seconds) a token may have: longer ones are refused (TRIBUTARY_MAX_TOKEN_LIFETIME). */
  readonly maxLifetime: number;
}

const ALGORITHM = 'HS256';

/** The signing key, or null when bearer tokens are refused (no secret outside development). */
export async function loadJwtSettings(auth: AuthConfig): Promise<JwtSettings | null> {
  const secret = await secretOf(auth.jwtSecret);
  return secret === null ? null : { key: new TextEncoder().encode(secret), issuer: auth.jwtIssuer, maxLifetime: auth.maxTokenLifetime };
}

/** A configured secret: the variable's, the development file's (made on first use), or null when there is none. */
export async function secretOf(source: JwtSecretSource): Promise<string | null> {
  if (source.kind === 'none') return null;
  return source.kind === 'env' ? source.secret : developmentSecret(source.path);
}

/** Read, or make on first use: 48 random bytes as base64url text, readable by the owner only. */
async function developmentSecret(file: string): Promise<string> {
  try {
    return await readSecretFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (the hub, or a second `tributary token`) made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readSecretFile(file);
}

async function readSecretFile(file: string): Promise<string> {
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters; delete it and a new secret is made`);
  return secret;
}

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Lifetime in seconds. */
  readonly expiresIn: number;
}

export async function signToken(settings: Pick<JwtSettings, 'key' | 'issuer'>, request: TokenRequest, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ roles: [...request.roles] })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(settings.issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.expiresIn)
    .sign(settings.key);
}

/** The viewer a token names, or an AuthenticationError saying what is wrong with it. */
export async function verifyToken(settings: JwtSettings, token: string, now = new Date()): Promise<Viewer> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, settings.key, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      requiredClaims: ['sub', 'exp', 'iat'],
      currentDate: now,
    }));
  } catch (error) {
    throw new AuthenticationError(`the bearer token was refused: ${reason(error, settings.issuer)}`, { invalidToken: true });
  }
  refuseLongLived(settings, payload.iat ?? 0, payload.exp ?? 0, now);
  const roles = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new AuthenticationError('the bearer token was refused: it names no role (its roles claim must list at least one)', {
      invalidToken: true,
    });
  }
  const unknown = roles.find((role) => !isRole(role));
  if (unknown !== undefined) {
    throw new AuthenticationError(`the bearer token was refused: unknown role ${JSON.stringify(unknown)} (roles are ${ROLES.join(', ')})`, {
      invalidToken: true,
    });
  }
  if (!payload.sub) throw new AuthenticationError('the bearer token was refused: its sub claim is empty', { invalidToken: true });
  return { subject: payload.sub, roles: [...new Set(roles as Role[])], via: 'jwt' };
}

/** A stolen token is good until it expires: the hub takes none made to last longer than the configured maximum. */
function refuseLongLived(settings: JwtSettings, iat: number, exp: number, now: Date): void {
  const lifetime = exp - iat;
  if (lifetime > settings.maxLifetime) {
    throw new AuthenticationError(
      `the bearer token was refused: it is valid for ${lifetime} s, longer than this hub accepts (${settings.maxLifetime} s, TRIBUTARY_MAX_TOKEN_LIFETIME)`,
      { invalidToken: true },
    );
  }
  // Issued in the future (beyond a minute of clock skew), it would outlive the maximum from now.
  if (iat > now.getTime() / 1000 + 60) {
    throw new AuthenticationError('the bearer token was refused: its iat claim is in the future', { invalidToken: true });
  }
}

function reason(error: unknown, issuer: string): string {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return `it expired${typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : ''}; get a new one`;
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `it was issued by ${JSON.stringify(error.payload.iss ?? null)}, not ${JSON.stringify(issuer)}`;
    return `its ${error.claim} claim is ${error.reason === 'missing' ? 'missing' : 'not valid'}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not match this hub’s secret';
  if (error instanceof errors.JOSEAlgNotAllowed) return `it is not signed with ${ALGORITHM}`;
  if (error instanceof errors.JOSEError) return 'it is not a well-formed JWT';
  throw error;
}

const MAX_LIFETIME = 366 * 86_400;

/** `90s`, `15m`, `8h`, `30d` → seconds (at most a year: a token cannot be withdrawn before it expires). */
export function parseDuration(text: string): number {
  const seconds = durationSeconds(text);
  if (seconds === null) throw new Error(`${JSON.stringify(text)} is not a duration like 90s, 15m, 8h or 30d`);
  if (seconds > MAX_LIFETIME) throw new Error(`${text} is longer than a year; a token cannot be withdrawn before it expires`);
  return seconds;
}
