import { Decimal } from 'decimal.js';
import type { Viewer } from '../../auth/viewer.js';
import type { FactCell } from '../statistics/facts.js';
import { perturbAmount, placesOf } from './magnitude.js';
import { perturbCount } from './ptable.js';

/**
 * The one disclosure-control gate every aggregate of the registry goes through (registryStatistics,
 * paymentReconciliation, and any programme statistics to come). A registry officer, who may read
 * the records themselves, gets exact numbers. Everyone else gets the cell key method: the hub
 * groups records into the finest cells it ever publishes from (every dimension the measure has,
 * districts, months for flows, the asked windows for enrolments), perturbs each of those, and
 * adds up the perturbed cells into whatever was asked. So every number any request returns is a
 * sum of the same perturbed cells, and subtracting one request from another gives a perturbed
 * cell again, never a true one.
 */
export type DisclosurePolicy = { readonly exact: true } | { readonly exact: false; readonly k: number };

export function disclosurePolicy(viewer: Viewer, k: number): DisclosurePolicy {
  return viewer.roles.includes('registry-officer') ? { exact: true } : { exact: false, k };
}

/** A group of records as it may be published: its dimension values, count and (payments) amount. */
export interface Publishable {
  readonly dims: Readonly<Record<string, string>>;
  readonly count: number;
  readonly amount: string | null;
}

/**
 * The finest cells, perturbed: same records, same noise. A cell's amount is rounded to its own
 * payments' decimal places, not to those of whatever else the request asked for, so a cell shows
 * the same number whichever other programmes or areas come with it (a programme's nested
 * statistics and registryStatistics for it alone agree).
 */
export function perturbCells(facts: readonly FactCell[], k: number): Publishable[] {
  return facts.map((fact) => {
    const count = perturbCount(fact.count, fact.cellKey, k);
    const places = placesOf([fact.amount, fact.largest]);
    const amount =
      fact.amount === null ? null : perturbAmount(fact.amount, fact.largest ?? '0', count - fact.count, fact.amountKey, count, places);
    return { dims: fact.dims, count, amount };
  });
}

export interface Tabulated extends Publishable {
  /** For a total: the dimensions it keeps (none: the grand total); null for a cell. */
  readonly over: readonly string[] | null;
}

/**
 * Adds up publishable cells into the cells of `dimensions` and the asked totals (each named by the
 * dimensions it keeps), in dimension-value order. With `dropZeros` (perturbed cells), a cell or
 * total adding up to 0 is left out like an empty one, so that being listed says nothing about a count.
 */
export function tabulate(
  rows: readonly Publishable[],
  dimensions: readonly string[],
  totals: readonly (readonly string[])[],
  dropZeros: boolean,
): { cells: Tabulated[]; totals: Tabulated[] } {
  const places = placesOf(rows.map((row) => row.amount));
  const level = (over: readonly string[], isTotal: boolean): Tabulated[] => {
    const groups = new Map<string, { dims: Record<string, string>; count: number; amount: Decimal | null }>();
    for (const row of rows) {
      const dims = Object.fromEntries(over.map((d) => [d, row.dims[d] ?? '']));
      const key = JSON.stringify(over.map((d) => dims[d]));
      const group = groups.get(key) ?? { dims, count: 0, amount: null };
      group.count += row.count;
      if (row.amount !== null) group.amount = (group.amount ?? new Decimal(0)).plus(row.amount);
      groups.set(key, group);
    }
    if (over.length === 0 && groups.size === 0) groups.set('[]', { dims: {}, count: 0, amount: null });
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, group]) => ({
        dims: group.dims,
        count: group.count,
        amount: group.amount?.toFixed(places) ?? null,
        over: isTotal ? over : null,
      }))
      .filter((cell) => !dropZeros || cell.count > 0 || over.length === 0);
  };
  return { cells: level(dimensions, false), totals: totals.flatMap((over) => level(over, true)) };
}
