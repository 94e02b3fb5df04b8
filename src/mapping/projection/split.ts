/**
 * Exact money splits for the aid-on-budget view: parts to the cent by largest remainder, so the
 * parts always add up to the whole (rounded half-even to the cent) and no cent is made or lost.
 * Integer arithmetic on BigInt cents and scaled weights (`finance/cents.ts`), exact at any size.
 */
import { centsOf, centsText, pow10, scaled } from '../../finance/cents.js';

/** Division rounding down (the divisor positive). */
function divideFloor(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  return numerator % divisor < 0n ? quotient - 1n : quotient;
}

/** Weights (per cent or any non-negative numbers) read once, to split many amounts by. */
export interface Weights {
  readonly units: readonly bigint[];
  readonly total: bigint;
}

export function weightsOf(weights: readonly string[]): Weights {
  const parsed = weights.map(scaled);
  const scale = Math.max(0, ...parsed.map((w) => w.scale));
  const units = parsed.map((w) => w.units * pow10(scale - w.scale));
  const total = units.reduce((sum, w) => sum + w, 0n);
  if (weights.length > 0 && total === 0n) throw new Error('shares add up to zero: nothing to split by');
  return total < 0n ? { units: units.map((w) => -w), total: -total } : { units, total };
}

/** Cents in parts proportional to the weights, by largest remainder. */
export function splitCents(cents: bigint, { units, total }: Weights): bigint[] {
  const sign = cents < 0n ? -1n : 1n;
  const whole = cents * sign;
  const exact = units.map((w) => whole * w);
  const parts = exact.map((e) => divideFloor(e, total));
  let left = whole - parts.reduce((sum, p) => sum + p, 0n);
  if (left === 0n) return sign < 0n ? parts.map((p) => -p) : parts;
  // The leftover cents go to the largest remainders; ties to the earlier part, so the split is stable.
  const order = exact
    .map((e, i) => ({ i, rest: e - parts[i]! * total }))
    .sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return sign < 0n ? parts.map((p) => -p) : parts;
}

/** `amount` in parts proportional to `weights` (per cent or any non-negative numbers), as 2-decimal text. */
export function splitByShares(amount: string, weights: readonly string[]): string[] {
  if (weights.length === 0) return [];
  return splitCents(centsOf(amount), weightsOf(weights)).map(centsText);
}

/** A per-cent share on treasury, read once. */
export interface OnShare {
  readonly units: bigint;
  /** 100 at the share's scale. */
  readonly hundred: bigint;
}

export function onShareOf(share: string): OnShare {
  const on = scaled(share);
  const hundred = 100n * pow10(on.scale);
  if (on.units < 0n || on.units > hundred) throw new Error(`share ${share} is not between 0 and 100`);
  return { units: on.units, hundred };
}

/**
 * The on- and off-treasury parts of cents (on + off = cents): as the largest-remainder split of
 * the two shares, the cent left going to "on" on a tie.
 */
export function onOffCents(cents: bigint, { units, hundred }: OnShare): [bigint, bigint] {
  const sign = cents < 0n ? -1n : 1n;
  const whole = cents * sign;
  const exact = whole * units;
  let on = exact / hundred;
  const rest = exact - on * hundred;
  if (rest > 0n && rest * 2n >= hundred) on += 1n;
  return [on * sign, (whole - on) * sign];
}

/** An amount and the on- and off-treasury parts of it at `share` per cent on (on + off = amount). */
export function onOffParts(amount: string, share: string): { on: string; off: string } {
  const [on, off] = onOffCents(centsOf(amount), onShareOf(share));
  return { on: centsText(on), off: centsText(off) };
}
