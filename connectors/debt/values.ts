import { shippedCodelists } from '../iati/codelists.js';

/**
 * Pure readers for the cells of a debt file: dates in a declared format, exact decimal amounts,
 * ISO country and currency codes. Each returns null for text it cannot read; the caller reports
 * where.
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

/**
 * Compiles a date format such as `MM/DD/YYYY hh:mm:ss AM` or `YYYY-MM-DD` into a reader that
 * returns the calendar date as `YYYY-MM-DD` (the time of day, when present, is checked and
 * dropped: loan dates are days). Throws for a format without a year, month and day.
 */
export function compileDateFormat(format: string): DateReader {
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
  for (const needed of ['year', 'month', 'day']) {
    if (!seen.has(needed)) throw new Error(`date format "${format}" has no ${needed} (use YYYY, MM or M, DD or D)`);
  }
  if (seen.has('hour12') !== seen.has('marker')) throw new Error(`date format "${format}": hh goes with AM, HH without`);
  const pattern = new RegExp(`^${source}$`);
  return (text) => {
    const groups = pattern.exec(text.trim())?.groups;
    if (!groups) return null;
    const year = Number(groups.year);
    const month = Number(groups.month);
    const day = Number(groups.day);
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

export interface NumberFormat {
  /** Thousands separator to remove (`,` `.` `'` or a space); none by default. */
  readonly thousands?: string;
  /** Decimal separator (default `.`). */
  readonly decimal?: string;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * An amount as an exact decimal string, written with `.` and no separators (`-0.01`,
 * `191044211.75`), or null when the text is not a number. The digits are kept as written: no
 * rounding, no float on the way.
 */
export function readAmount(text: string, format: NumberFormat = {}): string | null {
  let value = text.trim();
  if (format.thousands) value = value.split(format.thousands).join('');
  if (format.decimal && format.decimal !== '.') {
    if (value.includes('.')) return null;
    value = value.replace(format.decimal, '.');
  }
  return DECIMAL.test(value) ? value : null;
}

/** True for an ISO 3166-1 alpha-2 code in use (the IATI Country codelist shipped in `mappings/`, which adds XK, Kosovo). */
export function isIsoCountry(code: string): boolean {
  return shippedCodelists().membership('Country', code) === 'active';
}

/** True for an ISO 4217 code in use (the IATI Currency codelist, which has XDR). */
export function isIsoCurrency(code: string): boolean {
  return shippedCodelists().membership('Currency', code) === 'active';
}
