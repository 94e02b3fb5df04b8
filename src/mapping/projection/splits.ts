import { authoritativeReports } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { projectionActivityIds } from './activities.js';
import { placementsOf, type Placement } from './chunk-facts.js';
import type { Projection } from './setup.js';

/** One activity's share in one code of a segment, as placed (the whole split of every segment, beside the rows). */
export type ActivitySplit = Omit<Placement, 'activityId'> & { readonly iatiIdentifier: string };

/** The full split, per segment, of a page of the activities the view's filter selects (in the rows' order). */
export async function activitySplits(
  em: EntityManager,
  projection: Projection,
  page: { offset: number; limit: number },
): Promise<ActivitySplit[]> {
  const { filter, administrative } = projection;
  const under = filter.votes.length > 0 ? { segment: administrative, codes: filter.votes } : null;
  const ids = (await projectionActivityIds(em, { ...filter, under }, administrative)).slice(page.offset, page.offset + page.limit);
  if (ids.length === 0) return [];
  const [reports, placements] = await Promise.all([authoritativeReports(em, ids), placementsOf(em, ids, filter.country)]);
  const identifiers = new Map(reports.map((r) => [r.activityId, r.iatiIdentifier]));
  return placements.flatMap(({ activityId, ...placement }) => {
    const iatiIdentifier = identifiers.get(activityId);
    return iatiIdentifier ? [{ iatiIdentifier, ...placement }] : [];
  });
}
