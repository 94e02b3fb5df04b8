import { Decimal } from 'decimal.js';
import { closeLoneUnknowns, SuppressionState, suppressPrimary } from './closure.js';
import { buildLattice, projectKey, type Item, type Lattice } from './lattice.js';
import type { PublishedCell, PublishedTotal, SuppressionResult, SuppressOptions, TableCell } from './types.js';
import { repairDisclosures } from './repair.js';
import { validate, type Spec } from './validate.js';

/** Exact sums of money: 100 significant digits is far beyond any programme's total. */
const Exact = Decimal.clone({ precision: 100 });

/**
 * Hides every cell and total with 0 < count < k, then enough other numbers that none of them can
 * be recovered from what is shown: not by subtraction within a row, column or margin, and not by
 * adding and subtracting several of them. Deterministic: the same table (in any row order) gives
 * the same result.
 *
 * @example
 * const { cells, totals } = suppress(rows, { k: 5, dimensions: ['programme', 'area', 'sex'], totals: [['programme', 'area'], []] });
 */
export function suppress(cells: readonly TableCell[], options: SuppressOptions): SuppressionResult {
  const spec = validate(cells, options);
  const lattice = buildLattice(cells, spec);
  const state = new SuppressionState(lattice);
  suppressPrimary(state, spec.k);
  closeLoneUnknowns(
    state,
    lattice.equations.map((_, e) => e),
  );
  // The exact audit is the slower check, so it runs only once the cheap closure is stable; what it
  // finds is repaired with hypercubes, whose complements go back through the closure.
  repairDisclosures(state);
  return publish(cells, lattice, spec, state);
}

function publish(cells: readonly TableCell[], lattice: Lattice, spec: Spec, state: SuppressionState): SuppressionResult {
  const nullSums = Object.fromEntries(spec.sumNames.map((name) => [name, null]));
  const row = (i: number, sums: () => Record<string, string>, dims: Record<string, string>) => {
    const reason = state.hidden[i];
    const count = (lattice.items[i] as Item).count;
    return reason
      ? { dims, suppressed: true as const, reason, count: null, sums: nullSums }
      : { dims, suppressed: false as const, reason: null, count, sums: sums() };
  };
  const publishedCells: PublishedCell[] = cells.map((cell, i) => row(i, () => ({ ...cell.sums }), { ...cell.dims }));
  // Totals keep the largest number of decimal places their cells carry: '0.10' + '0.20' is '0.30'.
  const places = spec.sumNames.map((name) => Math.max(0, ...cells.map((cell) => new Exact(cell.sums?.[name] ?? 0).decimalPlaces())));
  const totals: PublishedTotal[] = [];
  for (const level of spec.totalMasks) {
    const over = spec.dims.filter((_, d) => level & (1 << d));
    const sums = new Map<string, Decimal[]>();
    for (const cell of cells) {
      const key = projectKey(
        spec.dims.map((d) => cell.dims[d]),
        level,
      );
      const acc = sums.get(key) ?? spec.sumNames.map(() => new Exact(0));
      spec.sumNames.forEach((name, s) => (acc[s] = (acc[s] as Decimal).plus(cell.sums?.[name] ?? 0)));
      sums.set(key, acc);
    }
    for (const i of lattice.levels.get(level) ?? []) {
      const item = lattice.items[i] as Item;
      const acc = sums.get(projectKey(item.values, level)) ?? [];
      const asText = () => Object.fromEntries(spec.sumNames.map((name, s) => [name, (acc[s] ?? new Exact(0)).toFixed(places[s] ?? 0)]));
      totals.push({ over, ...row(i, asText, Object.fromEntries(over.map((d) => [d, item.values[spec.dims.indexOf(d)] as string]))) });
    }
  }
  return { k: spec.k, cells: publishedCells, totals, steps: state.steps };
}
