import type { TableCell } from './types.js';
import type { Spec } from './validate.js';

/**
 * The table and all its margins as one set of items linked by additive equations. A level is a
 * bitmask of the dimensions an item keeps: the cells keep all of them, the grand total none.
 */
export interface Item {
  readonly level: number;
  /** By dimension index; undefined where the item sums over that dimension. */
  readonly values: readonly (string | undefined)[];
  count: number;
  /** Canonical position: finer levels first, then by dimension values. Breaks every tie. */
  rank: number;
}

/** `total` is the sum of `children`: the items one level finer that split it by dimension `dim`. */
export interface Equation {
  readonly total: number;
  readonly children: readonly number[];
  readonly dim: number;
}

export interface Lattice {
  readonly dims: readonly string[];
  /** The cells first, in input order (item i is cell i), then the margins. */
  readonly items: readonly Item[];
  readonly equations: readonly Equation[];
  /** For each item, the equations it appears in (as total or as child). */
  readonly byItem: readonly (readonly number[])[];
  /** Items of each level, in canonical order. */
  readonly levels: ReadonlyMap<number, readonly number[]>;
  /** The item of a level with these values (by dimension index), if the table has one. */
  find(level: number, values: readonly (string | undefined)[]): number | undefined;
}

/** Codepoint order: the same on every machine and locale, unlike localeCompare. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const popcount = (mask: number) => {
  let bits = 0;
  for (let m = mask; m; m &= m - 1) bits++;
  return bits;
};

export function projectKey(values: readonly (string | undefined)[], level: number): string {
  return JSON.stringify(values.map((v, d) => (level & (1 << d) ? v : null)));
}

/**
 * Builds every margin, not just the requested ones: an analyst can ask tomorrow for the totals
 * not asked for today, and the hidden cells must not fall to the difference between the two
 * answers. Adjacent levels suffice for the equations: any other additive relation between the
 * items (a total against cells two levels down) is a sum of these.
 */
export function buildLattice(cells: readonly TableCell[], spec: Spec): Lattice {
  const n = spec.dims.length;
  const full = (1 << n) - 1;
  const items: Item[] = cells.map((cell) => ({ level: full, values: spec.dims.map((d) => cell.dims[d]), count: cell.count, rank: 0 }));
  const index = new Map<number, Map<string, number>>([[full, new Map(items.map((item, i) => [projectKey(item.values, full), i]))]]);
  for (let level = full - 1; level >= 0; level--) {
    const byKey = new Map<string, number>();
    for (const cell of items.slice(0, cells.length)) {
      const key = projectKey(cell.values, level);
      let at = byKey.get(key);
      if (at === undefined) {
        at = items.push({ level, values: cell.values.map((v, d) => (level & (1 << d) ? v : undefined)), count: 0, rank: 0 }) - 1;
        byKey.set(key, at);
      }
      const total = items[at] as Item;
      total.count += cell.count;
    }
    index.set(level, byKey);
  }
  const order = items.map((_, i) => i).sort((a, b) => compareItems(items[a] as Item, items[b] as Item));
  order.forEach((i, rank) => ((items[i] as Item).rank = rank));
  const levels = new Map<number, number[]>();
  for (const i of order) {
    const level = (items[i] as Item).level;
    const members = levels.get(level);
    if (members) members.push(i);
    else levels.set(level, [i]);
  }
  const equations = buildEquations(items, index, levels, n);
  const byItem: number[][] = items.map(() => []);
  equations.forEach((eq, e) => {
    byItem[eq.total]?.push(e);
    for (const c of eq.children) byItem[c]?.push(e);
  });
  const find = (level: number, values: readonly (string | undefined)[]) => index.get(level)?.get(projectKey(values, level));
  return { dims: spec.dims, items, equations, byItem, levels, find };
}

function compareItems(a: Item, b: Item): number {
  const byLevel = popcount(b.level) - popcount(a.level) || b.level - a.level;
  if (byLevel) return byLevel;
  for (let d = 0; d < a.values.length; d++) {
    const byValue = compareText(a.values[d] ?? '', b.values[d] ?? '');
    if (byValue) return byValue;
  }
  return 0;
}

function buildEquations(
  items: readonly Item[],
  index: ReadonlyMap<number, ReadonlyMap<string, number>>,
  levels: ReadonlyMap<number, readonly number[]>,
  n: number,
): Equation[] {
  const equations: Equation[] = [];
  for (let level = 0; level < (1 << n) - 1; level++) {
    for (let dim = 0; dim < n; dim++) {
      if (level & (1 << dim)) continue;
      const children = new Map<number, number[]>();
      for (const c of levels.get(level | (1 << dim)) ?? []) {
        const parent = index.get(level)?.get(projectKey((items[c] as Item).values, level));
        if (parent === undefined) throw new Error(`lattice: no level-${level} parent for item ${c}`);
        const parts = children.get(parent);
        if (parts) parts.push(c);
        else children.set(parent, [c]);
      }
      for (const [total, parts] of children) equations.push({ total, children: parts, dim });
    }
  }
  // Canonical order, so the order groups are examined in (and so the result) never depends on input order.
  const rank = (i: number) => (items[i] as Item).rank;
  return equations.sort((a, b) => rank(a.total) - rank(b.total) || a.dim - b.dim);
}

/** "programme=SCTP, area=Balaka, sex=F" for a cell; "total of programme=SCTP" for a margin. */
export function label(lattice: Lattice, i: number): string {
  const item = lattice.items[i] as Item;
  const kept = lattice.dims.flatMap((d, at) => (item.level & (1 << at) ? [`${d}=${item.values[at]}`] : []));
  if (item.level === (1 << lattice.dims.length) - 1) return kept.join(', ');
  return kept.length ? `total of ${kept.join(', ')}` : 'grand total';
}

/** "total of programme=SCTP split by area". */
export function describeEquation(lattice: Lattice, e: number): string {
  const eq = lattice.equations[e] as Equation;
  return `${label(lattice, eq.total)} split by ${lattice.dims[eq.dim]}`;
}
