import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/cli/demo/random.js';
import { financeTypeClass } from '../../../src/mapping/projection/finance-type.js';
import { onOffParts, splitByShares } from '../../../src/mapping/projection/split.js';

/** The view's arithmetic: exact splits to the cent, and the grant/loan/other reading of IATI finance types. */
const sum = (parts: readonly string[]) => parts.reduce((total, part) => total.plus(part), new Decimal(0));
const cents = (amount: string) => new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

describe('splitting an amount by mapping shares', () => {
  it('always adds up to the amount, to the cent, over many random shares and amounts', () => {
    const random = mulberry32(13);
    for (let round = 0; round < 2000; round++) {
      const count = 1 + Math.floor(random.next() * 7);
      const shares = Array.from({ length: count }, () => (random.next() * 100).toFixed(Math.floor(random.next() * 5)));
      if (shares.every((s) => Number(s) === 0)) shares[0] = '1';
      const sign = random.next() < 0.2 ? '-' : '';
      const amount = `${sign}${Math.floor(random.next() * 10 ** (1 + Math.floor(random.next() * 12)))}.${String(Math.floor(random.next() * 1000)).padStart(3, '0')}`;
      const parts = splitByShares(amount, shares);
      expect(parts).toHaveLength(count);
      expect(sum(parts).toFixed(2), `${amount} by ${shares.join(', ')}`).toBe(cents(amount).toFixed(2));
      for (const [i, part] of parts.entries()) {
        const exact = new Decimal(amount).times(shares[i]!).dividedBy(sum(shares));
        // Largest remainder never moves a part by more than one cent (plus the whole's own rounding).
        expect(new Decimal(part).minus(exact).abs().lessThanOrEqualTo(0.015)).toBe(true);
      }
    }
  });

  it('gives exactly what decimal arithmetic gives (largest remainder in decimal.js), for any amount, share and spelling', () => {
    const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN });
    const reference = (amount: string, weights: readonly string[]): string[] => {
      const cents = new D(amount).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
      const whole = cents.abs();
      const total = weights.reduce((sum, w) => sum.plus(w), new D(0));
      const exact = weights.map((w) => whole.times(w).dividedBy(total));
      const parts = exact.map((e) => e.floor());
      let left = whole.minus(parts.reduce((sum, p) => sum.plus(p), new D(0))).toNumber();
      const order = exact.map((e, i) => ({ i, rest: e.minus(e.floor()) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
      for (const { i } of order) if (left-- > 0) parts[i] = parts[i]!.plus(1);
      return parts.map((p) =>
        p
          .times(cents.isNegative() ? -1 : 1)
          .dividedBy(100)
          .toFixed(2),
      );
    };
    const random = mulberry32(29);
    const spell = (value: string) =>
      random.next() < 0.1 ? new Decimal(value).toExponential() : random.next() < 0.1 && !value.startsWith('-') ? `+${value}` : value;
    for (let round = 0; round < 3000; round++) {
      const weights = Array.from({ length: 1 + Math.floor(random.next() * 5) }, () =>
        spell((random.next() * 100).toFixed(Math.floor(random.next() * 7))),
      );
      if (weights.every((w) => Number(w) === 0)) weights[0] = '1';
      const digits = Math.floor(random.next() * 25);
      const amount = `${random.next() < 0.3 ? '-' : ''}${Math.floor(random.next() * 10 ** Math.min(digits, 15))}${'7'.repeat(Math.max(0, digits - 15))}.${String(Math.floor(random.next() * 100000)).padStart(5, '0')}`;
      expect(splitByShares(spell(amount), weights), `${amount} by ${weights.join(', ')}`).toEqual(reference(amount, weights));
      const share = (random.next() * 100).toFixed(Math.floor(random.next() * 5));
      const [on, off] = reference(amount, [share, new Decimal(100).minus(share).toFixed()]);
      expect(onOffParts(amount, share), `${amount} at ${share} %`).toEqual({ on, off });
    }
    expect(() => splitByShares('12,50', ['100'])).toThrow(/not a decimal number/);
  });

  it('gives the hostile cents to the largest remainders, ties to the earlier part', () => {
    expect(splitByShares('0.01', ['33.3333', '33.3333', '33.3334'])).toEqual(['0.00', '0.00', '0.01']);
    expect(splitByShares('0.02', ['50', '50', '0'])).toEqual(['0.01', '0.01', '0.00']);
    expect(splitByShares('100.00', ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
    expect(splitByShares('-100.00', ['1', '1', '1'])).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(splitByShares('0.005', ['100'])).toEqual(['0.00']); // half-even: the whole rounds first
    expect(splitByShares('99999999999999999.99', ['70', '30'])).toEqual(['69999999999999999.99', '30000000000000000.00']);
    expect(splitByShares('10', [])).toEqual([]);
    expect(() => splitByShares('10', ['0', '0'])).toThrow(/zero/);
  });

  it('splits a partly-on-treasury amount into on and off parts that add up to it', () => {
    const random = mulberry32(7);
    for (let round = 0; round < 1000; round++) {
      const amount = (random.next() * 1e9 - 1e8).toFixed(2);
      const share = (random.next() * 100).toFixed(2);
      const { on, off } = onOffParts(amount, share);
      expect(new Decimal(on).plus(off).toFixed(2)).toBe(new Decimal(amount).toFixed(2));
    }
    expect(onOffParts('1000.00', '100')).toEqual({ on: '1000.00', off: '0.00' });
    expect(onOffParts('1000.00', '0')).toEqual({ on: '0.00', off: '1000.00' });
    expect(onOffParts('0.01', '50')).toEqual({ on: '0.01', off: '0.00' });
    expect(() => onOffParts('1', '101')).toThrow(/between 0 and 100/);
  });
});

describe('the finance type a budget officer sees', () => {
  it.each([
    ['110', false, 'grant'],
    ['100', false, 'grant'],
    ['210', false, 'grant'],
    ['422', false, 'grant'],
    ['410', false, 'loan'],
    ['421', false, 'loan'],
    ['431', false, 'loan'],
    ['510', false, 'other'],
    ['1100', false, 'other'],
    [null, false, 'other'],
    ['banana', false, 'other'],
    ['110', true, 'loan'],
    [null, true, 'loan'],
  ] as const)('reads %s (a loan held in finance: %s) as %s', (code, loan, expected) => {
    expect(financeTypeClass(code, loan)).toBe(expected);
  });
});
