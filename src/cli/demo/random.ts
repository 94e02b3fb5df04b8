/**
 * A small seeded PRNG (mulberry32) with the few helpers the demo generator needs. Not for
 * anything secret: it exists so the same seed gives byte-identical demo files on every machine.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

/**
 * Splits a whole number (of cents, or of thousands) into `parts` shares that add up to it
 * exactly, each within about ±`spread` of an even split. Money stays whole until it is printed.
 */
export function splitCents(random: Random, total: number, parts: number, spread = 0.3): number[] {
  return splitByWeight(
    random,
    total,
    Array.from({ length: parts }, () => 1),
    spread,
  );
}

/** As `splitCents`, with shares in proportion to `weights` before the random spread. */
export function splitByWeight(random: Random, total: number, weights: readonly number[], spread = 0.3): number[] {
  if (weights.length <= 1) return [total];
  const jittered = weights.map((w) => w * (1 - spread + random.next() * 2 * spread));
  const sum = jittered.reduce((a, b) => a + b, 0);
  const shares = jittered.map((w) => Math.floor((total * w) / sum));
  const last = shares.length - 1;
  shares[last] = (shares[last] ?? 0) + total - shares.reduce((a, b) => a + b, 0);
  return shares;
}

/** Cents as a plain decimal: `1250000` for whole amounts, `48210.37` otherwise. */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
}
