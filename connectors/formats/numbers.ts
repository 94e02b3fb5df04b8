/**
 * Amounts as exact decimal text, never binary floats: `" 99,305,000 "` → `"99305000"`,
 * `"1.234.567,89"` (decimal comma) → `"1234567.89"`, `"(1,500)"` → `"-1500"`.
 */
export interface NumberFormat {
  /** Thousands separator; groups must then be whole (`1,234,567`, not `1,23`). */
  readonly thousands?: string;
  /** Decimal separator (default "."). */
  readonly decimal?: string;
}

export type Parsed = { readonly value: string } | { readonly error: string } | null;

const SPACE = /^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g;

/**
 * Accepts: surrounding spaces; a leading minus or accounting parentheses for a negative; a lone
 * dash, which spreadsheet accounting formats write for zero (141 lines of the Mexican PEF do);
 * thousands separators in whole groups of three. Empty text is `null` (no amount).
 */
export function parseAmount(text: string, format: NumberFormat = {}, style: AmountStyle = 'accounting'): Parsed {
  let body = text.replace(SPACE, '');
  if (body === '') return null;
  const plain = style === 'plain';
  if (body === '-' && !plain) return { value: '0' };
  let negative = false;
  if (plain) {
    negative = body.startsWith('-');
    if (negative) body = body.slice(1);
  } else if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).replace(SPACE, '');
  } else if (body.startsWith('-') || body.startsWith('+')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  const decimalMark = format.decimal ?? '.';
  const parts = body.split(decimalMark);
  if (parts.length > 2) return { error: `"${text}" is not a number: more than one decimal separator "${decimalMark}"` };
  const [whole = '', fraction = ''] = parts;
  if (parts.length === 2 && !/^\d+$/.test(fraction)) return { error: `"${text}" is not a number` };
  const digits = joinGroups(whole, format.thousands);
  if (digits === null) return { error: `"${text}" is not a number${hint(text, format)}` };
  if (digits === '' && fraction === '') return { error: `"${text}" is not a number` };
  if (plain) {
    if (digits === '') return { error: `"${text}" is not a number` };
    return { value: `${negative ? '-' : ''}${digits}${parts.length === 2 ? `.${fraction}` : ''}` };
  }
  return { value: canonical(negative, digits, fraction) };
}

/**
 * `accounting`: what budget exports and registry sheets write (parentheses or a lone dash, digits
 * made canonical: `"007.50"` → `"7.5"`). `plain`: only digits, an optional leading minus and the
 * declared separators, the digits kept as written (debt files, whose amounts are reconciled
 * against the statement they came from).
 */
export type AmountStyle = 'accounting' | 'plain';

/**
 * A plain amount (see `AmountStyle`) as exact decimal text written with "." and no separators
 * (`-0.01`, `191044211.75`), or null when the text is empty or not such a number.
 */
export function readAmount(text: string, format: NumberFormat = {}): string | null {
  const parsed = parseAmount(text, format, 'plain');
  return parsed !== null && 'value' in parsed ? parsed.value : null;
}

function joinGroups(whole: string, thousands: string | undefined): string | null {
  if (/^\d*$/.test(whole)) return whole;
  if (!thousands || !whole.includes(thousands)) return null;
  const groups = whole.split(thousands);
  const [first = '', ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) return null;
  return groups.join('');
}

function hint(text: string, format: NumberFormat): string {
  const decimalMark = format.decimal ?? '.';
  if (/^[\s\d.,()-]+$/.test(text) && text.includes(',') && decimalMark === '.' && !format.thousands) {
    return '; if "," is a thousands separator or decimal comma, declare it in the column map\'s "numbers"';
  }
  return '';
}

function canonical(negative: boolean, whole: string, fraction: string): string {
  const intPart = whole.replace(/^0+(?=\d)/, '') || '0';
  const fracPart = fraction.replace(/0+$/, '');
  const text = fracPart ? `${intPart}.${fracPart}` : intPart;
  return negative && text !== '0' ? `-${text}` : text;
}

/** A JavaScript number from a spreadsheet cell as exact decimal text (its shortest round-trip form). */
export function numberText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const shift = Number(exponent);
  const digits = whole + fraction;
  const point = whole.length + shift;
  if (point <= 0) return canonical(sign === '-', '0', '0'.repeat(-point) + digits);
  return canonical(sign === '-', digits.padEnd(point, '0').slice(0, point), digits.slice(point));
}

/** Exact sums of decimal text, scaled to integers. */
export class DecimalSum {
  private units = 0n;
  private scale = 0;

  add(value: string): void {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    if (fraction.length > this.scale) {
      this.units *= 10n ** BigInt(fraction.length - this.scale);
      this.scale = fraction.length;
    }
    const units = BigInt(whole + fraction.padEnd(this.scale, '0'));
    this.units += value.startsWith('-') ? -units : units;
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const cut = digits.length - this.scale;
    return canonical(negative, digits.slice(0, cut), digits.slice(cut));
  }
}

export function sumOf(values: Iterable<string>): string {
  const sum = new DecimalSum();
  for (const value of values) sum.add(value);
  return sum.toString();
}
