/**
 * The one date-format reader: a declared format such as `MM/DD/YYYY hh:mm:ss AM`, `DD.MM.YYYY` or
 * `YYYY-MM-DD` compiled once into a reader that gives ISO days. (date-fns's `parse` reads `MM` as
 * one or two digits and so would accept `2025-9-30` for `YYYY-MM-DD`, which these files must refuse.)
 */
const TOKENS = /YYYY|MM|DD|HH|hh|mm|ss|AM|PM|M|D|H|h|A/g;
const PARTS: Readonly<Record<string, { readonly group: string; readonly pattern: string }>> = {
  YYYY: { group: 'year', pattern: '\\d{4}' },
  MM: { group: 'month', pattern: '\\d{2}' },
  M: { group: 'month', pattern: '\\d{1,2}' },
  DD: { group: 'day', pattern: '\\d{2}' },
  D: { group: 'day', pattern: '\\d{1,2}' },
  HH: { group: 'hour24', pattern: '\\d{2}' },
  H: { group: 'hour24', pattern: '\\d{1,2}' },
  hh: { group: 'hour12', pattern: '\\d{2}' },
  h: { group: 'hour12', pattern: '\\d{1,2}' },
  mm: { group: 'minute', pattern: '\\d{2}' },
  ss: { group: 'second', pattern: '\\d{2}' },
  AM: { group: 'marker', pattern: '[AaPp][Mm]' },
  PM: { group: 'marker', pattern: '[AaPp][Mm]' },
  A: { group: 'marker', pattern: '[AaPp][Mm]' },
};

export type DateReader = (text: string) => string | null;

export interface DateFormatOptions {
  /** A format may name only the year and month (`YYYY-MM`); the date read is then the first of the month. */
  readonly monthOnly?: boolean;
}

/**
 * Compiles a date format such as `MM/DD/YYYY hh:mm:ss AM` or `YYYY-MM-DD` into a reader that
 * returns the calendar date as `YYYY-MM-DD` (the time of day, when present, is checked and
 * dropped: loan dates are days). Throws for a format without a year, month and day.
 */
export function compileDateFormat(format: string, options: DateFormatOptions = {}): DateReader {
  let source = '';
  let last = 0;
  const seen = new Set<string>();
  for (const match of format.matchAll(TOKENS)) {
    const part = PARTS[match[0]];
    if (!part) continue;
    if (seen.has(part.group)) throw new Error(`date format "${format}" names the ${part.group} twice`);
    seen.add(part.group);
    source += escape(format.slice(last, match.index)) + `(?<${part.group}>${part.pattern})`;
    last = match.index + match[0].length;
  }
  source += escape(format.slice(last));
  // A monthly figure's date is the first of its month.
  if (options.monthOnly && !seen.has('day')) source += '(?<day>)';
  for (const needed of options.monthOnly ? ['year', 'month'] : ['year', 'month', 'day']) {
    if (!seen.has(needed)) throw new Error(`date format "${format}" has no ${needed} (use YYYY, MM or M, DD or D)`);
  }
  if (seen.has('hour12') !== seen.has('marker')) throw new Error(`date format "${format}": hh goes with AM, HH without`);
  const pattern = new RegExp(`^${source}$`);
  return (text) => {
    const groups = pattern.exec(text.trim())?.groups;
    if (!groups) return null;
    const year = Number(groups.year);
    const month = Number(groups.month);
    const day = groups.day ? Number(groups.day) : 1;
    if (!validTime(groups)) return null;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
}

function validTime(groups: Readonly<Record<string, string | undefined>>): boolean {
  const within = (value: string | undefined, min: number, max: number): boolean =>
    value === undefined || (Number(value) >= min && Number(value) <= max);
  return within(groups.hour12, 1, 12) && within(groups.hour24, 0, 23) && within(groups.minute, 0, 59) && within(groups.second, 0, 59);
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
