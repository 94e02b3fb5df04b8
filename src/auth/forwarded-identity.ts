import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isRole, type Viewer } from './viewer.js';

/**
 * The caller's identity as the gateway forwards it to a subgraph service in split mode: who
 * (subject, roles, how they signed in), until when (at most a minute), and for which request body
 * (its SHA-256), signed with HMAC-SHA-256 under the secret the gateway and the services share
 * (TRIBUTARY_SUBGRAPH_SECRET). A subgraph service serves nothing without a valid one, so reaching
 * it directly gives no more than the gateway would: forging roles needs the secret, a captured
 * header expires within the minute and cannot carry another query.
 */
export const IDENTITY_HEADER = 'x-tributary-identity';

/** The longest a signed identity may be valid, in seconds. */
export const MAX_IDENTITY_SECONDS = 60;
/** Clocks of the gateway's and a service's machines may differ by this much, in seconds. */
const CLOCK_SKEW_SECONDS = 5;
/** Kept apart from any other HMAC made with the same secret. */
const PURPOSE = 'tributary-identity-v1';
const VIA = ['jwt', 'api-key', 'anonymous'] as const;

interface SignedIdentity {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly via: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** SHA-256 of the request body, base64url. */
  readonly body: string;
}

export function bodyDigest(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}.${payload}`).digest();
}

/** The header value forwarding `viewer` with this request body, valid `seconds` (≤ 60) from `now`. */
export function signIdentity(
  secret: string,
  viewer: Viewer,
  body: string | Uint8Array,
  now: number = Date.now(),
  seconds: number = MAX_IDENTITY_SECONDS,
): string {
  const identity: SignedIdentity = {
    sub: viewer.subject,
    roles: viewer.roles,
    via: viewer.via,
    exp: Math.floor(now / 1000) + Math.min(seconds, MAX_IDENTITY_SECONDS),
    body: bodyDigest(body),
  };
  const payload = Buffer.from(JSON.stringify(identity)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** A request a subgraph service refuses: it does not carry a valid identity signed by the gateway. */
export class UnsignedRequestError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

function refused(reason: string): UnsignedRequestError {
  return new UnsignedRequestError(`this subgraph serves the gateway only: ${reason}`);
}

/** The viewer a signed header forwards, or an UnsignedRequestError saying why it is refused. */
export function verifyIdentity(secret: string, header: string | null, body: string | Uint8Array, now: number = Date.now()): Viewer {
  if (!header) throw refused('no signed identity (the gateway sends one with every request)');
  const [payload = '', signature = '', ...rest] = header.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  // Equal lengths first: timingSafeEqual throws otherwise, and the length is no secret.
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refused('the identity is not signed with the shared secret');
  }
  let identity: Partial<SignedIdentity>;
  try {
    identity = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SignedIdentity>;
  } catch {
    throw refused('the signed identity is not JSON');
  }
  const seconds = now / 1000;
  if (typeof identity.exp !== 'number' || identity.exp <= seconds - CLOCK_SKEW_SECONDS) throw refused('the signed identity has expired');
  if (identity.exp > seconds + MAX_IDENTITY_SECONDS + CLOCK_SKEW_SECONDS) throw refused('the signed identity is valid for too long');
  if (identity.body !== bodyDigest(body)) throw refused('the identity was signed for another request');
  const via = VIA.find((v) => v === identity.via);
  const roles = identity.roles;
  if (typeof identity.sub !== 'string' || !via || !Array.isArray(roles) || !roles.every(isRole)) {
    throw refused('the signed identity is malformed');
  }
  return Object.freeze({ subject: identity.sub, roles: Object.freeze([...roles]), via });
}
