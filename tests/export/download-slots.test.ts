import { describe, expect, it } from 'vitest';
import { DownloadSlots } from '../../src/export/http/download-slots.js';

/** The bound on downloads running at once: per caller and in all, each slot given back once. */
describe('download slots', () => {
  it('gives a caller its share and the hub its total, refusing past either with the setting to name', () => {
    const slots = new DownloadSlots(3, 2);
    const a1 = slots.take('a');
    const a2 = slots.take('a');
    expect(typeof a1).toBe('function');
    expect(typeof a2).toBe('function');
    expect(slots.take('a')).toMatch(/already downloading 2 files \(at most 2 at once, TRIBUTARY_MAX_CALLER_DOWNLOADS\)/);
    const b1 = slots.take('b');
    expect(typeof b1).toBe('function');
    expect(slots.take('c')).toMatch(/serving 3 downloads, its most at once \(TRIBUTARY_MAX_DOWNLOADS\)/);
    expect(slots.active).toBe(3);
    (a1 as () => void)();
    (a1 as () => void)();
    expect(slots.active).toBe(2);
    expect(typeof slots.take('c')).toBe('function');
    expect(slots.take('a')).toMatch(/serving 3 downloads/);
  });
});
