import { determinedNear, findDisclosures, type Disclosure } from './audit.js';
import { closeLoneUnknowns, isBetterComplement, type SuppressionState } from './closure.js';
import { hypercube } from './hypercube.js';
import type { Item } from './lattice.js';

/**
 * After the group-by-group closure: while the exact audit finds a hidden number that published
 * numbers determine, hide a hypercube around it (which provably frees it), then close again.
 * Within a round, a disclosure that an earlier repair already freed where it sits is skipped; the
 * next audit tells whether that was right. Every round hides at least one more non-zero number,
 * and with all of them hidden nothing is determined (each would be 0), so the loop ends.
 */
export function repairDisclosures(state: SuppressionState): void {
  const { lattice } = state;
  for (let found = findDisclosures(lattice, state.hidden, state.unknowns); found.length > 0;) {
    found.forEach((disclosure, at) => {
      if (at > 0 && !determinedNear(lattice, state.hidden, disclosure.item)) return;
      const cube = hypercube(lattice, state.hidden, disclosure.item)?.filter((i) => !state.hidden[i]) ?? [];
      // A determined number's cube always has a shown corner; the fallback keeps each round moving regardless.
      const added = cube.length > 0 ? cube : [cheapestNeighbour(state, disclosure)];
      const touched = added.flatMap((i) => state.hide(i, 'secondary', 'linear-combination', disclosure.item, null));
      closeLoneUnknowns(state, touched);
    });
    found = findDisclosures(lattice, state.hidden, state.unknowns);
  }
}

/**
 * When no hypercube fits (missing or zero cells): the cheapest shown non-zero number in a group of
 * the recovered item, failing that in its block. One always exists: were every number of the
 * block's groups hidden or zero, the hidden ones would be determined as 0, and none is 0.
 */
function cheapestNeighbour(state: SuppressionState, disclosure: Disclosure): number {
  const { items, equations, byItem } = state.lattice;
  for (const groups of [byItem[disclosure.item] ?? [], disclosure.equations]) {
    let best = -1;
    for (const e of groups) {
      const eq = equations[e];
      for (const i of eq ? [eq.total, ...eq.children] : [])
        if (!state.hidden[i] && (items[i] as Item).count > 0 && (best < 0 || isBetterComplement(items, i, best))) best = i;
    }
    if (best >= 0) return best;
  }
  throw new Error('suppression: a recovered number has no shown number beside it');
}
