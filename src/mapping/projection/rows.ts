import type { EntityManager } from '../../db/orm.js';
import { coaCodesUnder } from '../../finance/coa-lookup.js';
import { converterFor, type Converter } from '../../finance/rate-lookup.js';
import { projectionActivityIds } from './activities.js';
import { activityRows } from './build.js';
import { chunkFacts } from './chunk-facts.js';
import type { AidProjectionRow } from './row.js';
import type { Projection } from './setup.js';

/** Codes and kinds are ASCII: compared by code unit (localeCompare asks ICU, once per comparison). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Activities read per round: a few statements each, whatever the number of rows they give. */
export const CHUNK_ACTIVITIES = 500;

const groupBy = <T>(items: readonly T[], key: (item: T) => number) => {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

export interface ProjectionRowOptions {
  readonly chunkSize?: number;
  /** The activities already chosen (instead of those under the filters). */
  readonly activityIds?: readonly number[];
  /** Rows split by each of these segments in turn (default the filter's one). */
  readonly segments?: readonly string[];
}

/**
 * The aid-on-budget view's rows, streamed in a stable order (activity, fiscal year, quarter,
 * currency, code): the activities under the filters in one statement, then their facts a chunk
 * at a time (five statements per chunk, rates read again only when a chunk brings a new
 * currency; the next chunk read while this one is written). The graph pages over it; an export
 * writes it as it comes.
 */
export async function* projectionRows(
  em: EntityManager,
  projection: Projection,
  options: ProjectionRowOptions = {},
): AsyncGenerator<AidProjectionRow> {
  for await (const rows of projectionRowBatches(em, projection, options)) yield* rows;
}

/**
 * The same rows, an activity's at a time: what an export iterates, a tenth of the asynchronous
 * turns of one row at a time (each `for await` step of an async generator costs about as much as
 * writing a CSV cell).
 */
export async function* projectionRowBatches(
  em: EntityManager,
  projection: Projection,
  options: ProjectionRowOptions = {},
): AsyncGenerator<readonly AidProjectionRow[]> {
  const { filter, calendar } = projection;
  const size = options.chunkSize ?? CHUNK_ACTIVITIES;
  const bySegment = (options.segments ?? [filter.segment]).map((segment) =>
    segment === filter.segment ? projection : { ...projection, filter: { ...filter, segment } },
  );
  const [ids, voteCodes] = await Promise.all([
    options.activityIds ??
      projectionActivityIds(
        em,
        { ...filter, under: filter.votes.length > 0 ? { segment: projection.administrative, codes: filter.votes } : null },
        projection.administrative,
      ),
    filter.votes.length > 0
      ? coaCodesUnder(em, filter.country, projection.administrative, filter.votes)
          .execute()
          .then((rows) => new Set(rows.map((r) => r.code)))
      : Promise.resolve(null),
  ]);
  let converter: Converter | null = null;
  const priced = new Set([calendar.currency, 'USD', filter.currency]);
  const factsOf = (start: number) =>
    chunkFacts(em, ids.slice(start, start + size), filter.country, { startMonth: calendar.startMonth, quarters: filter.quarters });
  let next = ids.length > 0 ? factsOf(0) : null;
  for (let start = 0; start < ids.length; start += size) {
    const facts = await next!;
    // The next chunk is read while this one's rows are built and written: the database and the writer overlap.
    next = start + size < ids.length ? factsOf(start + size) : null;
    // Awaited at the next turn; this only keeps a failure after an early stop from counting as unhandled.
    next?.catch(() => undefined);
    const fresh = facts.amounts.map((a) => a.currency).filter((c) => !priced.has(c));
    if (!converter || fresh.length > 0) {
      for (const currency of fresh) priced.add(currency);
      converter = await converterFor(em, [...priced]);
    }
    const pricing = converter;
    const amounts = groupBy(facts.amounts, (a) => a.activityId);
    const placements = groupBy(facts.placements, (p) => p.activityId);
    for (const profile of facts.profiles) {
      const ordered = (amounts.get(profile.activityId) ?? []).sort(
        (a, b) =>
          a.fiscalYear - b.fiscalYear || (a.quarter ?? 0) - (b.quarter ?? 0) || byText(a.currency, b.currency) || byText(a.kind, b.kind),
      );
      const activity = {
        profile,
        amounts: ordered,
        placements: placements.get(profile.activityId) ?? [],
        alignment: facts.alignments.get(profile.activityId),
        loanHeld: facts.loanFinanced.has(profile.iatiIdentifier),
      };
      const rows = bySegment.flatMap((split) => [...activityRows(activity, split, pricing, voteCodes)]);
      if (rows.length > 0) yield rows;
    }
  }
}
