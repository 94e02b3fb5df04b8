import type { FiscalCalendar } from '../../finance/country-calendar.js';
import { fiscalYearLabel } from '../../finance/fiscal-calendar.js';
import { badInput } from '../../graphql/errors.js';
import { PeriodGrain } from './dimensions.js';

/** A period of a statistic: its label (`2025-03`, `2025-Q1`, `2025`, `2025/26`, `2025/26 Q2`) and its days. */
export interface Period {
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export type { FiscalCalendar } from '../../finance/country-calendar.js';

/** Enough for ten years by month. */
export const MAX_PERIODS = 120;

const iso = (date: Date) => date.toISOString().slice(0, 10);

const MONTHS: Record<PeriodGrain, number> = { MONTH: 1, QUARTER: 3, YEAR: 12, FISCAL_QUARTER: 3, FISCAL_YEAR: 12 };

export function isFiscal(grain: PeriodGrain): boolean {
  return grain === PeriodGrain.FISCAL_YEAR || grain === PeriodGrain.FISCAL_QUARTER;
}

/** The first month (0–11) of the period that holds `month`, counted in steps from the year's first month. */
function firstMonthOf(month: number, grain: PeriodGrain, yearStart: number): number {
  const into = (month - yearStart + 12) % 12;
  return month - (into % MONTHS[grain]);
}

function labelOf(start: Date, grain: PeriodGrain, calendar: FiscalCalendar | null): string {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  if (calendar && isFiscal(grain)) {
    const startMonth = calendar.startMonth - 1;
    const fiscalYear = fiscalYearLabel(
      { startMonth: calendar.startMonth, ...(calendar.label ? { label: calendar.label } : {}) },
      month >= startMonth ? year : year - 1,
    );
    return grain === PeriodGrain.FISCAL_YEAR ? fiscalYear : `${fiscalYear} Q${Math.floor(((month - startMonth + 12) % 12) / 3) + 1}`;
  }
  if (grain === PeriodGrain.YEAR) return String(year);
  if (grain === PeriodGrain.QUARTER) return `${year}-Q${Math.floor(month / 3) + 1}`;
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * Every period touching [from, to], whole periods (a March–May range by quarter gives Q1 and Q2).
 * Fiscal grains follow the country's fiscal year (`calendar`), named as finance names it.
 */
export function periodsBetween(from: string, to: string, grain: PeriodGrain, calendar: FiscalCalendar | null = null): Period[] {
  if (from > to) throw badInput(`from (${from}) is after to (${to})`, 'from');
  if (isFiscal(grain) && !calendar) throw badInput(`${grain} needs a country with a fiscal calendar`, 'country');
  const yearStart = isFiscal(grain) && calendar ? calendar.startMonth - 1 : 0;
  const first = new Date(`${from}T00:00:00Z`);
  const last = new Date(`${to}T00:00:00Z`);
  let start = new Date(Date.UTC(first.getUTCFullYear(), firstMonthOf(first.getUTCMonth(), grain, yearStart), 1));
  const periods: Period[] = [];
  while (start <= last) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + MONTHS[grain], 1));
    periods.push({ label: labelOf(start, grain, calendar), start: iso(start), end: iso(new Date(next.getTime() - 86_400_000)) });
    if (periods.length > MAX_PERIODS) throw badInput(`from ${from} to ${to} by ${grain} is more than ${MAX_PERIODS} periods`, 'period');
    start = next;
  }
  return periods;
}

/** The first and last day of the month holding `day` (YYYY-MM-DD). */
export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function endOfMonth(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return iso(new Date(Date.UTC(year, month, 0)));
}

/** How many months a period of whole months spans. */
export function monthsIn(period: Period): number {
  const month = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
  return month(period.end) - month(period.start) + 1;
}
