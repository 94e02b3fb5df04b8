import { sql } from 'kysely';
import { activityFactSets } from '../../../aid/fact-sets.js';
import type { EntityManager } from '../../../db/orm.js';
import { mappingDb } from '../../db.js';

/** The activities the set-based statements leave to the engine (src/mapping/apply/activity.ts, alignment.ts). */
export interface EngineWork {
  /** Placed by the engine: an activity rule, a country whose chart the hub holds, or a rule with fiscal-year bounds in reach. */
  readonly assign: ReadonlySet<number>;
  /** Aligned by the engine: an administrator overrode a dimension. */
  readonly align: ReadonlySet<number>;
}

/**
 * Which of these activities need the engine, in one statement: everything else is COFOG alone,
 * with rules open over all years, which the set-based statements place exactly as the engine does.
 */
export async function engineWork(
  em: EntityManager,
  activityIds: readonly number[],
  chartCountries: readonly string[],
): Promise<EngineWork> {
  if (activityIds.length === 0) return { assign: new Set(), align: new Set() };
  const db = mappingDb(em);
  const facts = activityFactSets(em, activityIds);
  const charts = sql`${sql.val([...chartCountries])}::text[]`;
  const active = db
    .selectFrom('map_rule')
    .select(['source_scheme', 'source_code', 'valid_from', 'valid_to', 'target_scheme', 'country'])
    .where('status', '=', 'active');
  const overrides = db.selectFrom('map_alignment_override').select('iati_identifier').distinct();
  const rows = await sql<{ activityId: number; work: 'assign' | 'align' }>`with
    rep as (${facts.reports}),
    sec as (${facts.sectors}),
    item as (${facts.budgetItems}),
    tx as (${facts.transactions}),
    country as (${facts.countries}),
    rule as (${active}),
    overridden as (${overrides}),
    bounded as (
      select distinct source_scheme, source_code from rule
      where target_scheme = 'cofog' and country is null and (valid_from is not null or valid_to is not null)),
    sector_source as (
      select activity_id, case vocabulary when '1' then 'dac5' when '2' then 'dac3' else 'sector:' || vocabulary end as scheme, code from sec
      union all
      select activity_id, 'dac3', left(code, 3) from sec where vocabulary = '1' and length(code) = 5
      union all
      select activity_id, 'budget-identifier', code from item where vocabulary = '1')
    select r.activity_id as "activityId", 'assign' as work from rep r join rule u on u.source_scheme = 'activity' and u.source_code = r.iati_identifier
    union
    select activity_id, 'assign' from country where upper(code) = any(${charts})
    union
    select activity_id, 'assign' from tx where upper(recipient_country) = any(${charts})
    union
    select s.activity_id, 'assign' from sector_source s join bounded b on b.source_scheme = s.scheme and b.source_code = s.code
    union
    select r.activity_id, 'align' from rep r join overridden o on o.iati_identifier = r.iati_identifier`.execute(db);
  const assign = new Set<number>();
  const align = new Set<number>();
  for (const row of rows.rows) (row.work === 'assign' ? assign : align).add(row.activityId);
  return { assign, align };
}
