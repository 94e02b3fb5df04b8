import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/cli/demo/random.js';
import { centsOf, centsText, timesToCents } from '../../src/finance/cents.js';

/** The exact money arithmetic the aid-on-budget view prices and splits every amount with. */
const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN });
const exactCents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);

describe('exact cents', () => {
  it('prices an amount at a rate exactly as exact decimal arithmetic rounds it, half to even', () => {
    const random = mulberry32(41);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random.next() * 10)).join('') || '0';
    for (let round = 0; round < 5000; round++) {
      const amount =
        `${random.next() < 0.3 ? '-' : ''}${digits(1 + Math.floor(random.next() * 18))}.${digits(Math.floor(random.next() * 4))}`.replace(
          /\.$/,
          '',
        );
      const rate = `${digits(1 + Math.floor(random.next() * 5))}.${digits(1 + Math.floor(random.next() * 16))}`;
      expect(centsText(timesToCents(amount, rate)), `${amount} × ${rate}`).toBe(exactCents(new D(amount).times(rate)));
    }
    // Ties go to the even cent, in both directions.
    expect(centsText(timesToCents('0.125', '1'))).toBe('0.12');
    expect(centsText(timesToCents('0.135', '1'))).toBe('0.14');
    expect(centsText(timesToCents('-0.125', '1'))).toBe('-0.12');
    expect(centsText(timesToCents('1e3', '1.5E-1'))).toBe('150.00');
  });

  it('reads decimal text to the cent and writes it back, never as "-0.00"', () => {
    expect(centsText(centsOf('-0.004'))).toBe('0.00');
    expect(centsText(centsOf('12345678901234567890123.455'))).toBe('12345678901234567890123.46');
    expect(centsText(centsOf('-7'))).toBe('-7.00');
    expect(centsText(centsOf('.5'))).toBe('0.50');
    for (const bad of ['', '-', '1.2.3', '12,50', 'NaN', '1e', 'Infinity']) expect(() => centsOf(bad), bad).toThrow(/not a decimal number/);
  });
});
