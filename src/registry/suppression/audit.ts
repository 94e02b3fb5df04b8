import type { Item, Lattice } from './lattice.js';
import { determinedColumns, type Row } from './elimination.js';
import type { SuppressionReason } from './types.js';

/**
 * The exact check behind the group-by-group rule. Two hidden numbers in every group stop
 * subtraction within a group, not across groups: in a 2-way table, two hidden 2×2 blocks joined by
 * one hidden cell leave that cell equal to row1 + row2 − col1 − col2 of published numbers; in 3-way
 * and larger tables, lines with two hidden cells each can still pin them all down when their
 * signs cannot alternate consistently. Every group's equation, restricted to the hidden numbers,
 * goes into one linear system per block of hidden numbers linked by shared groups, and
 * elimination.ts says which of them the published numbers determine.
 */
export interface Disclosure {
  /** The hidden item that published numbers determine. */
  readonly item: number;
  /** The equations of its connected block of hidden numbers: where a complement may be found. */
  readonly equations: readonly number[];
}

export function findDisclosures(
  lattice: Lattice,
  hidden: readonly (SuppressionReason | null)[],
  unknowns: readonly number[],
): Disclosure[] {
  // Equations with no hidden number say nothing about them; after the closure none has exactly one.
  const relevant = lattice.equations.flatMap((_, e) => ((unknowns[e] ?? 0) >= 1 ? [e] : []));
  const hiddenOf = (e: number) => {
    const eq = lattice.equations[e];
    return eq ? [eq.total, ...eq.children].filter((i) => hidden[i]) : [];
  };
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    let root = i;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as number;
    parent.set(i, root);
    return root;
  };
  for (const e of relevant) {
    const [first, ...rest] = hiddenOf(e);
    if (first === undefined) continue;
    if (!parent.has(first)) parent.set(first, first);
    for (const i of rest) {
      if (!parent.has(i)) parent.set(i, i);
      parent.set(find(i), find(first));
    }
  }
  // Blocks of hidden numbers that share no equation are independent: eliminate each on its own.
  const blocks = new Map<number, number[]>();
  for (const e of relevant) {
    const first = hiddenOf(e)[0];
    if (first === undefined) continue;
    const root = find(first);
    const block = blocks.get(root);
    if (block) block.push(e);
    else blocks.set(root, [e]);
  }
  const found: Disclosure[] = [];
  for (const equations of blocks.values()) {
    for (const item of determined(lattice, hidden, equations)) found.push({ item, equations });
  }
  const rank = (i: number) => (lattice.items[i] as Item).rank;
  return found.sort((a, b) => rank(a.item) - rank(b.item));
}

function determined(lattice: Lattice, hidden: readonly (SuppressionReason | null)[], equations: readonly number[]): number[] {
  return determinedColumns(
    equations.map((e) => {
      const eq = lattice.equations[e];
      const row: Row = new Map();
      if (eq && hidden[eq.total]) row.set(eq.total, 1n);
      for (const c of eq?.children ?? []) if (hidden[c]) row.set(c, -1n);
      return row;
    }),
  );
}

/**
 * Whether `item` is still determined by the equations near it (a few groups out along hidden
 * numbers). A subsystem that pins it down pins it down in the whole table, so "yes" is certain;
 * "no" is a good guess that the next full audit confirms or refutes.
 */
export function determinedNear(lattice: Lattice, hidden: readonly (SuppressionReason | null)[], item: number, limit = 300): boolean {
  const equations = new Set<number>();
  const seen = new Set([item]);
  for (let frontier = [item]; frontier.length > 0 && equations.size < limit;) {
    const next: number[] = [];
    for (const i of frontier)
      for (const e of lattice.byItem[i] ?? []) {
        if (equations.has(e)) continue;
        equations.add(e);
        const eq = lattice.equations[e];
        for (const j of eq ? [eq.total, ...eq.children] : [])
          if (hidden[j] && !seen.has(j)) {
            seen.add(j);
            next.push(j);
          }
      }
    frontier = next;
  }
  return determined(lattice, hidden, [...equations]).includes(item);
}
