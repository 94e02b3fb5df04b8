import type { Warning } from './types.js';

/**
 * What normalisation and validation found wrong with one activity. An error quarantines the
 * activity; a warning is stored with it. `field` is a path with 1-based indexes, e.g.
 * `transaction[3]/value/@currency`, which `locate` turns into a line number.
 */
export interface Problem {
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

export class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Warning[] = [];

  error(code: string, field: string, message: string): void {
    this.errors.push({ code, field, message });
  }

  warn(code: string, field: string, message: string): void {
    this.warnings.push({ code, field, message });
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** `YYYY-MM-DD` from an xsd:date or xsd:dateTime, or null when it is not a real calendar date. */
export function isoDate(value: string): string | null {
  const match = DATE.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m}-${d}`;
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO instant (UTC when the publisher gave no zone), or null. */
export function isoDateTime(value: string): string | null {
  const match = DATETIME.exec(value.trim());
  if (!match?.[1] || !isoDate(match[1])) return null;
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : '00:00:00';
  const zone = match[3] ? (match[3] === 'Z' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const instant = new Date(`${match[1]}T${time}${zone}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * A number as exact decimal text, or null. xsd:decimal is expected; exponent notation
 * (`-1e-10`, which some publishers emit) is converted exactly by moving the decimal point,
 * and `usedExponent` tells the caller so it can warn.
 */
export function exactDecimal(value: string): { value: string; usedExponent: boolean } | null {
  const match = NUMBER.exec(value.trim());
  if (!match) return null;
  const [, sign = '', whole = '', fraction = '', exponent] = match;
  if (whole === '' && fraction === '') return null;
  const shift = exponent === undefined ? 0 : Number(exponent);
  let digits = whole + fraction;
  let point = whole.length + shift;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fracPart = digits.slice(point);
  const keepFraction = exponent === undefined ? fracPart : fracPart.replace(/0+$/, '');
  const text = keepFraction ? `${intPart}.${keepFraction}` : intPart;
  return { value: sign === '-' ? `-${text}` : text, usedExponent: exponent !== undefined };
}

/** An xsd:decimal (no exponent) as exact text, or null. */
export function decimal(value: string): string | null {
  const result = exactDecimal(value);
  return result && !result.usedExponent ? result.value : null;
}

export function flag(value: string | null): boolean | null {
  if (value === null) return null;
  const lower = value.toLowerCase();
  if (lower === '1' || lower === 'true') return true;
  if (lower === '0' || lower === 'false') return false;
  return null;
}
