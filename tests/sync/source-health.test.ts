import { describe, expect, it } from 'vitest';
import { firingsAfter, intervalAfter } from '../../src/sync/sources/cron-times.js';
import { healthOf, type HealthInput } from '../../src/sync/sources/health.js';

/** A source's health from its runs and schedule, and the schedule's interval in its own time zone. */
const HOUR = 3_600_000;
const daily = { cron: '0 3 * * *', timezone: 'Europe/London' };

describe('a schedule’s interval', () => {
  it('is the gap between its next two firings after the last success, in its time zone', () => {
    expect(intervalAfter(daily, new Date('2026-06-01T12:00:00Z'))).toBe(24 * HOUR);
    // London moves to summer time on 29 March 2026 (03:00 GMT on the 28th, then 03:00 BST = 02:00 UTC) and back on 25 October.
    expect(intervalAfter(daily, new Date('2026-03-27T12:00:00Z'))).toBe(23 * HOUR);
    expect(intervalAfter(daily, new Date('2026-10-23T12:00:00Z'))).toBe(25 * HOUR);
    expect(intervalAfter({ cron: '*/20 * * * * *', timezone: 'UTC' }, new Date('2026-06-01T12:00:05Z'))).toBe(20_000);
    // Weekdays at 06:00: after Friday's firing, the next two are Monday and Tuesday.
    expect(intervalAfter({ cron: '0 6 * * 1-5', timezone: 'UTC' }, new Date('2026-12-04T06:00:00Z'))).toBe(24 * HOUR);
    expect(intervalAfter({ cron: '0 6 * * 1-5', timezone: 'UTC' }, new Date('2026-12-03T06:00:00Z'))).toBe(3 * 24 * HOUR);
  });

  it('counts firings strictly after the instant given, in the schedule’s time zone', () => {
    const monthly = firingsAfter({ cron: '0 0 1 * *', timezone: 'Africa/Blantyre' }, new Date('2026-01-31T22:00:00Z'), 2);
    expect(monthly.map((d) => d.toISOString())).toEqual(['2026-02-28T22:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });
});

describe('a source’s health', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  const at = (iso: string): Pick<HealthInput, 'lastFinished' | 'lastSuccessAt'> => ({
    lastFinished: { succeeded: true },
    lastSuccessAt: new Date(iso),
  });
  it.each([
    ['green: succeeded within twice the interval', { schedule: daily, ...at('2026-06-08T12:00:01Z') }, 'GREEN'],
    ['late: no success within twice the interval', { schedule: daily, ...at('2026-06-08T11:59:59Z') }, 'LATE'],
    [
      'failing: its newest finished run failed, however recent its last success',
      { schedule: daily, lastFinished: { succeeded: false }, lastSuccessAt: new Date('2026-06-10T11:00:00Z') },
      'FAILING',
    ],
    ['failing without a schedule too', { schedule: null, lastFinished: { succeeded: false }, lastSuccessAt: null }, 'FAILING'],
    ['never run', { schedule: daily, lastFinished: null, lastSuccessAt: null }, 'NEVER_RUN'],
    ['manual: no schedule, so never late', { schedule: null, ...at('2020-01-01T00:00:00Z') }, 'MANUAL'],
  ] as const)('%s', (_why, input, expected) => {
    expect(healthOf({ ...input, now }).health).toBe(expected);
  });

  it('says when a scheduled source becomes late: its last success plus twice the interval', () => {
    expect(healthOf({ schedule: daily, ...at('2026-06-08T12:00:00Z'), now }).lateAfter?.toISOString()).toBe('2026-06-10T12:00:00.000Z');
    expect(healthOf({ schedule: null, ...at('2026-06-08T12:00:00Z'), now }).lateAfter).toBeNull();
  });
});
