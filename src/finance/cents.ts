/**
 * Exact money arithmetic on decimal text, in BigInt: amounts to the cent, rounded half to even,
 * at any size. What the aid-on-budget view does for every amount of every row (convert, split,
 * on and off treasury): a decimal library's objects made most of an export's time.
 */
export interface Scaled {
  /** The value times 10^scale, exactly. */
  readonly units: bigint;
  readonly scale: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TEN = 10n;
const POWERS = Array.from({ length: 64 }, (_, n) => TEN ** BigInt(n));
export const pow10 = (n: number): bigint => POWERS[n] ?? TEN ** BigInt(n);

/** A decimal text ("1234.50", "-0.005", "1e-7") as an exact scaled integer. */
export function scaled(text: string): Scaled {
  const match = NUMBER.exec(text.trim());
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match ?? [];
  if (!match || whole + fraction === '') throw new Error(`"${text}" is not a decimal number`);
  let units = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

/** Division rounding half to even (the divisor positive). */
export function divideHalfEven(numerator: bigint, divisor: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / divisor;
  const twice = (n % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** The amount in cents, rounded half-even. */
export function centsOf(amount: string): bigint {
  const { units, scale } = scaled(amount);
  return scale <= 2 ? units * pow10(2 - scale) : divideHalfEven(units, pow10(scale - 2));
}

/** Cents as 2-decimal text ("-0.05"); zero is never signed. */
export function centsText(cents: bigint): string {
  if (cents === 0n) return '0.00';
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** `amount` × `rate`, rounded half to even to the cent, exactly. */
export function timesToCents(amount: string, rate: string | Scaled): bigint {
  const a = scaled(amount);
  const r = typeof rate === 'string' ? scaled(rate) : rate;
  const scale = a.scale + r.scale;
  const product = a.units * r.units;
  return scale <= 2 ? product * pow10(2 - scale) : divideHalfEven(product, pow10(scale - 2));
}
