import { describeEquation, label, type Item, type Lattice } from './lattice.js';
import type { SuppressionReason, SuppressionStep } from './types.js';

/** Which items are hidden, and how many hidden items each equation holds. */
export class SuppressionState {
  readonly hidden: (SuppressionReason | null)[];
  readonly unknowns: number[];
  readonly steps: SuppressionStep[] = [];

  constructor(readonly lattice: Lattice) {
    this.hidden = lattice.items.map(() => null);
    this.unknowns = lattice.equations.map(() => 0);
  }

  /** Hides an item and returns the equations whose count of unknowns changed. */
  hide(
    i: number,
    reason: SuppressionReason,
    rule: SuppressionStep['rule'],
    protects: number | null,
    via: number | null,
  ): readonly number[] {
    if (this.hidden[i]) throw new Error(`suppression: ${label(this.lattice, i)} is already hidden`);
    this.hidden[i] = reason;
    this.steps.push({
      item: label(this.lattice, i),
      reason,
      rule,
      protects: protects === null ? null : label(this.lattice, protects),
      via: via === null ? null : describeEquation(this.lattice, via),
    });
    const touched = this.lattice.byItem[i] ?? [];
    for (const e of touched) this.unknowns[e] = (this.unknowns[e] ?? 0) + 1;
    return touched;
  }
}

/**
 * Primary suppression: 0 < count < k. A zero is shown: it says nobody is there, which is about no
 * one, and hiding zeros would hide the programme's coverage gaps that analysts look for.
 */
export function suppressPrimary(state: SuppressionState, k: number): void {
  const { items, levels } = state.lattice;
  for (const members of levels.values())
    for (const i of members) {
      const count = (items[i] as Item).count;
      if (count > 0 && count < k) state.hide(i, 'primary', 'below-k', null, null);
    }
}

/**
 * The cheaper candidate first: the smaller count (less information lost), then canonical order.
 * Zeros are never candidates: an attacker often knows a cell is structurally empty (no 60+ in a
 * child grant), so a hidden zero protects nothing.
 */
export function isBetterComplement(items: readonly Item[], a: number, b: number): boolean {
  const x = items[a] as Item;
  const y = items[b] as Item;
  return x.count < y.count || (x.count === y.count && x.rank < y.rank);
}

/**
 * Complementary suppression until no equation (a total and the parts it adds up to) holds exactly
 * one hidden number, which would be recovered by subtraction. The complement is the smallest
 * shown non-zero part of that group; when there is none (the group is one cell, or the others are
 * zeros) the group's total goes instead. Each complement can leave another group with one hidden
 * number, so the affected groups are examined again, in canonical order, until nothing changes.
 */
export function closeLoneUnknowns(state: SuppressionState, start: readonly number[]): void {
  const { items, equations } = state.lattice;
  let pending = [...new Set(start)].sort((a, b) => a - b);
  while (pending.length > 0) {
    const next = new Set<number>();
    for (const e of pending) {
      if (state.unknowns[e] !== 1) continue;
      const eq = equations[e];
      if (!eq) continue;
      const lone = [eq.total, ...eq.children].find((i) => state.hidden[i]) as number;
      let complement = -1;
      for (const c of eq.children)
        if (!state.hidden[c] && (items[c] as Item).count > 0 && (complement < 0 || isBetterComplement(items, c, complement)))
          complement = c;
      // Reached only when the lone hidden number is a part: the total is then shown and at least as large.
      if (complement < 0) complement = eq.total;
      for (const touched of state.hide(complement, 'secondary', 'lone-unknown', lone, e)) next.add(touched);
    }
    pending = [...next].sort((a, b) => a - b);
  }
}
