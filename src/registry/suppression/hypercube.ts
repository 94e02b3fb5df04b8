import { compareText, type Item, type Lattice } from './lattice.js';

/** How many choices of corners to price before taking the cheapest seen. */
const MAX_CHOICES = 512;

/**
 * Numbers to hide so that `target` is provably not determined: a hypercube of cells around it.
 * Give the cells {u_d, a_d} on each dimension d the target keeps (and one fixed value w_d on each
 * dimension it sums over) the signs +1/−1 by parity, and every other cell 0. Summing those signs
 * up the lattice gives each item a change that keeps every published equation true (each item
 * is the sum of its cells), moves the target by 1, and leaves every item whose sum is 0 alone.
 * Hiding the items with a non-zero sum (2^n of them) therefore leaves the target free to move.
 * Every one of them must exist and be non-zero: a zero is shown, so it cannot move. Returns null
 * when no such cube exists; the caller then falls back to hiding the cheapest neighbour.
 */
export function hypercube(lattice: Lattice, hidden: readonly unknown[], target: number): number[] | null {
  const { items, dims } = lattice;
  const n = dims.length;
  const full = (1 << n) - 1;
  const u = items[target] as Item;
  const kept = u.level;
  const count = (level: number, values: readonly (string | undefined)[]) => {
    const i = lattice.find(level, values);
    return i === undefined ? Infinity : (items[i] as Item).count;
  };
  // Per dimension, the values to try, cheapest neighbour first: alternatives a_d where the target
  // keeps d, and the fixed value w_d where it sums over d.
  const options = dims.map((_, d) => {
    const values = (lattice.levels.get(1 << d) ?? []).map((i) => (items[i] as Item).values[d] as string);
    const level = kept | (1 << d);
    const price = (v: string) =>
      count(
        level,
        u.values.map((x, e) => (e === d ? v : x)),
      );
    return values
      .filter((v) => v !== u.values[d])
      .map((v) => [v, price(v)] as const)
      .sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]))
      .map(([v]) => v);
  });
  if (options.some((o) => o.length === 0)) return null;
  let best: { support: number[]; added: number; weight: number } | null = null;
  const choice = dims.map(() => 0);
  for (let tried = 0; tried < MAX_CHOICES; tried++) {
    const support = supportOf(lattice, u, kept, full, (d) => options[d]?.[choice[d] ?? 0] as string);
    if (support) {
      const fresh = support.filter((i) => !hidden[i]);
      const weight = fresh.reduce((sum, i) => sum + (items[i] as Item).count, 0);
      if (!best || fresh.length < best.added || (fresh.length === best.added && weight < best.weight))
        best = { support, added: fresh.length, weight };
    }
    // Next choice, odometer style over the per-dimension option lists.
    let d = n - 1;
    for (; d >= 0; d--) {
      choice[d] = (choice[d] ?? 0) + 1;
      if ((choice[d] as number) < (options[d]?.length ?? 0)) break;
      choice[d] = 0;
    }
    if (d < 0) break;
  }
  return best ? best.support : null;
}

/** The items with a non-zero sum for one choice of corners, or null if one is missing or zero. */
function supportOf(lattice: Lattice, u: Item, kept: number, full: number, pick: (d: number) => string): number[] | null {
  const support: number[] = [];
  const free = full & ~kept;
  // Levels L with kept ⊆ L: kept plus any subset of the summed-over dimensions.
  for (let extra = free; ; extra = (extra - 1) & free) {
    const level = kept | extra;
    // Corners: any subset of the kept dimensions takes its alternative value.
    for (let flip = kept; ; flip = (flip - 1) & kept) {
      const values = u.values.map((v, d) => (flip & (1 << d) || extra & (1 << d) ? pick(d) : level & (1 << d) ? v : undefined));
      const i = lattice.find(level, values);
      if (i === undefined || (lattice.items[i] as Item).count === 0) return null;
      support.push(i);
      if (flip === 0) break;
    }
    if (extra === 0) break;
  }
  return support;
}
