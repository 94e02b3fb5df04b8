import type { EntityManager } from '../../db/orm.js';
import type { PublishInput } from '../disclosure/publish.js';
import { ancestorsAt } from './areas.js';
import { DIMENSIONS_OF, PeriodGrain, STOCKS, type RegistryMeasure as M } from './dimensions.js';
import { factCells } from './facts.js';
import { periodsBetween, type Period } from './periods.js';

/**
 * A statistic for anyone but a registry officer starts from the finest cells the hub ever
 * publishes from (every dimension the measure has, by district; flows by month, enrolments by the
 * asked windows), which publish() perturbs by the cell key method, relabels to the asked area
 * level and windows, and adds up. The windows are whole months here (periods are, and periodBounds checks
 * the rest), so every month falls in exactly one window.
 */
export interface ProtectedQuery {
  readonly measure: M;
  readonly windows: readonly Period[];
  readonly areaLevel: number;
  /** The level the cells are perturbed at (districts). */
  readonly atomicLevel: number;
  readonly programmes: readonly string[] | null;
  readonly area: string | null;
  readonly statuses: readonly string[] | null;
}

/** The finest cells for the query, with how to relabel them (months to windows, districts to the asked level). */
export async function finestCells(
  em: EntityManager,
  query: ProtectedQuery,
): Promise<Pick<PublishInput, 'facts' | 'windowOf' | 'ancestors'>> {
  const months = STOCKS.has(query.measure) ? null : monthsOf(query.windows);
  const facts = await factCells(em, {
    ...query,
    dimensions: DIMENSIONS_OF[query.measure],
    windows: months ? months.periods : query.windows,
    areaLevel: query.atomicLevel,
  });
  const ancestors = query.areaLevel < query.atomicLevel ? await ancestorsAt(em, query.areaLevel, query.atomicLevel) : null;
  return { facts, windowOf: months ? [...months.windowOf] : null, ancestors: ancestors ? [...ancestors] : null };
}

/** The months of the windows, and the label of the window each lies in. */
function monthsOf(windows: readonly Period[]): { periods: Period[]; windowOf: Map<string, string> } {
  const periods: Period[] = [];
  const windowOf = new Map<string, string>();
  for (const window of windows)
    for (const month of periodsBetween(window.start, window.end, PeriodGrain.MONTH, null)) {
      periods.push(month);
      windowOf.set(month.label, window.label);
    }
  return { periods, windowOf };
}
