import type { EntityManager } from '../../db/orm.js';
import { coaCodesUnder } from '../../finance/coa-lookup.js';
import { converterFor, type Converter } from '../../finance/rate-lookup.js';
import { projectionActivityIds } from './activities.js';
import { activityRows } from './build.js';
import { chunkFacts } from './chunk-facts.js';
import type { AidProjectionRow } from './row.js';
import type { Projection } from './setup.js';

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

/**
 * The aid-on-budget view's rows, streamed in a stable order (activity, fiscal year, quarter,
 * currency, code): the activities under the filters in one statement, then their facts a chunk
 * at a time (five statements per chunk, rates read again only when a chunk brings a new
 * currency). The graph pages over it; an export writes it as it comes.
 */
export async function* projectionRows(
  em: EntityManager,
  projection: Projection,
  options: { chunkSize?: number } = {},
): AsyncGenerator<AidProjectionRow> {
  const { filter, calendar } = projection;
  const size = options.chunkSize ?? CHUNK_ACTIVITIES;
  const [ids, voteCodes] = await Promise.all([
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
  for (let start = 0; start < ids.length; start += size) {
    const chunk = ids.slice(start, start + size);
    const facts = await chunkFacts(em, chunk, filter.country, { startMonth: calendar.startMonth, quarters: filter.quarters });
    const fresh = facts.amounts.map((a) => a.currency).filter((c) => !priced.has(c));
    if (!converter || fresh.length > 0) {
      for (const currency of fresh) priced.add(currency);
      converter = await converterFor(em, [...priced]);
    }
    const amounts = groupBy(facts.amounts, (a) => a.activityId);
    const placements = groupBy(facts.placements, (p) => p.activityId);
    for (const profile of facts.profiles) {
      const ordered = (amounts.get(profile.activityId) ?? []).sort(
        (a, b) =>
          a.fiscalYear - b.fiscalYear ||
          (a.quarter ?? 0) - (b.quarter ?? 0) ||
          a.currency.localeCompare(b.currency) ||
          a.kind.localeCompare(b.kind),
      );
      yield* activityRows(
        {
          profile,
          amounts: ordered,
          placements: placements.get(profile.activityId) ?? [],
          alignment: facts.alignments.get(profile.activityId),
          loanHeld: facts.loanFinanced.has(profile.iatiIdentifier),
        },
        projection,
        converter,
        voteCodes,
      );
    }
  }
}
