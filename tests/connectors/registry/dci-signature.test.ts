import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DciError } from '../../../connectors/registry/dci/errors.js';
import {
  canonicalJson,
  jwksKeys,
  publicJwk,
  signEnvelope,
  staticKeys,
  toPrivateKey,
  verifyEnvelope,
} from '../../../connectors/registry/dci/signature.js';
import { example } from '../../support/dci-double/index.js';

const { privateKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519').privateKey;
const signer = { key: privateKey, kid: 'k1', senderId: 'social-registry' };
const keys = staticKeys({ keys: [publicJwk(privateKey, 'k1')] });
const now = new Date('2025-03-01T10:00:00Z');

/** The real example answer, with the sender the signer claims. */
function envelope(): { header: Record<string, unknown>; message: Record<string, unknown> } {
  const real = example('social', 'processflow1-1res.json') as { header: Record<string, unknown>; message: Record<string, unknown> };
  return { header: { ...real.header, sender_id: 'social-registry' }, message: real.message };
}

async function refusal(json: unknown, at: Date = now): Promise<string> {
  try {
    await verifyEnvelope(json, keys, 'answer', at);
  } catch (error) {
    expect(error).toBeInstanceOf(DciError);
    expect((error as DciError).dciCode).toBe('BAD_SIGNATURE');
    expect((error as DciError).where).toEqual({ file: 'answer', field: 'signature' });
    return (error as DciError).message;
  }
  throw new Error('the signature was accepted');
}

describe('DCI message signatures', () => {
  it('serialises canonically: sorted keys, no whitespace, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é"'], c: { z: 1.5, y: -0 } })).toBe('{"a":[true,null,"é\\""],"b":1,"c":{"y":0,"z":1.5}}');
    expect(canonicalJson({ header: { b: 2, a: 1 }, message: {} })).toBe(canonicalJson({ message: {}, header: { a: 1, b: 2 } }));
  });

  it('signs the real example answer in the spec format and verifies it after a JSON round trip', async () => {
    const signed = signEnvelope(envelope(), signer, now);
    expect(signed.signature).toMatch(
      /^Signature: namespace="dci", kidId="social-registry\|k1\|ed25519", algorithm="ed25519", created="1740823200", expires="1740823500", headers="\(created\) \(expires\) digest", signature="[A-Za-z0-9+/]+={0,2}"$/,
    );
    // re-indented, keys reordered: the canonical form is the same
    const { message, header, signature } = JSON.parse(JSON.stringify(signed, null, 2)) as typeof signed;
    await expect(verifyEnvelope({ message, signature, header }, keys, 'answer', now)).resolves.toBeUndefined();
  });

  it('accepts a PEM signing key and refuses a key that is not ed25519', () => {
    expect(toPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string).asymmetricKeyType).toBe('ed25519');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => toPrivateKey(rsa)).toThrow(/Ed25519/);
  });

  it.each([
    [
      'a changed record',
      (e: ReturnType<typeof envelope>) => ((e.message.search_response as { status: string }[])[0]!.status = 'succ'),
      /does not match/,
    ],
    ['a changed header', (e: ReturnType<typeof envelope>) => (e.header.total_count = '2'), /does not match/],
    ['an added field', (e: ReturnType<typeof envelope>) => (e.message.extra = true), /does not match/],
  ])('detects tampering: %s', async (_, tamper, why) => {
    const signed = signEnvelope(envelope(), signer, now);
    tamper(signed as ReturnType<typeof envelope>);
    expect(await refusal(signed)).toMatch(why);
  });

  it.each([
    ['no signature', (s: { signature: string }) => ({ ...s, signature: undefined }), /carries no signature/],
    [
      'the example placeholder signature',
      (s: object) => ({ ...s, signature: (example('social', 'processflow1-1res.json') as { signature: string }).signature }),
      /kidId/,
    ],
    [
      'another algorithm',
      (s: { signature: string }) => ({ ...s, signature: s.signature.replaceAll('ed25519', 'rsa-sha256') }),
      /algorithm/,
    ],
    [
      'a kid the registry does not publish',
      (s: { signature: string }) => ({ ...s, signature: s.signature.replace('|k1|', '|k9|') }),
      /no published key "k9"/,
    ],
    [
      'another sender than header.sender_id',
      (s: { signature: string }) => ({ ...s, signature: s.signature.replace('social-registry|', 'intruder|') }),
      /signed by "intruder"/,
    ],
  ])('refuses %s', async (_, change, why) => {
    expect(await refusal(change(signEnvelope(envelope(), signer, now)))).toMatch(why);
  });

  it('refuses a signature made with another key, and an expired one', async () => {
    expect(await refusal(signEnvelope(envelope(), { ...signer, key: other }, now))).toMatch(/does not match/);
    expect(await refusal(signEnvelope(envelope(), signer, now), new Date('2025-03-01T11:00:00Z'))).toMatch(/expired/);
  });

  it('finds keys in a JWKS by kid, fetching it once', async () => {
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched++;
      res.end(JSON.stringify({ keys: [publicJwk(other, 'k0'), publicJwk(privateKey, 'k1')] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const resolver = jwksKeys(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
      const signed = signEnvelope(envelope(), signer);
      await verifyEnvelope(signed, resolver, 'answer');
      await verifyEnvelope(signed, resolver, 'answer');
      expect(await resolver('k9', 'social-registry')).toBeNull();
      expect(fetched).toBe(1);
    } finally {
      server.close();
    }
  });
});
