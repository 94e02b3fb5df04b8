import { sql, type RawBuilder } from 'kysely';
import { activityFactSets } from '../../../aid/fact-sets.js';
import type { EntityManager } from '../../../db/orm.js';
import { NO_RULE_REASON } from '../../alignment/evaluate.js';
import { ruleBefore, type AlignmentRule, type Clause } from '../../alignment/rules.js';
import { mappingDb } from '../../db.js';
import { ALIGNMENT_DIMENSIONS } from '../../types.js';
import { percentText } from './numeric.js';

/** The column of the `component` CTE below each fact of a condition reads. */
const FACT_COLUMN = {
  aidType: 'aid_types',
  financeType: 'finance_type',
  flowType: 'flow_type',
  disbursementChannel: 'channel',
  transactionType: 'transaction_type',
  receiverIsGovernment: 'receiver_government',
  hasCountryBudgetItems: 'has_items',
  reportedOnBudget: 'on_budget',
} as const;

/** One clause as SQL, with the engine's meaning: a fact the data does not give never satisfies a clause. */
function clauseSql(clause: Clause): RawBuilder<boolean> {
  const column = sql.ref(`c.${FACT_COLUMN[clause.fact]}`);
  if ('value' in clause)
    return clause.op === '=' ? sql`coalesce(${column} = ${clause.value}, false)` : sql`coalesce(${column} <> ${clause.value}, false)`;
  const values = sql`${sql.val([...clause.values])}::text[]`;
  const first = clause.values[0] ?? '';
  if (clause.fact === 'aidType') {
    return clause.op === '!=' ? sql`(cardinality(${column}) > 0 and not (${first} = any(${column})))` : sql`(${column} && ${values})`;
  }
  return clause.op === '!=' ? sql`coalesce(${column} <> ${first}, false)` : sql`coalesce(${column} = any(${values}), false)`;
}

function conditionSql(rule: AlignmentRule): RawBuilder<boolean> {
  return rule.condition.length === 0 ? sql`true` : sql`(${sql.join(rule.condition.map(clauseSql), sql` and `)})`;
}

/** Per dimension, the index (1-based, in `matches`) of the first matching rule in precedence order, else null. */
function winnersSql(ordered: readonly AlignmentRule[]): RawBuilder<number[]> {
  const perDimension = ALIGNMENT_DIMENSIONS.map((dimension) => {
    const cases = ordered.flatMap((rule, i) =>
      rule.dimensions.includes(dimension) ? [sql`when m.matches[${sql.lit(i + 1)}] then ${sql.lit(i + 1)}`] : [],
    );
    return cases.length > 0 ? sql`case ${sql.join(cases, sql` `)} end` : sql`null::int`;
  });
  return sql`array[${sql.join(perDimension)}]::int[]`;
}

const dacAidTypes = (json: RawBuilder<unknown>) =>
  sql<string[]>`array(select e->>'code' from json_array_elements(coalesce(${json}, '[]'::json)) as e where e->>'vocabulary' = '1')`;

const present = (column: string) => sql`coalesce(${sql.ref(column)}, '') <> ''`;

/**
 * The activity rows of `map_alignment` for these activities in one INSERT … SELECT, as
 * `alignActivity(…, 'activity')` computes them without overrides (run.ts gives activities with an
 * override to the engine): each weighed transaction (disbursements and expenditures, else
 * commitments; else the activity's own facts) rated by the first matching rule per dimension, then
 * per dimension the share that is yes and each reason's share, by value in one currency, else by
 * count, with the same exact half-even rounding. Returns the rows written.
 */
export async function insertActivityAlignment(
  em: EntityManager,
  activityIds: readonly number[],
  rules: readonly AlignmentRule[],
): Promise<number> {
  if (activityIds.length === 0) return 0;
  const result = await alignmentStatement(em, activityIds, rules).execute(mappingDb(em));
  return Number(result.numAffectedRows ?? 0n);
}

export function alignmentStatement(em: EntityManager, activityIds: readonly number[], rules: readonly AlignmentRule[]) {
  const facts = activityFactSets(em, activityIds);
  const ordered = [...rules].sort((a, b) => (ruleBefore(a, b) ? -1 : ruleBefore(b, a) ? 1 : 0));
  const matches = ordered.length > 0 ? sql`array[${sql.join(ordered.map(conditionSql))}]::boolean[]` : sql`array[]::boolean[]`;
  const ruleRows = JSON.stringify(ordered.map((rule, i) => ({ idx: i + 1, id: rule.id, value: rule.value, reason: rule.reason })));
  const government = sql`array['10', '11', '15']`;
  return sql<Record<string, never>>`with
    rep as (${facts.reports}),
    tx as (${facts.transactions}),
    org as (${facts.orgs}),
    item as (${facts.budgetItems}),
    rule as (select * from jsonb_to_recordset(${ruleRows}::jsonb) as r(idx int, id text, value boolean, reason text)),
    implementer as (
      select activity_id, bool_or(type = any(${government})) as government from org
      where role = '4' and coalesce(type, '') <> '' group by activity_id),
    items as (select activity_id, bool_or(vocabulary in ('1', '2')) as on_budget from item group by activity_id),
    activity as (
      select r.activity_id, ${dacAidTypes(sql`r.default_aid_types`)} as aid_types, r.default_finance_type, r.default_flow_type,
        i.government, b.activity_id is not null as has_items, coalesce(b.on_budget, false) as on_budget
      from rep r left join implementer i using (activity_id) left join items b using (activity_id)),
    spent as (select distinct activity_id from tx where type in ('3', '4')),
    counted as (
      select t.* from tx t left join spent s using (activity_id)
      where case when s.activity_id is null then t.type = '2' else t.type in ('3', '4') end),
    component as (
      select a.activity_id, t.id as cid, t.value, upper(trim(t.currency)) as currency,
        coalesce(nullif(${dacAidTypes(sql`t.aid_types`)}, '{}'), a.aid_types) as aid_types,
        coalesce(t.finance_type, a.default_finance_type) as finance_type, coalesce(t.flow_type, a.default_flow_type) as flow_type,
        t.disbursement_channel as channel, t.type as transaction_type,
        case when ${present('t.receiver_ref')} or ${present('t.receiver_name')} or ${present('t.receiver_type')}
          then case when ${present('t.receiver_type')} then t.receiver_type = any(${government}) end
          else a.government end as receiver_government,
        a.has_items, a.on_budget
      from activity a join counted t using (activity_id)
      union all
      select a.activity_id, null, 1, 'XXX', a.aid_types, a.default_finance_type, a.default_flow_type, null, null, a.government,
        a.has_items, a.on_budget
      from activity a where not exists (select 1 from counted t where t.activity_id = a.activity_id)),
    matched as materialized (select c.activity_id, c.value, ${matches} as matches from component c),
    won as materialized (
      select m.activity_id, ${winnersSql(ordered)} as winners, sum(m.value) as value, count(*) as n
      from matched m group by m.activity_id, 2),
    -- Most activities rate all their weighed transactions alike: their dimensions are then those of their pattern of
    -- winning rules, one document per pattern shared by every activity with it; the rest are weighed one by one.
    alike as (select activity_id from won group by activity_id having count(*) = 1),
    pattern as (
      select winners, -row_number() over () as subject from (select distinct winners from won join alike using (activity_id)) as distinct_pattern),
    rating_subject as (
      select activity_id as subject, winners, value, n from won where activity_id not in (select activity_id from alike)
      union all
      select subject, winners, 1, 1 from pattern),
    rated as (
      select s.subject, s.value, s.n, d.dimension, r.value as yes, r.id as rule_id, coalesce(r.reason, ${NO_RULE_REASON}) as reason
      from rating_subject s
      cross join lateral unnest(s.winners, ${sql.val([...ALIGNMENT_DIMENSIONS])}::text[]) as d(idx, dimension)
      left join rule r on r.idx = d.idx),
    currencies as (
      select activity_id, count(*) as n, string_agg(currency, ', ' order by currency collate "C") as list, min(currency) as one
      from (select distinct activity_id, currency from component) as distinct_currency group by activity_id),
    sums as (select activity_id, sum(value) as total, bool_or(cid is not null) as has_transactions, count(*) as n from component group by activity_id),
    by_reason as (
      select subject, dimension, yes, reason, sum(value) as value, sum(n) as n, min(rule_id collate "C") as first_rule
      from rated group by subject, dimension, yes, reason),
    -- An activity rated alike has one reason per dimension, worth its total: sums.total says whether it is negative.
    negative as (select distinct subject as activity_id from by_reason where subject > 0 and value < 0),
    weighting as (
      select c.activity_id, c.n = 1 and s.total > 0 and g.activity_id is null as by_value,
        case when c.n = 1 and s.total > 0 and g.activity_id is null then s.total else s.n end as total,
        case when not s.has_transactions then 'no transactions: the activity’s own data'
          when c.n > 1 then 'count: transactions in ' || c.n || ' currencies (' || c.list || ') are counted, not summed; convert them to weigh by value'
          when s.total <= 0 or g.activity_id is not null
            then 'count: corrections outweigh payments for some reason, so the values give no share; transactions are counted'
          else 'value in ' || c.one end as text
      from currencies c join sums s using (activity_id) left join negative g using (activity_id)),
    -- A pattern is one reason per dimension: whatever the weighting, it is all of its activity.
    subject_weighting as (
      select activity_id as subject, by_value, total from weighting where activity_id not in (select activity_id from alike)
      union all
      select subject, true, 1 from pattern),
    reason as (
      select r.subject, r.dimension, r.yes, r.reason, r.first_rule, case when w.by_value then r.value else r.n end as weight, w.total
      from by_reason r join subject_weighting w using (subject)),
    dimension as (
      -- Each dimension as JSON text (to_json quotes the reasons), parsed once per document: cheaper than building jsonb values.
      select r.subject,
        to_json(r.dimension)::text || ':{"status":"' ||
        case when bool_or(r.yes is true) and not bool_or(r.yes is false) and not bool_or(r.yes is null) then 'YES'
          when bool_or(r.yes is true) then 'PARTLY' when bool_or(r.yes is false) and not bool_or(r.yes is null) then 'NO'
          else 'UNKNOWN' end ||
        '","share":"' || ${percentText(sql`coalesce(sum(r.weight) filter (where r.yes), 0)`, sql`r.total`)} ||
        '","ruleId":' || case when count(*) = 1 and min(r.first_rule) is not null then to_json(min(r.first_rule))::text else 'null' end ||
        ',"reasons":[' || string_agg('{"reason":' || to_json(r.reason)::text || ',"share":"' || ${percentText(sql`r.weight`, sql`r.total`)} || '"}', ','
          order by r.weight desc, r.reason collate "C") || '],"overridden":false,"derived":null}' as member
      from reason r group by r.subject, r.dimension, r.total),
    document as (select subject, ('{' || string_agg(member, ',') || '}')::jsonb as dimensions from dimension group by subject),
    subject_of as (
      select activity_id, p.subject from won join alike using (activity_id) join pattern p using (winners)
      union all
      select activity_id, activity_id from weighting where activity_id not in (select activity_id from alike))
    insert into map_alignment (activity_id, transaction_id, weighting, dimensions)
    select w.activity_id, null, w.text, d.dimensions
    from weighting w join subject_of using (activity_id) join document d using (subject)`;
}
