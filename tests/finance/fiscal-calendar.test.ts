import { describe, expect, it } from 'vitest';
import { fiscalPeriodOf, fiscalYearByLabel, fiscalYearLabel } from '../../src/finance/fiscal-calendar.js';

const JULY = { startMonth: 7 };
const CALENDAR_YEAR = { startMonth: 1 };

describe('fiscal calendars', () => {
  it.each([
    ['2025-06-30', '2024/25', 4, '2025-04-01', '2025-06-30'],
    ['2025-07-01', '2025/26', 1, '2025-07-01', '2025-09-30'],
    ['2025-12-31', '2025/26', 2, '2025-10-01', '2025-12-31'],
    ['2026-01-01', '2025/26', 3, '2026-01-01', '2026-03-31'],
  ])('buckets %s across a July–June boundary into %s Q%i', (date, year, quarter, quarterStart, quarterEnd) => {
    expect(fiscalPeriodOf(JULY, date)).toMatchObject({ fiscalYear: year, quarter, quarterStart, quarterEnd });
  });

  it('gives the first and last day of the fiscal year, leap years included', () => {
    expect(fiscalPeriodOf({ startMonth: 3 }, '2024-02-29')).toMatchObject({
      fiscalYear: '2023/24',
      fiscalYearStart: '2023-03-01',
      fiscalYearEnd: '2024-02-29',
    });
    expect(fiscalPeriodOf(CALENDAR_YEAR, '2016-05-10')).toMatchObject({
      fiscalYear: '2016',
      fiscalYearStart: '2016-01-01',
      fiscalYearEnd: '2016-12-31',
      quarter: 2,
    });
  });

  it('names fiscal years by the country’s pattern and finds them back by name', () => {
    expect(fiscalYearLabel(JULY, 1999)).toBe('1999/00');
    expect(fiscalYearLabel({ startMonth: 10, label: 'FY{end}' }, 2025)).toBe('FY2026');
    expect(fiscalYearByLabel({ startMonth: 10, label: 'FY{end}' }, 'FY2026')).toEqual({ start: '2025-10-01', end: '2026-09-30' });
    expect(fiscalYearByLabel(JULY, '2025/26')).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    expect(fiscalYearByLabel(JULY, '2025')).toBeNull();
  });

  it('refuses a date that is not one and a start month that is not a month', () => {
    expect(() => fiscalPeriodOf(JULY, '2025-13-01')).toThrow('"2025-13-01" is not a date');
    expect(() => fiscalPeriodOf(JULY, '2025-02-29')).toThrow('"2025-02-29" is not a date');
    expect(() => fiscalPeriodOf(JULY, '1/7/2025')).toThrow('"1/7/2025" is not a date');
    expect(() => fiscalPeriodOf({ startMonth: 0 }, '2025-01-01')).toThrow('startMonth must be 1–12');
  });
});
