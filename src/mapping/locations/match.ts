import { sql, type RawBuilder } from 'kysely';
import { locationFacts } from '../../aid/locations.js';
import type { EntityManager } from '../../db/orm.js';
import { districtAreas } from '../../registry/area-lookup.js';
import { nameKey } from './name-key.js';

/**
 * Which registry district each activity location is in. By code first: an `<administrative>` code
 * whose vocabulary has a `location:<vocabulary>` rule into the chart's location segment
 * (`location:G1 927642 → coa:location 302`), and the one district an `admin-area` rule places at
 * that location code. Else by name: the location's name and a district's, compared by `nameKey`.
 * Two or more districts by code, or (without a code match) by name, are refused: the location stays
 * unmatched with its candidates, for an AIMS administrator to settle with a `location:` rule.
 */
export type MatchProblem = 'AMBIGUOUS_CODE' | 'AMBIGUOUS_NAME' | 'NO_DISTRICT';

export interface LocationMatchRow {
  readonly location_id: number;
  readonly activity_id: number;
  readonly iati_identifier: string;
  readonly seq: number;
  readonly locations: number;
  readonly name: string | null;
  readonly countries: string[];
  readonly area: string | null;
  readonly method: 'code' | 'name' | null;
  readonly problem: MatchProblem | null;
  readonly candidates: string[];
}

/** Every location of the activities' authoritative reports with its match, as a query to embed or run. */
export function locationMatches(em: EntityManager): RawBuilder<LocationMatchRow> {
  return sql<LocationMatchRow>`(with loc as (${locationFacts(em)}),
    district as (select code, ${nameKey(sql`name`)} as key from (${districtAreas(em)}) d),
    -- The few location rules with the districts at each location code, and every published code, each
    -- materialised: joined as estimated (one row each) the planner would expand every location once per rule.
    code_district as materialized (
      select m.source_scheme as scheme, m.source_code as code, d.code as area
      from map_rule m
      join map_rule r on r.status = 'active' and r.source_scheme = 'admin-area' and r.target_scheme = 'coa:location'
        and r.country = m.country and r.target_code = m.target_code
      join district d on d.code = r.source_code
      where m.status = 'active' and m.target_scheme = 'coa:location' and m.source_scheme like 'location:%'),
    published as materialized (
      select l.location_id, 'location:' || upper(coalesce(x->>'vocabulary', '')) as scheme, x->>'code' as code
      from loc l cross join lateral json_array_elements(l.administrative) x),
    by_code as (
      select p.location_id, array_agg(distinct c.area order by c.area) as areas
      from published p join code_district c on c.scheme = p.scheme and c.code = p.code
      group by p.location_id),
    by_name as (
      select l.location_id, array_agg(distinct d.code order by d.code) as areas
      from loc l join district d on d.key = ${nameKey(sql`l.name`)}
      group by l.location_id)
    select l.location_id, l.activity_id, l.iati_identifier, l.seq, l.locations, l.name, l.countries,
      case when cardinality(c.areas) = 1 then c.areas[1] when c.areas is null and cardinality(n.areas) = 1 then n.areas[1] end as area,
      case when cardinality(c.areas) = 1 then 'code' when c.areas is null and cardinality(n.areas) = 1 then 'name' end as method,
      case when cardinality(c.areas) > 1 then 'AMBIGUOUS_CODE' when c.areas is null and cardinality(n.areas) > 1 then 'AMBIGUOUS_NAME'
        when c.areas is null and n.areas is null then 'NO_DISTRICT' end as problem,
      coalesce(c.areas, n.areas, '{}') as candidates
    from loc l left join by_code c on c.location_id = l.location_id left join by_name n on n.location_id = l.location_id)`;
}
