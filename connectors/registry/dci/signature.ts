import { createHash, createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { DciError } from './errors.js';

/**
 * The DCI message signature (registry_core_api `MsgSignature`): "Signature of {header}+{message}
 * body verified using sender's signing public key", written as
 *
 *   Signature: namespace="dci", kidId="{sender_id}|{unique_key_id}|ed25519", algorithm="ed25519",
 *   created="<unix s>", expires="<unix s>", headers="(created) (expires) digest", signature="<base64>"
 *
 * The spec names the parts but not the bytes. We follow the HTTP-signature scheme this format comes
 * from (Beckn/ONDC use the same header): the ed25519 signature is over the signing string
 *
 *   (created): <created>\n(expires): <expires>\ndigest: BLAKE-512=<base64 BLAKE2b-512 of the body>
 *
 * and the body is the canonical JSON of `{"header": …, "message": …}`: RFC 8785 (JCS) — object keys
 * sorted by UTF-16 code units, no whitespace, strings and numbers as ECMAScript `JSON.stringify`
 * writes them. Canonical rather than "the bytes as sent" because the signature travels inside the
 * JSON it signs: the receiver re-serialises the parsed header and message, and JCS makes that
 * independent of key order, whitespace and the sender's JSON library.
 */
export interface Signer {
  /** Ed25519 private key. */
  readonly key: KeyObject;
  /** `unique_key_id`: the key's `kid` in the sender's JWKS. */
  readonly kid: string;
  /** Must equal the signed header's sender_id. */
  readonly senderId: string;
}

/** Finds the public key of `senderId` by `kid` (null when unknown). */
export type KeyResolver = (kid: string, senderId: string) => Promise<KeyObject | null>;

export interface Jwks {
  readonly keys: readonly (JsonWebKey & { kid?: string; use?: string; alg?: string })[];
}

/** Seconds a signature stays valid, and the clock skew tolerated on `created`/`expires`. */
const LIFETIME_S = 300;
const SKEW_S = 60;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function signingString(body: { header: unknown; message: unknown }, created: number, expires: number): Buffer {
  const digest = createHash('blake2b512')
    .update(canonicalJson({ header: body.header, message: body.message }))
    .digest('base64');
  return Buffer.from(`(created): ${created}\n(expires): ${expires}\ndigest: BLAKE-512=${digest}`, 'utf8');
}

export function toPrivateKey(key: KeyObject | string): KeyObject {
  const k = typeof key === 'string' ? createPrivateKey(key) : key;
  if (k.type !== 'private' || k.asymmetricKeyType !== 'ed25519') throw new TypeError('the DCI signing key must be an Ed25519 private key');
  return k;
}

/** The envelope with its `signature` set (header and message unchanged). */
export function signEnvelope<H, M>(
  envelope: { header: H; message: M },
  signer: Signer,
  now: Date = new Date(),
): { signature: string; header: H; message: M } {
  const created = Math.floor(now.getTime() / 1000);
  const expires = created + LIFETIME_S;
  const sig = sign(null, signingString(envelope, created, expires), signer.key).toString('base64');
  const signature =
    `Signature: namespace="dci", kidId="${signer.senderId}|${signer.kid}|ed25519", algorithm="ed25519", ` +
    `created="${created}", expires="${expires}", headers="(created) (expires) digest", signature="${sig}"`;
  return { signature, header: envelope.header, message: envelope.message };
}

function refuse(source: string, why: string): never {
  throw new DciError('BAD_SIGNATURE', `${source}: signature refused: ${why}`, { file: source, field: 'signature' });
}

function params(signature: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of signature.matchAll(/([A-Za-z]+)="([^"]*)"?/g)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

/**
 * Checks the envelope's signature against the sender's published key, or throws BAD_SIGNATURE:
 * missing, not ed25519, kidId naming another sender than header.sender_id, outside its
 * created/expires window, unknown kid, or not matching header+message.
 */
export async function verifyEnvelope(envelope: unknown, keys: KeyResolver, source: string, now: Date = new Date()): Promise<void> {
  const e = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as {
    signature?: unknown;
    header?: unknown;
    message?: unknown;
  };
  if (typeof e.signature !== 'string' || e.signature.trim() === '') refuse(source, 'the message carries no signature');
  const p = params(e.signature);
  const [senderId, kid, alg, ...rest] = (p.get('kidId') ?? p.get('keyId') ?? '').split('|');
  if (!senderId || !kid || rest.length > 0) refuse(source, 'kidId is not "{sender_id}|{unique_key_id}|{algorithm}"');
  if (p.get('algorithm') !== 'ed25519') refuse(source, `algorithm is "${p.get('algorithm') ?? ''}", not ed25519`);
  if (alg !== 'ed25519') refuse(source, `kidId names the algorithm "${alg ?? ''}", not ed25519`);
  const sender = (e.header as { sender_id?: unknown } | undefined)?.sender_id;
  if (sender !== senderId) refuse(source, `signed by "${senderId}" but header.sender_id is ${JSON.stringify(sender)}`);
  const created = Number(p.get('created'));
  const expires = Number(p.get('expires'));
  if (!Number.isInteger(created) || !Number.isInteger(expires)) refuse(source, 'created/expires are not Unix times');
  const t = now.getTime() / 1000;
  if (created > t + SKEW_S) refuse(source, 'created is in the future');
  if (expires < t - SKEW_S) refuse(source, 'the signature has expired');
  const value = p.get('signature');
  if (!value || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) refuse(source, 'the signature value is not base64');
  const key = await keys(kid, senderId);
  if (!key) refuse(source, `no published key "${kid}" for ${senderId}`);
  const body = { header: e.header, message: e.message };
  let ok = false;
  try {
    ok = verify(null, signingString(body, created, expires), key, Buffer.from(value, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) refuse(source, 'it does not match the header and message (tampered, or signed with another key)');
}

/** The public JWK (OKP/Ed25519) of a key, as a JWKS publishes it. */
export function publicJwk(key: KeyObject, kid: string): JsonWebKey & { kid: string; use: 'sig'; alg: 'EdDSA' } {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return { ...pub.export({ format: 'jwk' }), kid, use: 'sig', alg: 'EdDSA' };
}

function keyFromJwks(jwks: Jwks, kid: string): KeyObject | null {
  const jwk = jwks.keys.find((k) => k.kid === kid && (k.use === undefined || k.use === 'sig'));
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') return null;
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return null;
  }
}

/** Keys given up front (configuration, tests). */
export function staticKeys(jwks: Jwks): KeyResolver {
  return (kid) => Promise.resolve(keyFromJwks(jwks, kid));
}

/**
 * Keys from the registry's `/.well-known/jwks.json`, fetched on first use and again (at most once a
 * minute) when a signature names a kid not yet seen, so that a key rotation needs no restart.
 */
export function jwksKeys(url: string, fetchImpl: typeof fetch = fetch): KeyResolver {
  let cached: Jwks | null = null;
  let fetchedAt = 0;
  const load = async (): Promise<Jwks> => {
    const res = await fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new DciError('REGISTRY_UNAVAILABLE', `JWKS ${url} answered HTTP ${res.status}`, { file: url });
    const body = (await res.json()) as Partial<Jwks>;
    if (!Array.isArray(body.keys)) throw new DciError('INVALID_MESSAGE', `JWKS ${url}: keys is not an array`, { file: url, field: 'keys' });
    fetchedAt = Date.now();
    return (cached = body as Jwks);
  };
  return async (kid) => {
    const first = keyFromJwks(cached ?? (await load()), kid);
    if (first || Date.now() - fetchedAt < 60_000) return first;
    return keyFromJwks(await load(), kid);
  };
}
