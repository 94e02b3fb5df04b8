import { sql } from 'kysely';
import { disbursementFacts } from '../../aid/locations.js';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb } from '../db.js';
import { locationMatches } from './match.js';

/**
 * The aid located in registry districts: each activity's disbursements dated in the window, per
 * currency, split evenly across all its locations (IATI gives a location no percentage), in cents:
 * each location gets the total's cents divided by the number of locations (truncated), and the
 * cents left over go one each to the first locations in published order, so the parts add up to the
 * cent. A district holds the parts of the locations matched to it; the parts of unmatched locations
 * are nobody's (listed by `unmatchedLocations`). One statement for any number of districts.
 */
export interface AreaAidRow {
  readonly area: string;
  readonly iati_identifier: string;
  readonly currency: string;
  /** The activity's locations matched to this district, and all its locations. */
  readonly here: number;
  readonly locations: number;
  readonly amount: string;
}

export interface Window {
  readonly from: string;
  readonly to: string;
}

export async function areaAid(em: EntityManager, areas: readonly string[], window: Window): Promise<AreaAidRow[][]> {
  const { rows } =
    await sql<AreaAidRow>`with located as (select * from ${locationMatches(em)} m where m.area = any(${sql.val([...areas])}::text[])),
      paid as (select * from (${disbursementFacts(em, window.from, window.to)}) d where d.activity_id in (select activity_id from located)),
      parts as (
        select l.area, l.iati_identifier, p.currency, l.locations, l.seq, round(p.amount * 100)::bigint as cents
        from located l join paid p on p.activity_id = l.activity_id)
    select area, iati_identifier, currency, count(*)::int as here, max(locations)::int as locations,
      (sum(cents / locations + case when seq <= abs(cents % locations) then sign(cents) else 0 end) / 100.0)::numeric(24, 2)::text as amount
    from parts group by area, iati_identifier, currency
    order by area, iati_identifier, currency`.execute(mappingDb(em));
  return areas.map((area) => rows.filter((row) => row.area === area));
}
