import { badInput } from '../../graphql/errors.js';
import { PeriodGrain } from './dimensions.js';

/** A calendar period of a statistic: its label (`2025-03`, `2025-Q1`, `2025`) and its days. */
export interface Period {
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

/** Enough for ten years by month. */
export const MAX_PERIODS = 120;

const iso = (date: Date) => date.toISOString().slice(0, 10);

function startOf(date: Date, grain: PeriodGrain): Date {
  const month =
    grain === PeriodGrain.MONTH ? date.getUTCMonth() : grain === PeriodGrain.QUARTER ? date.getUTCMonth() - (date.getUTCMonth() % 3) : 0;
  return new Date(Date.UTC(date.getUTCFullYear(), month, 1));
}

function step(grain: PeriodGrain): number {
  return grain === PeriodGrain.MONTH ? 1 : grain === PeriodGrain.QUARTER ? 3 : 12;
}

export function labelOf(start: Date, grain: PeriodGrain): string {
  const year = start.getUTCFullYear();
  if (grain === PeriodGrain.YEAR) return String(year);
  if (grain === PeriodGrain.QUARTER) return `${year}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`;
  return `${year}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every period touching [from, to], whole periods (a March–May range by quarter gives Q1 and Q2). */
export function periodsBetween(from: string, to: string, grain: PeriodGrain): Period[] {
  if (from > to) throw badInput(`from (${from}) is after to (${to})`, 'from');
  const periods: Period[] = [];
  let start = startOf(new Date(`${from}T00:00:00Z`), grain);
  const last = new Date(`${to}T00:00:00Z`);
  while (start <= last) {
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + step(grain), 1));
    periods.push({ label: labelOf(start, grain), start: iso(start), end: iso(new Date(next.getTime() - 86_400_000)) });
    if (periods.length > MAX_PERIODS) throw badInput(`from ${from} to ${to} by ${grain} is more than ${MAX_PERIODS} periods`, 'period');
    start = next;
  }
  return periods;
}
