import { describe, expect, it } from 'vitest';
import { consistentCounts, KEY_MODULUS, NOISE_BOUND, perturbCount, ptableRow } from '../../src/registry/disclosure/ptable.js';

/** The p-table as the README documents it, for every threshold from 2 to 10 and counts up to 40. */
const THRESHOLDS = [2, 3, 4, 5, 6, 10];
const COUNTS = Array.from({ length: 41 }, (_, n) => n);

describe('the cell key method’s p-table', () => {
  it('keeps zeros, never shows 1, never shows 1 to k − 1 as itself, and moves no count by more than 2', () => {
    for (const k of THRESHOLDS)
      for (const n of COUNTS) {
        const row = ptableRow(n, k);
        expect(row.reduce((sum, [, p]) => sum + p, 0)).toBeCloseTo(1, 12);
        if (n === 0) expect(row).toEqual([[0, 1]]);
        for (const [published] of row) {
          expect(Math.abs(published - n)).toBeLessThanOrEqual(NOISE_BOUND);
          expect(published).not.toBe(1);
          if (n > 0 && n < k) expect(published).not.toBe(n);
        }
      }
  });

  it('leaves every published count consistent with at least three true counts, two of them not 0', () => {
    for (const k of THRESHOLDS)
      for (const v of COUNTS.filter((c) => c !== 1)) {
        const candidates = consistentCounts(v, k);
        expect(candidates.length, `k ${k}, published ${v}`).toBeGreaterThanOrEqual(3);
        expect(candidates.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
      }
  });

  it('adds no noise on average from 4 on, and at most ⅔ below', () => {
    for (const k of THRESHOLDS)
      for (const n of COUNTS.filter((c) => c > 0)) {
        const mean = ptableRow(n, k).reduce((sum, [published, p]) => sum + published * p, 0);
        if (n >= 4) expect(mean).toBeCloseTo(n, 12);
        else expect(mean - n).toBeLessThanOrEqual(2 / 3 + 1e-12);
      }
  });

  it('reads the row at the cell key: the same key always gives the same value, and keys spread over the row', () => {
    const seen = new Map<number, number>();
    for (let key = 0; key < KEY_MODULUS; key += 4099) {
      const value = perturbCount(3, key, 5);
      expect(perturbCount(3, key + KEY_MODULUS, 5)).toBe(value);
      seen.set(value, (seen.get(value) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([2, 4, 5]);
    for (const times of seen.values()) expect(times / 256).toBeCloseTo(1 / 3, 1);
  });
});
