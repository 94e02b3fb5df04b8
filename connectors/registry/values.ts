import { parseAmount, type NumberFormat } from '../formats/numbers.js';
import type { ColumnSpec } from './columns.js';
import type { RegistryProblemCode } from './problems.js';

/** One cell as read: its text, and whether a workbook stored it as a number or a date. */
export interface Cell {
  readonly text: string;
  readonly numeric?: boolean;
  readonly date?: boolean;
}

export type Value = string | number | boolean | null;
export type ValueResult = { readonly value: Value } | { readonly code: RegistryProblemCode; readonly message: string };

export interface ValueContext {
  /** ISO date: dates after it are in the future. */
  readonly today: string;
  readonly dates: DateReader;
  readonly numbers: NumberFormat;
}

export type DateReader = (text: string) => { year: number; month: number; day: number } | null;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A reader for dates written as `format` (tokens YYYY, MM, DD; the default is ISO). */
export function dateReader(format = 'YYYY-MM-DD'): DateReader {
  if (format === 'YYYY-MM-DD') return (text) => parts(ISO_DATE.exec(text), [1, 2, 3]);
  const order: string[] = [];
  const source = format.replace(/YYYY|MM|DD|[.*+?^${}()|[\]\\]/g, (token) => {
    if (token !== 'YYYY' && token !== 'MM' && token !== 'DD') return `\\${token}`;
    order.push(token[0] ?? '');
    return token === 'YYYY' ? '(\\d{4})' : '(\\d{1,2})';
  });
  const pattern = new RegExp(`^${source}$`);
  const at = (token: string): number => order.indexOf(token) + 1;
  return (text) => parts(pattern.exec(text), [at('Y'), at('M'), at('D')]);
}

function parts(match: RegExpExecArray | null, [y, m, d]: number[]): ReturnType<DateReader> {
  if (!match || y === undefined || m === undefined || d === undefined) return null;
  return { year: Number(match[y]), month: Number(match[m]), day: Number(match[d]) };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function readDate(spec: ColumnSpec & { kind: 'date' }, cell: Cell, context: ValueContext): ValueResult {
  const parsed = cell.date ? parts(ISO_DATE.exec(cell.text), [1, 2, 3]) : context.dates(cell.text);
  if (!parsed) {
    const why = cell.numeric ? ' (a number: a workbook date cell without a date format?)' : '';
    return { code: 'BAD_DATE', message: `"${cell.text}" is not a date${why}` };
  }
  const { year, month, day } = parsed;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return { code: 'BAD_DATE', message: `"${cell.text}" is not a day of the calendar` };
  }
  if (year < 1900) return { code: 'BAD_DATE', message: `"${cell.text}" is before 1900` };
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (!spec.mayBeFuture && iso > context.today) {
    return { code: 'FUTURE_DATE', message: `${iso} is in the future (today is ${context.today})` };
  }
  return { value: iso };
}

function readCycle(cell: Cell): ValueResult {
  // A workbook may have turned "2024-03" into the date 2024-03-01.
  const text = cell.date ? cell.text.slice(0, 7) : cell.text;
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) return { code: 'BAD_CYCLE', message: `"${cell.text}" is not a payment cycle (YYYY-MM)` };
  return { value: text };
}

function readAmount(cell: Cell, context: ValueContext): ValueResult {
  // A number stored by a workbook is already exact decimal text with a point.
  const parsed = parseAmount(cell.text, cell.numeric ? {} : context.numbers);
  if (parsed === null || 'error' in parsed) return { code: 'NOT_A_NUMBER', message: `"${cell.text}" is not an amount` };
  if (parsed.value.startsWith('-')) return { code: 'NEGATIVE_AMOUNT', message: `${parsed.value} is negative` };
  return { value: parsed.value };
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  1: true,
  0: false,
};

/** A non-empty cell's value for a column, or what is wrong with it. */
export function readValue(spec: ColumnSpec, cell: Cell, context: ValueContext): ValueResult {
  const text = cell.text;
  switch (spec.kind) {
    case 'text':
      return { value: text };
    case 'date':
      return readDate(spec, cell, context);
    case 'cycle':
      return readCycle(cell);
    case 'amount':
      return readAmount(cell, context);
    case 'level':
      return /^\d+$/.test(text) && Number(text) >= 1
        ? { value: Number(text) }
        : { code: 'NOT_A_NUMBER', message: `"${text}" is not a level (1 for the top, 2 below it…)` };
    case 'bool': {
      const value = BOOLEANS[text.toLowerCase()];
      return value === undefined ? { code: 'UNKNOWN_VALUE', message: `"${text}" is not true or false` } : { value };
    }
    case 'currency':
      return /^[A-Za-z]{3}$/.test(text)
        ? { value: text.toUpperCase() }
        : { code: 'BAD_CURRENCY', message: `"${text}" is not an ISO 4217 currency code` };
    case 'country':
      return /^[A-Za-z]{2}$/.test(text)
        ? { value: text.toUpperCase() }
        : { code: 'BAD_COUNTRY', message: `"${text}" is not an ISO 3166 alpha-2 country code` };
    case 'enum': {
      const lower = text.toLowerCase();
      const value = spec.values.find((v) => v === text) ?? spec.values.find((v) => v.toLowerCase() === lower);
      return value === undefined ? { code: 'UNKNOWN_VALUE', message: `"${text}" is not one of ${spec.values.join(', ')}` } : { value };
    }
  }
}
