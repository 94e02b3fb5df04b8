import { describe, expect, it } from 'vitest';
import { hashNationalId, normaliseNationalId } from '../../src/registry/national-id.js';

/**
 * Known answers computed outside the hub (`printf 'MW12345678' | openssl dgst -sha256 -hmac KEY`),
 * so a change of algorithm, key handling or normalisation breaks this test, not just a round trip.
 */
const KEY = 'the-test-national-id-hash-key-0123456789';

describe('national ID hashing', () => {
  it('is HMAC-SHA-256 under the hub key of the normalised ID (known-answer vectors)', () => {
    expect(hashNationalId(KEY, 'MW12345678')).toBe('9bf362d79fb37dbfcab789aba82c201af8931935e59c5e0284ce3201ac575a31');
    expect(hashNationalId('k', 'ABCD')).toBe('a907941bfea91c90af0cf2be240e8dfda86bdf8d42b460b3af1eba881d9bfdd7');
  });

  it.each([
    ['mw-1234 5678', 'MW12345678'],
    [' MW 1234-5678 ', 'MW12345678'],
    ['ｍｗ１２３４５６７８', 'MW12345678'],
  ])('normalises %j to %s before hashing (case, spaces, hyphens, full-width digits)', (written, normalised) => {
    expect(normaliseNationalId(written)).toBe(normalised);
    expect(hashNationalId(KEY, written)).toBe(hashNationalId(KEY, normalised));
  });

  it('gives a different hash under another key, so a dump without the key reveals nothing', () => {
    expect(hashNationalId(`${KEY}x`, 'MW12345678')).not.toBe(hashNationalId(KEY, 'MW12345678'));
  });
});
