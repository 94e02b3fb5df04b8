import type { FiscalCalendarConfig } from './coa/types.js';

/**
 * National fiscal years and quarters. Pure: a date in, its fiscal period out. A fiscal year
 * starting in July 2025 ends in June 2026 and is named "2025/26" unless the country says otherwise.
 */
export interface FiscalPeriod {
  /** The fiscal year's name, e.g. "2025/26" or "2016". */
  readonly fiscalYear: string;
  /** First and last day of the fiscal year, YYYY-MM-DD. */
  readonly fiscalYearStart: string;
  readonly fiscalYearEnd: string;
  /** 1–4, counted from the start of the fiscal year. */
  readonly quarter: number;
  readonly quarterStart: string;
  readonly quarterEnd: string;
}

export class FiscalCalendarError extends Error {
  readonly code = 'BAD_USER_INPUT';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `{start}`, `{end}` and `{end:2}` filled in for a fiscal year that starts in `startYear`. */
export function fiscalYearLabel(calendar: FiscalCalendarConfig, startYear: number): string {
  const endYear = calendar.startMonth === 1 ? startYear : startYear + 1;
  const pattern = calendar.label ?? (calendar.startMonth === 1 ? '{start}' : '{start}/{end:2}');
  return pattern
    .replaceAll('{start}', String(startYear))
    .replaceAll('{end:2}', String(endYear % 100).padStart(2, '0'))
    .replaceAll('{end}', String(endYear));
}

export function validateCalendar(calendar: FiscalCalendarConfig): void {
  if (!Number.isInteger(calendar.startMonth) || calendar.startMonth < 1 || calendar.startMonth > 12) {
    throw new FiscalCalendarError(`fiscal year startMonth must be 1–12, not ${calendar.startMonth}`);
  }
}

/** The fiscal year and quarter a date (YYYY-MM-DD) falls in. */
export function fiscalPeriodOf(calendar: FiscalCalendarConfig, date: string): FiscalPeriod {
  validateCalendar(calendar);
  const match = DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || Number(match[3]) < 1 || Number(match[3]) > lastDay(year, month)) {
    throw new FiscalCalendarError(`"${date}" is not a date (YYYY-MM-DD)`);
  }
  const startYear = month >= calendar.startMonth ? year : year - 1;
  const monthsIn = (month - calendar.startMonth + 12) % 12;
  const quarter = Math.floor(monthsIn / 3) + 1;
  const monthAt = (offset: number) => {
    const absolute = calendar.startMonth - 1 + offset;
    return { year: startYear + Math.floor(absolute / 12), month: (absolute % 12) + 1 };
  };
  const qStart = monthAt((quarter - 1) * 3);
  const qEnd = monthAt(quarter * 3 - 1);
  const yEnd = monthAt(11);
  return {
    fiscalYear: fiscalYearLabel(calendar, startYear),
    fiscalYearStart: iso(startYear, calendar.startMonth, 1),
    fiscalYearEnd: iso(yEnd.year, yEnd.month, lastDay(yEnd.year, yEnd.month)),
    quarter,
    quarterStart: iso(qStart.year, qStart.month, 1),
    quarterEnd: iso(qEnd.year, qEnd.month, lastDay(qEnd.year, qEnd.month)),
  };
}

/** The first and last day of the fiscal year with this label, or null if the label is not one. */
export function fiscalYearByLabel(calendar: FiscalCalendarConfig, label: string): { start: string; end: string } | null {
  const year = Number(/\d{4}/.exec(label)?.[0] ?? NaN);
  for (const startYear of [year, year - 1]) {
    if (Number.isNaN(startYear) || fiscalYearLabel(calendar, startYear) !== label) continue;
    const period = fiscalPeriodOf(calendar, iso(startYear, calendar.startMonth, 1));
    return { start: period.fiscalYearStart, end: period.fiscalYearEnd };
  }
  return null;
}
