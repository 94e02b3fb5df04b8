/**
 * Days as whole numbers (days since 1970-01-01) and months as `year * 12 + month - 1`, so that the
 * generator steps through cycles and adds days with plain arithmetic; ISO text only at the end.
 */
const DAY_MS = 86_400_000;

export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

/** Days already written: a registry has a million dates but only some tens of thousands of days. */
const written = new Map<number, string>();

export function isoOf(day: number): string {
  let iso = written.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    written.set(day, iso);
  }
  return iso;
}

/** The day `day` of `month` (a month index). */
export function dayIn(month: number, day: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, day) / DAY_MS;
}

export function daysInMonth(month: number): number {
  return new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate();
}

/** The month index of a day. */
export function monthOf(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** `2024-03` → its month index; throws on anything else (options are the caller's mistake). */
export function parseCycle(cycle: string): number {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(cycle);
  if (!match) throw new Error(`"${cycle}" is not a payment cycle (YYYY-MM)`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

const cycles = new Map<number, string>();

export function cycleOf(month: number): string {
  let cycle = cycles.get(month);
  if (cycle === undefined) {
    cycle = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
    cycles.set(month, cycle);
  }
  return cycle;
}

/** The same calendar day `years` earlier (29 February → 1 March). */
export function yearsBefore(day: number, years: number): number {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate()) / DAY_MS;
}

/** Whole years from `born` to `on` (the calendar way: a birthday counts on the day). */
export function ageOn(born: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(born.slice(0, 4));
  return on.slice(5) < born.slice(5) ? years - 1 : years;
}
