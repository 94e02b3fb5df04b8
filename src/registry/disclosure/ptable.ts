/**
 * The cell key method's perturbation table (the "p-table"), as the Australian Bureau of
 * Statistics' TableBuilder and the UK's 2021 census flexible tables use it: a group of records with
 * true count n and cell key u (the sum of its records' random keys, modulo KEY_MODULUS, as a
 * fraction of it) is published as n + noise, the noise read from n's row of the table at u. The
 * same records always have the same key sum, so the same group always gets the same noise,
 * whatever the query.
 *
 * The table, for the threshold k:
 * - n = 0 is published as 0 (zeros stay zero);
 * - 1 ≤ n < k is never published as itself: n − 2, n − 1, n + 1 or n + 2, equally likely;
 * - n ≥ k: n with probability 1/2, n ± 1 with 3/20 each, n ± 2 with 1/10 each;
 * - and no count is ever published as 1 (those outcomes are left out and the rest share the row).
 * So the noise is at most ±NOISE_BOUND, and every published count is consistent with at least
 * three true counts (see consistentCounts).
 */
export const KEY_MODULUS = 1_048_576;
export const NOISE_BOUND = 2;

const LARGE_ROW: readonly [number, number][] = [
  [-2, 0.1],
  [-1, 0.15],
  [0, 0.5],
  [1, 0.15],
  [2, 0.1],
];
const SMALL_ROW: readonly [number, number][] = [
  [-2, 1],
  [-1, 1],
  [1, 1],
  [2, 1],
];

/** The published counts a true count can become, with their probabilities (adding to 1), lowest first. */
export function ptableRow(count: number, k: number): [published: number, probability: number][] {
  if (count === 0) return [[0, 1]];
  const outcomes = (count < k ? SMALL_ROW : LARGE_ROW)
    .map(([noise, weight]): [number, number] => [count + noise, weight])
    .filter(([published]) => published >= 0 && published !== 1);
  const total = outcomes.reduce((sum, [, weight]) => sum + weight, 0);
  return outcomes.map(([published, weight]) => [published, weight / total]);
}

/** The count published for `count` records whose keys add up to `cellKey` (modulo KEY_MODULUS). */
export function perturbCount(count: number, cellKey: number, k: number): number {
  const u = (((cellKey % KEY_MODULUS) + KEY_MODULUS) % KEY_MODULUS) / KEY_MODULUS;
  const row = ptableRow(count, k);
  let cumulative = 0;
  for (const [published, probability] of row) {
    cumulative += probability;
    if (u < cumulative) return published;
  }
  return row.at(-1)![0];
}

/** What a published count tells anyone who knows this table: the true counts it can have come from. */
export function consistentCounts(published: number, k: number): number[] {
  const candidates: number[] = [];
  for (let count = Math.max(0, published - NOISE_BOUND); count <= published + NOISE_BOUND; count++)
    if (ptableRow(count, k).some(([value]) => value === published)) candidates.push(count);
  return candidates;
}
