import type { FactCell } from '../statistics/facts.js';
import { perturbCells, tabulate, type Publishable, type Tabulated } from './gate.js';

/**
 * Everything the disclosure computation needs, as plain data so it can cross to a worker thread:
 * the grouped cells, whether to perturb them (k) or not (null), how to relabel them (finest months
 * to the asked windows, districts to the asked area level), and what to add them up into.
 */
export interface PublishInput {
  readonly facts: readonly FactCell[];
  readonly k: number | null;
  readonly windowOf: readonly (readonly [string, string])[] | null;
  readonly ancestors: readonly (readonly [string, string])[] | null;
  readonly dimensions: readonly string[];
  readonly totals: readonly (readonly string[])[];
}

export interface PublishOutput {
  readonly cells: Tabulated[];
  readonly totals: Tabulated[];
}

export function publish(input: PublishInput): PublishOutput {
  const rows: Publishable[] = input.k === null ? [...input.facts] : perturbCells(input.facts, input.k);
  const windowOf = input.windowOf ? new Map(input.windowOf) : null;
  const ancestors = input.ancestors ? new Map(input.ancestors) : null;
  const relabelled =
    windowOf || ancestors
      ? rows.map((row) => {
          const dims = { ...row.dims };
          if (windowOf) dims.PERIOD = windowOf.get(dims.PERIOD ?? '') ?? '';
          if (ancestors && dims.AREA) dims.AREA = ancestors.get(dims.AREA) ?? dims.AREA;
          return { ...row, dims };
        })
      : rows;
  return tabulate(relabelled, input.dimensions, input.totals, input.k !== null);
}
