import { sql } from 'kysely';
import { activityFactSets } from '../../../aid/fact-sets.js';
import type { EntityManager } from '../../../db/orm.js';
import { mappingDb } from '../../db.js';
import { equalSplit, significant20 } from './numeric.js';

/**
 * The COFOG placements of these activities in one INSERT … SELECT: what `assignActivity` gives for
 * the `cofog` target when no rule of the activity has fiscal-year bounds and no activity rule or
 * national chart is in play (run.ts sends those to the engine). In order of precedence, as
 * `resolveTarget`: budget identifiers reported (country-budget-items, vocabulary 1) through
 * `budget-identifier` rules, else the sectors of the first vocabulary (DAC 5-digit, else its
 * category, else others) through their rules; a transaction with its own sectors gets its own rows
 * where they differ from its activity's. Whatever no rule places, and what reported percentages
 * leave out, is an `unmapped` row with its source. Returns the rows written.
 */
export async function insertCofogPlacements(em: EntityManager, activityIds: readonly number[]): Promise<number> {
  if (activityIds.length === 0) return 0;
  const result = await cofogStatement(em, activityIds).execute(mappingDb(em));
  return Number(result.numAffectedRows ?? 0n);
}

export function cofogStatement(em: EntityManager, activityIds: readonly number[]) {
  const db = mappingDb(em);
  const facts = activityFactSets(em, activityIds);
  const rules = db
    .selectFrom('map_rule')
    .select(['id', 'source_scheme', 'source_code', 'target_code', 'share'])
    .where('status', '=', 'active')
    .where('target_scheme', '=', 'cofog')
    .where('country', 'is', null);
  return sql<Record<string, never>>`with
    rule as (${rules}),
    mapped as (select source_scheme, source_code, sum(share) as total from rule group by source_scheme, source_code),
    rep as (${facts.reports}),
    sec as (${facts.sectors}),
    item as (${facts.budgetItems}),
    item_weight as (
      select activity_id, vocabulary, code,
        case when bool_and(percentage is null) over w then ${equalSplit(sql`count(*) over w`)} else coalesce(percentage, 0) end as weight
      from item window w as (partition by activity_id)),
    reported_all as (
      select i.activity_id, r.target_code as code, ${significant20(sql`i.weight * r.share`)} * 0.01 as share, 'reported-budget-item' as provenance,
        jsonb_build_array(r.id) as rule_ids, 'budget-identifier' as source_scheme, i.code as source_code
      from item_weight i join rule r on r.source_scheme = 'budget-identifier' and r.source_code = i.code
      where i.vocabulary = '1'
      union all
      select i.activity_id, null, case when m.total is null then i.weight else ${significant20(sql`i.weight * (100 - m.total)`)} * 0.01 end,
        'unmapped', '[]'::jsonb, 'budget-identifier', i.code
      from item_weight i left join mapped m on m.source_scheme = 'budget-identifier' and m.source_code = i.code
      where i.vocabulary = '1' and (m.total is null or m.total < 100)),
    reporting as (select distinct activity_id from reported_all where code is not null),
    chosen_vocabulary as (
      select activity_id, coalesce(transaction_id, 0) as tx,
        (array_agg(vocabulary order by vocabulary not in ('1', '2'), vocabulary collate "C"))[1] as vocabulary
      from sec group by activity_id, coalesce(transaction_id, 0)),
    chosen as (
      select s.activity_id, c.tx, s.code,
        case s.vocabulary when '1' then 'dac5' when '2' then 'dac3' else 'sector:' || s.vocabulary end as scheme,
        case when bool_and(s.percentage is null) over w then ${equalSplit(sql`count(*) over w`)} else coalesce(s.percentage, 0) end as weight
      from sec s join chosen_vocabulary c on c.activity_id = s.activity_id and c.tx = coalesce(s.transaction_id, 0) and c.vocabulary = s.vocabulary
      where not exists (select 1 from reporting r where r.activity_id = s.activity_id)
      window w as (partition by s.activity_id, c.tx)),
    matched as (
      select c.*, coalesce(m1.source_scheme, m2.source_scheme) as rule_scheme, coalesce(m1.source_code, m2.source_code) as rule_code,
        coalesce(m1.total, m2.total) as total
      from chosen c
      left join mapped m1 on m1.source_scheme = c.scheme and m1.source_code = c.code
      left join mapped m2 on m1.source_scheme is null and c.scheme = 'dac5' and length(c.code) = 5
        and m2.source_scheme = 'dac3' and m2.source_code = left(c.code, 3)),
    parts as (
      select r.activity_id, 0 as tx, r.code, r.share, r.provenance, r.rule_ids, r.source_scheme, r.source_code
      from reported_all r join reporting using (activity_id)
      union all
      select m.activity_id, m.tx, r.target_code, ${significant20(sql`m.weight * r.share`)} * 0.01, 'sector-rule', jsonb_build_array(r.id), m.scheme, m.code
      from matched m join rule r on r.source_scheme = m.rule_scheme and r.source_code = m.rule_code
      union all
      select activity_id, tx, null, case when total is null then weight else ${significant20(sql`weight * (100 - total)`)} * 0.01 end,
        'unmapped', '[]'::jsonb, scheme, code
      from matched where total is null or total < 100
      union all
      select a.activity_id, 0, null, 100, 'unmapped', '[]'::jsonb, null, null
      from rep a
      where not exists (select 1 from reporting r where r.activity_id = a.activity_id)
        and not exists (select 1 from sec s where s.activity_id = a.activity_id and s.transaction_id is null)),
    totals as (select activity_id, tx, ${significant20(sql`sum(share)`)} as total from parts group by activity_id, tx),
    placed as (
      select activity_id, tx, code, ${significant20(sql`sum(share)`)} as share, provenance, rule_ids, source_scheme, source_code
      from (
        select * from parts where share <> 0
        union all
        select activity_id, tx, null, 100 - total, 'unmapped', '[]'::jsonb, null, null from totals where total < 100) as every_part
      group by activity_id, tx, code, provenance, rule_ids, source_scheme, source_code),
    signature as (
      select activity_id, tx,
        string_agg(format('%L %L %L %L %L %s', code, provenance, rule_ids, source_scheme, source_code, trim_scale(share)), ';'
          order by code, provenance, rule_ids::text, source_scheme, source_code, share) as parts
      from placed where activity_id in (select activity_id from placed where tx <> 0)
      group by activity_id, tx),
    differing as (
      select own.activity_id, own.tx from signature own join signature activity on activity.activity_id = own.activity_id and activity.tx = 0
      where own.tx <> 0 and own.parts <> activity.parts)
    insert into map_assignment (activity_id, transaction_id, country, target_scheme, target_code, share, valid_from, valid_to, provenance,
      rule_ids, source_scheme, source_code)
    select p.activity_id, nullif(p.tx, 0), null, 'cofog', p.code, trim_scale(p.share), null, null, p.provenance, p.rule_ids,
      p.source_scheme, p.source_code
    from placed p
    where p.tx = 0 or (p.activity_id, p.tx) in (select activity_id, tx from differing)`;
}
