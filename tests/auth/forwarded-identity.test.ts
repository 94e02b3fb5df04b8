import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signIdentity, UnsignedRequestError, verifyIdentity } from '../../src/auth/forwarded-identity.js';
import type { Viewer } from '../../src/auth/viewer.js';

/** The identity the split gateway forwards to a subgraph service: what a service accepts, and every forgery it refuses. */
const SECRET = 'the-shared-subgraph-secret-0123456789abcdef';
const ANALYST: Viewer = { subject: 'amina', roles: ['analyst'], via: 'jwt' };
const BODY = '{"query":"{ programmes { code } }"}';
const NOW = Date.parse('2026-01-15T10:00:00Z');

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnsignedRequestError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

/** A payload signed with the real secret, as only the gateway can make it (to test what the service checks after the MAC). */
function signedPayload(payload: Record<string, unknown>): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${createHmac('sha256', SECRET).update(`tributary-identity-v1.${encoded}`).digest('base64url')}`;
}

describe('a forwarded identity', () => {
  it('carries the viewer to the service for the body it was signed over', () => {
    const header = signIdentity(SECRET, ANALYST, BODY, NOW);
    expect(verifyIdentity(SECRET, header, BODY, NOW + 59_000)).toEqual(ANALYST);
    expect(verifyIdentity(SECRET, header, Buffer.from(BODY), NOW)).toEqual(ANALYST);
  });

  it('is refused when missing, signed with another secret, or not signed at all', () => {
    expect(refusal(() => verifyIdentity(SECRET, null, BODY, NOW))).toMatch(/no signed identity/);
    expect(refusal(() => verifyIdentity(SECRET, '', BODY, NOW))).toMatch(/no signed identity/);
    const forged = signIdentity('another-secret-that-is-long-enough-000000', ANALYST, BODY, NOW);
    expect(refusal(() => verifyIdentity(SECRET, forged, BODY, NOW))).toMatch(/not signed with the shared secret/);
    const [payload] = signIdentity(SECRET, ANALYST, BODY, NOW).split('.');
    expect(refusal(() => verifyIdentity(SECRET, `${payload}`, BODY, NOW))).toMatch(/not signed/);
    expect(refusal(() => verifyIdentity(SECRET, `${payload}.AAAA`, BODY, NOW))).toMatch(/not signed/);
    expect(refusal(() => verifyIdentity(SECRET, `${payload}.a.b`, BODY, NOW))).toMatch(/not signed/);
  });

  it('is refused when its roles or subject are changed after signing', () => {
    const [payload = '', signature] = signIdentity(SECRET, ANALYST, BODY, NOW).split('.');
    const identity = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    for (const change of [{ roles: ['registry-officer'] }, { roles: ['analyst', 'system-admin'] }, { sub: 'someone-else' }]) {
      const tampered = Buffer.from(JSON.stringify({ ...identity, ...change })).toString('base64url');
      expect(refusal(() => verifyIdentity(SECRET, `${tampered}.${signature}`, BODY, NOW))).toMatch(/not signed with the shared secret/);
    }
  });

  it('expires within a minute, and a replay after that is refused', () => {
    const header = signIdentity(SECRET, ANALYST, BODY, NOW);
    expect(refusal(() => verifyIdentity(SECRET, header, BODY, NOW + 66_000))).toMatch(/expired/);
    // Asked for longer, it is still valid one minute at most.
    const long = signIdentity(SECRET, ANALYST, BODY, NOW, 3600);
    expect(refusal(() => verifyIdentity(SECRET, long, BODY, NOW + 66_000))).toMatch(/expired/);
    const exp = Math.floor(NOW / 1000) + 3600;
    const body = signIdentity(SECRET, ANALYST, BODY, NOW).split('.')[0] ?? '';
    const digest = (JSON.parse(Buffer.from(body, 'base64url').toString()) as { body: string }).body;
    expect(refusal(() => verifyIdentity(SECRET, signedPayload({ sub: 'a', roles: [], via: 'jwt', exp, body: digest }), BODY, NOW))).toMatch(
      /valid for too long/,
    );
  });

  it('cannot carry another query: the body it was signed for is part of it', () => {
    const header = signIdentity(SECRET, ANALYST, BODY, NOW);
    expect(refusal(() => verifyIdentity(SECRET, header, '{"query":"{ households { nodes { key } } }"}', NOW))).toMatch(/another request/);
  });

  it('is refused when well signed but malformed: an unknown role or a missing subject', () => {
    const exp = Math.floor(NOW / 1000) + 30;
    const digest = (
      JSON.parse(Buffer.from(signIdentity(SECRET, ANALYST, BODY, NOW).split('.')[0] ?? '', 'base64url').toString()) as { body: string }
    ).body;
    for (const payload of [
      { sub: 'a', roles: ['root'], via: 'jwt', exp, body: digest },
      { roles: ['analyst'], via: 'jwt', exp, body: digest },
      { sub: 'a', roles: ['analyst'], via: 'cookie', exp, body: digest },
      { sub: 'a', roles: 'analyst', via: 'jwt', exp, body: digest },
    ]) {
      expect(refusal(() => verifyIdentity(SECRET, signedPayload(payload), BODY, NOW))).toMatch(/malformed|not signed/);
    }
  });
});
