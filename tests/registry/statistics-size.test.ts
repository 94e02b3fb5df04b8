import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * Issue 11's statistic that held the server for four minutes (48 months × area level 3 × sex × age
 * band): refused before any of it is computed, with the numbers and the setting named; the same by
 * district, within the limit, answers in seconds.
 */
let hub: RegistryHub;
beforeAll(async () => {
  hub = await registryHub(300);
}, 120_000);
afterAll(() => hub?.close());

const HEAVY = `measure: BENEFICIARIES, by: [AREA, PERIOD, SEX, AGE_BAND], period: MONTH, from: "2021-10-01", to: "2025-09-30"`;

describe('the size of a registry statistic', () => {
  it('refuses 48 months × level-3 areas × sex × age band before computing it, naming the numbers and TRIBUTARY_STATISTICS_MAX_SIZE', async () => {
    const started = performance.now();
    const result = await hub.as(['registry-officer'], `{ registryStatistics(${HEAVY}, areaLevel: 3) { k } }`);
    const elapsed = performance.now() - started;
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LIMIT', field: 'by', limit: 200_000 });
    expect(error?.message).toMatch(
      /^this statistic is too big to answer: up to \d+ cells × 48 periods × 4 dimensions = \d+, above the limit of 200000 \(TRIBUTARY_STATISTICS_MAX_SIZE\)/,
    );
    expect(elapsed).toBeLessThan(2_000);
  });

  it('answers the same by district within the limit, for an analyst, in seconds', async () => {
    const started = performance.now();
    const result = await hub.as(['analyst'], `{ registryStatistics(${HEAVY}) { exact cells { count } } }`);
    const elapsed = performance.now() - started;
    expect(result.errors).toBeUndefined();
    expect((result.data as { registryStatistics: { cells: unknown[] } }).registryStatistics.cells.length).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(20_000);
  });
});
