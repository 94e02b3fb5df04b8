import { Decimal } from 'decimal.js';
import { KEY_MODULUS } from './ptable.js';

/**
 * Amounts (magnitude tables), perturbed with the count: a group's sum moves by (e + j) times its
 * largest single amount, where e is the noise its count got (so a sum of equal transfers moves with
 * its count and says nothing the count does not) and j, from the group's second key (the sum of its
 * payments' amount keys), is uniform in [−½, ½). So a group of 1 to k − 1 payments never shows its
 * own sum or anything within half its largest payment of it. A group published with count 0 shows
 * 0, and no sum is shown below 0.
 */
export function perturbAmount(
  amount: string,
  largest: string,
  countNoise: number,
  amountKey: number,
  published: number,
  places: number,
): string {
  if (published === 0) return new Decimal(0).toFixed(places);
  const jitter = (((amountKey % KEY_MODULUS) + KEY_MODULUS) % KEY_MODULUS) / KEY_MODULUS - 0.5;
  const moved = new Decimal(amount).plus(new Decimal(largest).times(countNoise + jitter));
  return Decimal.max(moved, 0).toFixed(places, Decimal.ROUND_HALF_EVEN);
}

/** Decimal places the sums of these amounts keep: '0.10' + '0.20' is '0.30'. */
export function placesOf(amounts: readonly (string | null)[]): number {
  return Math.max(0, ...amounts.map((amount) => (amount === null ? 0 : new Decimal(amount).decimalPlaces())));
}
