import { Decimal } from 'decimal.js';

/**
 * Exact money splits for the aid-on-budget view: parts to the cent by largest remainder, so the
 * parts always add up to the whole (rounded half-even to the cent) and no cent is made or lost.
 */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });

/** `amount` in parts proportional to `weights` (per cent or any non-negative numbers), as 2-decimal text. */
export function splitByShares(amount: string, weights: readonly string[]): string[] {
  if (weights.length === 0) return [];
  const cents = new D(amount).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  const sign = cents.isNegative() ? -1 : 1;
  const whole = cents.abs();
  const total = weights.reduce((sum, w) => sum.plus(w), new D(0));
  if (total.isZero()) throw new Error('shares add up to zero: nothing to split by');
  const exact = weights.map((w) => whole.times(w).dividedBy(total));
  const parts = exact.map((e) => e.floor());
  let left = whole.minus(parts.reduce((sum, p) => sum.plus(p), new D(0))).toNumber();
  // The leftover cents go to the largest remainders; ties to the earlier part, so the split is stable.
  const order = exact.map((e, i) => ({ i, rest: e.minus(e.floor()) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = parts[i]!.plus(1);
    left -= 1;
  }
  return parts.map((p) => p.times(sign).dividedBy(100).toFixed(2));
}

/** An amount and the on- and off-treasury parts of it at `share` per cent on (on + off = amount). */
export function onOffParts(amount: string, share: string): { on: string; off: string } {
  const onShare = new D(share);
  if (onShare.lessThan(0) || onShare.greaterThan(100)) throw new Error(`share ${share} is not between 0 and 100`);
  const [on, off] = splitByShares(amount, [onShare.toFixed(), new D(100).minus(onShare).toFixed()]);
  return { on: on!, off: off! };
}
