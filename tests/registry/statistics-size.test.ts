import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishWithDeadline } from '../../src/registry/disclosure/deadline.js';
import type { FactCell } from '../../src/registry/statistics/facts.js';
import { PeriodGrain, RegistryDimension as D, RegistryMeasure as M } from '../../src/registry/statistics/dimensions.js';
import { registryStatistics } from '../../src/registry/statistics/table.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * Issue 11's statistic that held the server for four minutes (48 months × area level 3 × sex × age
 * band): refused to an analyst (below the district), answered in seconds to a registry officer;
 * anything above TRIBUTARY_STATISTICS_MAX_SIZE refused before it starts, and the disclosure
 * computation stopped at its deadline in a worker thread while the server's thread stays free.
 */
let hub: RegistryHub;
beforeAll(async () => {
  hub = await registryHub(300);
}, 120_000);
afterAll(() => hub?.close());

const HEAVY = `measure: BENEFICIARIES, by: [AREA, PERIOD, SEX, AGE_BAND], period: MONTH, from: "2021-10-01", to: "2025-09-30"`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

describe('the size of a registry statistic', () => {
  it('refuses the four-minute statistic to an analyst at once, and answers it to a registry officer in seconds', async () => {
    const [refused, refusedIn] = await timed(() => hub.as(['analyst'], `{ registryStatistics(${HEAVY}, areaLevel: 3) { k } }`));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaLevel' });
    expect(refusedIn).toBeLessThan(2_000);
    const [answered, answeredIn] = await timed(() =>
      hub.as(['registry-officer'], `{ registryStatistics(${HEAVY}, areaLevel: 3) { cells { count } } }`),
    );
    expect(answered.errors).toBeUndefined();
    expect(answeredIn).toBeLessThan(15_000);
    const [district, districtIn] = await timed(() => hub.as(['analyst'], `{ registryStatistics(${HEAVY}) { exact cells { count } } }`));
    expect((district.data as { registryStatistics: { cells: unknown[] } }).registryStatistics.cells.length).toBeGreaterThan(100);
    expect(districtIn).toBeLessThan(15_000);
  });

  it('refuses a statistic above the size limit before computing it, naming the numbers and TRIBUTARY_STATISTICS_MAX_SIZE', async () => {
    const request = {
      measure: M.BENEFICIARIES,
      by: [D.AREA, D.PERIOD, D.SEX, D.AGE_BAND],
      totals: [[]],
      from: '2021-10-01',
      to: '2025-09-30',
      grain: PeriodGrain.MONTH,
      areaLevel: 2,
      programmes: null,
      area: null,
      statuses: null,
      country: null,
    };
    const refusal = registryStatistics(
      hub.db.orm.em.fork(),
      request,
      { exact: false, k: 5 },
      { k: 5, maxSize: 10_000, deadlineMs: 10_000 },
      '2025-10-01',
    );
    await expect(refusal).rejects.toMatchObject({
      message: expect.stringMatching(
        /^this statistic is too big to answer: up to \d+ cells over 48 periods × 6 dimensions = \d+, above the limit of 10000 \(TRIBUTARY_STATISTICS_MAX_SIZE\)/,
      ),
      extensions: { code: 'BAD_USER_INPUT', reason: 'LIMIT', field: 'by', limit: 10_000 },
    });
  });

  it('stops the disclosure computation at its deadline in a worker thread, the server’s thread free meanwhile', async () => {
    const facts: FactCell[] = Array.from({ length: 150_000 }, (_, i) => ({
      dims: { AREA: `A${i % 997}`, SEX: i % 2 ? 'F' : 'M', PERIOD: `P${i % 48}` },
      count: (i % 9) + 1,
      amount: `${i}.25`,
      cellKey: i * 7919,
      amountKey: i * 104_729,
      largest: `${i}.25`,
    }));
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    const [outcome, elapsed] = await timed(() =>
      publishWithDeadline(
        { facts, k: 5, windowOf: null, ancestors: null, dimensions: ['AREA', 'SEX', 'PERIOD'], totals: [['AREA'], []] },
        150,
      ).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    clearInterval(ticker);
    expect(outcome).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'DEADLINE', deadlineMs: 150 } });
    expect(elapsed).toBeLessThan(1_500);
    expect(ticks, 'timers ran while the worker computed').toBeGreaterThan(0);
  });
});

describe('the statistics settings', () => {
  it('reads TRIBUTARY_STATISTICS_MAX_SIZE and TRIBUTARY_STATISTICS_DEADLINE_MS, with their defaults, and refuses nonsense by name', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(loadConfig({}).registry).toMatchObject({ smallCellK: 5, statisticsMaxSize: 1_000_000, statisticsDeadlineMs: 10_000 });
    const set = loadConfig({ TRIBUTARY_STATISTICS_MAX_SIZE: '5000', TRIBUTARY_STATISTICS_DEADLINE_MS: '2500' }).registry;
    expect(set).toMatchObject({ statisticsMaxSize: 5000, statisticsDeadlineMs: 2500 });
    expect(() => loadConfig({ TRIBUTARY_STATISTICS_MAX_SIZE: 'lots' })).toThrow(/^TRIBUTARY_STATISTICS_MAX_SIZE=lots is not an integer/);
    expect(() => loadConfig({ TRIBUTARY_STATISTICS_DEADLINE_MS: '5' })).toThrow(
      /^TRIBUTARY_STATISTICS_DEADLINE_MS=5 is not an integer between 100/,
    );
  });
});
