import type { Random } from './random.js';
import type { Status } from './catalogue.js';

/**
 * Dates for the demo, counted in months (`year * 12 + month - 1`) so that stepping through
 * quarters and financial years is plain arithmetic. Everything is relative to a fixed "as of"
 * date, never the clock, so the output does not change from one day to the next.
 */
export const AS_OF_MONTH = 2025 * 12 + 8; // September 2025: the last month with actual spending
export const GENERATED_DATETIME = '2025-10-01T06:00:00Z';

export interface Day {
  readonly month: number;
  /** 1-28, so that every month has it. */
  readonly day: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function isoDay({ month, day }: Day): string {
  return `${Math.floor(month / 12)}-${pad((month % 12) + 1)}-${pad(day)}`;
}

export const firstOf = (month: number): string => isoDay({ month, day: 1 });

export function lastOf(month: number): string {
  const next = new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0));
  return isoDay({ month, day: next.getUTCDate() });
}

/** A `YYYY-MM-DD` date moved later within its month (never past the 28th). */
export function daysLater(date: string, days: number): string {
  return `${date.slice(0, 8)}${pad(Math.min(28, Number(date.slice(8)) + days))}`;
}

/** The first month of the financial year (starting in calendar month `startMonth`) that holds `month`. */
export function fiscalYearOf(month: number, startMonth: number): number {
  return month - (((month % 12) - (startMonth - 1) + 12) % 12);
}

/** A last-updated-datetime in the quarter before generation. */
export function lastUpdated(random: Random): string {
  const day: Day = { month: AS_OF_MONTH - random.int(0, 2), day: random.int(1, 28) };
  return `${isoDay(day)}T${pad(random.int(7, 18))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}Z`;
}

export interface Timeline {
  readonly plannedStart: number;
  readonly plannedEnd: number;
  readonly actualStart?: Day;
  readonly actualEnd?: Day;
}

/** Start and end dates that agree with the status: a closed activity ended, a pipeline one has not begun. */
export function timelineFor(random: Random, status: Status): Timeline {
  if (status === '1') {
    const plannedStart = AS_OF_MONTH + random.int(2, 9);
    return { plannedStart, plannedEnd: plannedStart + random.int(36, 60) - 1 };
  }
  const started = (min: number, max: number): Day => ({ month: AS_OF_MONTH - random.int(min, max), day: random.int(1, 28) });
  if (status === '2') {
    const actualStart = started(12, 48);
    return { plannedStart: actualStart.month - random.int(0, 4), actualStart, plannedEnd: AS_OF_MONTH + random.int(6, 36) };
  }
  if (status === '3') {
    const actualStart = started(42, 60);
    return { plannedStart: actualStart.month - random.int(0, 3), actualStart, plannedEnd: AS_OF_MONTH - random.int(1, 4) };
  }
  const actualStart = started(66, 84);
  const plannedEnd = actualStart.month + random.int(36, 48);
  const actualEnd: Day = { month: Math.min(plannedEnd + random.int(0, 6), AS_OF_MONTH - 6), day: random.int(1, 28) };
  return { plannedStart: actualStart.month - random.int(0, 3), actualStart, plannedEnd, actualEnd };
}

/** The smallest timeline that holds all the given ones (a programme around its components). */
export function envelope(timelines: readonly Timeline[]): Timeline {
  const starts = timelines.flatMap((t) => (t.actualStart ? [t.actualStart] : []));
  const earliest = starts.reduce<Day | undefined>((a, b) => (a && a.month * 32 + a.day <= b.month * 32 + b.day ? a : b), undefined);
  return {
    plannedStart: Math.min(...timelines.map((t) => t.plannedStart)),
    plannedEnd: Math.max(...timelines.map((t) => t.plannedEnd)),
    ...(earliest ? { actualStart: earliest } : {}),
  };
}

/** Activity-date elements: 1 planned start, 2 actual start, 3 planned end, 4 actual end. */
export function activityDates(t: Timeline): { type: string; date: string }[] {
  return [
    { type: '1', date: firstOf(t.plannedStart) },
    ...(t.actualStart ? [{ type: '2', date: isoDay(t.actualStart) }] : []),
    { type: '3', date: lastOf(t.plannedEnd) },
    ...(t.actualEnd ? [{ type: '4', date: isoDay(t.actualEnd) }] : []),
  ];
}
