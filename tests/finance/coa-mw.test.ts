import { describe, expect, it } from 'vitest';
import { countryCoa } from '../../src/finance/coa/load.js';
import { fiscalPeriodOf } from '../../src/finance/fiscal-calendar.js';

describe("Malawi's demo chart of accounts", () => {
  const coa = countryCoa('MW');

  it('loads with its segments, currency and an April fiscal year', () => {
    expect(coa.config).toMatchObject({ country: 'MW', currency: 'MWK', fiscalYear: { startMonth: 4 } });
    expect([...coa.segments.keys()]).toEqual(['administrative', 'functional', 'economic', 'programme', 'fund', 'location', 'project']);
    expect(coa.segment('functional')?.codes.size).toBe(188);
    expect(coa.segment('fund')?.codes.size).toBe(4);
  });

  it('lists the 28 districts, each under one of the three regions', () => {
    const location = coa.segment('location');
    const districts = [...(location?.codes.values() ?? [])].filter((c) => c.level === 2 && c.parent !== '0');
    expect(districts).toHaveLength(28);
    const byRegion = new Map<string, number>();
    for (const d of districts) byRegion.set(d.parent ?? '', (byRegion.get(d.parent ?? '') ?? 0) + 1);
    expect(Object.fromEntries(byRegion)).toEqual({ '1': 6, '2': 9, '3': 13 });
  });

  it('traces a district up to its region', () => {
    expect(coa.ancestry('location', '105').map((c) => c.name)).toEqual(['Mzimba', 'Northern Region']);
    expect(coa.ancestry('location', '310').map((c) => c.code)).toEqual(['310', '3']);
  });

  it('traces a cost centre to its vote and a sub-programme to its programme', () => {
    expect(coa.ancestry('administrative', '310-003').map((c) => c.name)).toEqual([
      'Queen Elizabeth Central Hospital',
      'Ministry of Health',
    ]);
    expect(coa.ancestry('programme', '250-03-01').map((c) => c.code)).toEqual(['250-03-01', '250-03']);
  });

  it('resolves BOOST COFOG spellings and accepts any project key', () => {
    expect(coa.canonical('functional', '70912')).toBe('09.1.2');
    expect(coa.canonical('functional', '09.1.2')).toBe('09.1.2');
    expect(coa.canonical('economic', '2111')).toBe('2111');
    expect(coa.canonical('economic', '9999')).toBeNull();
    expect(coa.canonical('project', 'P160004')).toBe('P160004');
  });

  it('buckets dates into Malawi fiscal years and quarters across the April boundary', () => {
    const calendar = coa.config.fiscalYear;
    expect(fiscalPeriodOf(calendar, '2025-03-31')).toMatchObject({ fiscalYear: '2024/25', quarter: 4, fiscalYearEnd: '2025-03-31' });
    expect(fiscalPeriodOf(calendar, '2025-04-01')).toMatchObject({
      fiscalYear: '2025/26',
      quarter: 1,
      fiscalYearStart: '2025-04-01',
      quarterEnd: '2025-06-30',
    });
    expect(fiscalPeriodOf(calendar, '2026-01-15')).toMatchObject({ fiscalYear: '2025/26', quarter: 4 });
  });
});
