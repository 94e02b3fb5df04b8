/**
 * (g) What `mappings apply` writes for the benchmark file, by hand: the minimal SQL a developer who
 * knows the data and the shipped rules would write to produce the same rows — every activity's
 * COFOG placements (with the unmapped remainder, transactions' own rows, the 20-digit rounding) and
 * its alignment on eight dimensions, then `map_applied`. It is specialised to what the data holds:
 * no rule has fiscal-year bounds, no activity rule or alignment override exists, and the shipped
 * alignment rules are written out as CASE expressions. The one thing it leaves out is the national
 * chart rows (`coa:` targets of the activities in a country whose chart the hub holds); mapping.ts
 * compares everything else with what the apply writes, row for row.
 */
// decimal.js's 20 significant digits, 100 split n ways as it gives it, and an exact half-even percentage
// (src/mapping/apply/set/numeric.ts says why), written out where they are used.
const sig20 = (v: string) =>
  `(case when scale(${v}) <= 14 and abs(${v}) < 1000000 then ${v} when ${v} = 0 then 0 else round(${v}, 19 - floor(log(abs(${v})))::int) end)`;
const equalSplit = (n: string) =>
  `(case when ${n} = 1 then 100 else round(100::numeric(1000, 40) / ${n}, 17 + length((${n} - 1)::text)) end)`;
const pct = (part: string, whole: string) => {
  const q = `div((${part}) * 10000, ${whole})`;
  const twice = `2 * ((${part}) * 10000 - ${q} * ${whole})`;
  return `round((${q} + case when ${twice} > ${whole} or (${twice} = ${whole} and mod(${q}, 2) = 1) then 1 else 0 end) * 0.01, 2)::text`;
};

export const BASELINE_STATEMENTS: readonly string[] = [
  // The settings the apply's statements run with (src/mapping/apply/set/planner.ts says why), for this transaction.
  `set local enable_nestloop = off`,
  `set local work_mem = '64MB'`,
  `set local jit = off`,
  `delete from map_assignment`,
  `delete from map_alignment`,
  `insert into map_assignment (activity_id, transaction_id, target_scheme, target_code, share, provenance, rule_ids, source_scheme, source_code)
  with
  rule as (select id, source_scheme, source_code, target_code, share from map_rule
    where status = 'active' and target_scheme = 'cofog' and country is null),
  mapped as (select source_scheme, source_code, sum(share) as total from rule group by 1, 2),
  act as (select id as activity_id, authoritative_report_id as report_id from aid_activity where authoritative_report_id is not null),
  sec as (select a.activity_id, s.transaction_id, s.vocabulary, s.code, s.percentage from aid_sector s join act a using (report_id)),
  item as (
    select a.activity_id, i.vocabulary, i.code,
      case when bool_and(i.percentage is null) over w
        then ${equalSplit('count(*) over w')}
        else coalesce(i.percentage, 0) end as weight
    from aid_country_budget_item i join act a using (report_id) window w as (partition by a.activity_id)),
  reported as (
    select i.activity_id, r.target_code as code, ${sig20('i.weight * r.share')} * 0.01 as share,
      'reported-budget-item' as provenance, jsonb_build_array(r.id) as rule_ids, 'budget-identifier' as source_scheme, i.code as source_code
    from item i join rule r on r.source_scheme = 'budget-identifier' and r.source_code = i.code where i.vocabulary = '1'
    union all
    select i.activity_id, null, case when m.total is null then i.weight else ${sig20('i.weight * (100 - m.total)')} * 0.01 end,
      'unmapped', '[]', 'budget-identifier', i.code
    from item i left join mapped m on m.source_scheme = 'budget-identifier' and m.source_code = i.code
    where i.vocabulary = '1' and (m.total is null or m.total < 100)),
  reporting as (select distinct activity_id from reported where code is not null),
  chosen as (
    select activity_id, tx, code, scheme,
      case when bool_and(percentage is null) over w
        then ${equalSplit('count(*) over w')}
        else coalesce(percentage, 0) end as weight
    from (
      select s.activity_id, coalesce(s.transaction_id, 0) as tx, s.code, s.percentage,
        case s.vocabulary when '1' then 'dac5' when '2' then 'dac3' else 'sector:' || s.vocabulary end as scheme,
        rank() over (partition by s.activity_id, coalesce(s.transaction_id, 0) order by s.vocabulary not in ('1', '2'), s.vocabulary collate "C") as pick
      from sec s where s.activity_id not in (select activity_id from reporting)) as ranked
    where pick = 1
    window w as (partition by activity_id, tx)),
  matched as (
    select c.*, coalesce(m1.source_scheme, m2.source_scheme) as rule_scheme, coalesce(m1.source_code, m2.source_code) as rule_code,
      coalesce(m1.total, m2.total) as total
    from chosen c
    left join mapped m1 on m1.source_scheme = c.scheme and m1.source_code = c.code
    left join mapped m2 on m1.source_scheme is null and c.scheme = 'dac5' and length(c.code) = 5
      and m2.source_scheme = 'dac3' and m2.source_code = left(c.code, 3)),
  parts as (
    select r.activity_id, 0 as tx, r.code, r.share, r.provenance, r.rule_ids::jsonb, r.source_scheme, r.source_code
    from reported r join reporting using (activity_id)
    union all
    select m.activity_id, m.tx, r.target_code,
      ${sig20('m.weight * r.share')} * 0.01,
      'sector-rule', jsonb_build_array(r.id), m.scheme, m.code
    from matched m join rule r on r.source_scheme = m.rule_scheme and r.source_code = m.rule_code
    union all
    select activity_id, tx, null,
      case when total is null then weight else ${sig20('weight * (100 - total)')} * 0.01 end,
      'unmapped', '[]', scheme, code
    from matched where total is null or total < 100
    union all
    select a.activity_id, 0, null, 100, 'unmapped', '[]', null, null
    from act a
    where a.activity_id not in (select activity_id from reporting)
      and a.activity_id not in (select activity_id from sec where transaction_id is null)),
  short as (
    select activity_id, tx, 100 - ${sig20('sum(share)')} as share from parts group by 1, 2 having ${sig20('sum(share)')} < 100),
  placed as (
    select activity_id, tx, code, ${sig20('sum(share)')} as share, provenance, rule_ids, source_scheme, source_code
    from (
      select * from parts where share <> 0
      union all
      select activity_id, tx, null, share, 'unmapped', '[]', null, null from short) as every_part
    group by 1, 2, 3, 5, 6, 7, 8),
  signature as (
    select activity_id, tx, string_agg(format('%L %L %L %L %L %s', code, provenance, rule_ids, source_scheme, source_code, trim_scale(share)), ';'
      order by code, provenance, rule_ids::text, source_scheme, source_code, share) as parts
    from placed where activity_id in (select activity_id from sec where transaction_id is not null)
    group by 1, 2)
  select p.activity_id, nullif(p.tx, 0), 'cofog', p.code, trim_scale(p.share), p.provenance, p.rule_ids, p.source_scheme, p.source_code
  from placed p
  where p.tx = 0 or (p.activity_id, p.tx) in (
    select own.activity_id, own.tx from signature own join signature activity on activity.activity_id = own.activity_id and activity.tx = 0
    where own.tx <> 0 and own.parts <> activity.parts)`,
  `insert into map_alignment (activity_id, weighting, dimensions)
  with
  act as (
    select a.id as activity_id, a.authoritative_report_id as report_id,
      array(select e->>'code' from json_array_elements(coalesce(r.default_aid_types, '[]')) e where e->>'vocabulary' = '1') as aid_types,
      (select bool_or(o.type in ('10', '11', '15')) from aid_participating_org o
        where o.report_id = a.authoritative_report_id and o.role = '4' and coalesce(o.type, '') <> '') as government,
      exists (select 1 from aid_country_budget_item i where i.report_id = a.authoritative_report_id and i.vocabulary in ('1', '2')) as on_budget
    from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id),
  spent as (select distinct report_id from aid_transaction where type in ('3', '4')),
  counted as (
    select t.*, a.activity_id from aid_transaction t join act a using (report_id)
    where t.type in ('3', '4') or (t.type = '2' and t.report_id not in (select report_id from spent))),
  component as (
    select a.activity_id, true as is_tx, t.value, upper(trim(t.currency)) as currency,
      coalesce(nullif(array(select e->>'code' from json_array_elements(coalesce(t.aid_types, '[]')) e where e->>'vocabulary' = '1'), '{}'), a.aid_types) as aid,
      t.disbursement_channel as channel,
      case when coalesce(t.receiver_ref, '') <> '' or coalesce(t.receiver_name, '') <> '' or coalesce(t.receiver_type, '') <> ''
        then case when coalesce(t.receiver_type, '') <> '' then t.receiver_type in ('10', '11', '15') end
        else a.government end as government,
      a.on_budget
    from counted t join act a using (activity_id)
    union all
    select a.activity_id, false, 1, 'XXX', a.aid_types, null, a.government, a.on_budget
    from act a where not exists (select 1 from counted t where t.activity_id = a.activity_id)),
  -- Transactions alike in what the rules read are rated once, with their value and number.
  alike as (
    select activity_id, sum(value) as value, count(*) as n,
      case when aid && '{G01}' then 'donor-admin-costs' when aid && '{E01,E02}' then 'in-donor-country-students'
        when aid && '{H01,H02,H03,H04,H05,H06}' then 'in-donor-country-refugees' when aid && '{B02,B021,B022}' then 'core-multilateral'
        when aid && '{A01}' then 'budget-support-general' when aid && '{A02}' then 'budget-support-sector' end as aid_rule,
      case when channel = '1' then 'treasury' when channel = '3' then 'in-kind-third-party' when channel = '4' then 'in-kind-donor'
        when channel = '2' then 'separate' end as channel_rule,
      aid && '{D01,D02}' as technical, aid && '{B03,B031,B032,B033}' as partner, aid && '{B01}' as ngo, government, on_budget
    from component group by activity_id, 4, 5, 6, 7, 8, 9, 10),
  rated as (
    select activity_id, value, n, d.dimension, d.rule
    from alike
    cross join lateral (values
      ('onPlan', coalesce(aid_rule, case when government then 'government-receiver' when on_budget then 'country-budget-items' else 'not-in-aid-data' end)),
      ('onBudget', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel-appropriation' when government then 'government-receiver'
        when on_budget then 'country-budget-items' else 'not-in-aid-data' end)),
      ('onParliament', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel-appropriation' else 'not-in-aid-data' end)),
      ('onTreasury', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel' when channel_rule like 'in-kind%' then channel_rule
        when channel_rule = 'separate' then 'separate-account' when technical then 'technical-assistance' when partner then 'implementing-partner-funds'
        when ngo then 'ngo-core-support' else 'no-evidence-systems' end)),
      ('onProcurement', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel-controls' when channel_rule like 'in-kind%' then channel_rule
        when channel_rule = 'separate' and not government then 'separate-account-non-government' when technical then 'technical-assistance'
        when ngo then 'ngo-core-support' else 'no-evidence-systems' end)),
      ('onAccounting', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel' when channel_rule like 'in-kind%' then channel_rule
        when channel_rule = 'separate' and not government then 'separate-account-non-government' when technical then 'technical-assistance'
        when ngo then 'ngo-core-support' else 'no-evidence-systems' end)),
      ('onAudit', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel-controls' when channel_rule like 'in-kind%' then channel_rule
        when channel_rule = 'separate' and not government then 'separate-account-non-government'
        when ngo then 'ngo-core-support' else 'no-evidence-systems' end)),
      ('onReport', coalesce(aid_rule, case when channel_rule = 'treasury' then 'treasury-channel-controls' when channel_rule like 'in-kind%' then channel_rule
        when channel_rule = 'separate' and not government then 'separate-account-non-government'
        when ngo then 'ngo-core-support' else 'no-evidence-systems' end))) as d(dimension, rule)),
  negative as (select distinct activity_id from (select activity_id from rated group by activity_id, dimension, rule having sum(value) < 0) as n),
  weighting as (
    select activity_id, count(distinct currency) = 1 and sum(value) > 0 and activity_id not in (select activity_id from negative) as by_value,
      bool_or(is_tx) as has_transactions, count(distinct currency) as currencies,
      string_agg(distinct currency, ', ' order by currency) as list, sum(value) as total, count(*) as n
    from component c group by activity_id),
  reason as (
    select r.activity_id, r.dimension, u.value as yes, coalesce(u.reason, 'no alignment rule applies') as reason, min(u.id) as rule,
      case when w.by_value then sum(r.value) else sum(r.n) end as weight, case when w.by_value then w.total else w.n end as total
    from rated r join weighting w using (activity_id) left join map_alignment_rule u on u.id = r.rule
    group by r.activity_id, r.dimension, u.value, u.reason, w.by_value, w.total, w.n),
  dimension as (
    -- Each dimension as JSON text, parsed once per activity.
    select activity_id, to_json(dimension)::text || ':{"status":"' ||
      case when bool_and(yes is true) then 'YES' when bool_or(yes is true) then 'PARTLY' when bool_and(yes is false) then 'NO' else 'UNKNOWN' end ||
      '","share":"' || ${pct('coalesce(sum(weight) filter (where yes), 0)', 'total')} ||
      '","ruleId":' || case when count(*) = 1 and min(rule) is not null then to_json(min(rule))::text else 'null' end ||
      ',"reasons":[' || string_agg('{"reason":' || to_json(reason)::text || ',"share":"' || ${pct('weight', 'total')} || '"}', ','
        order by weight desc, reason collate "C") || '],"overridden":false,"derived":null}' as member
    from reason group by activity_id, dimension, total)
  select d.activity_id,
    case when not w.has_transactions then 'no transactions: the activity’s own data'
      when w.currencies > 1 then 'count: transactions in ' || w.currencies || ' currencies (' || w.list || ') are counted, not summed; convert them to weigh by value'
      when not w.by_value then 'count: corrections outweigh payments for some reason, so the values give no share; transactions are counted'
      else 'value in ' || w.list end,
    ('{' || string_agg(d.member, ',') || '}')::jsonb
  from dimension d join weighting w using (activity_id) group by d.activity_id, w.has_transactions, w.currencies, w.list, w.by_value`,
  `insert into map_applied (activity_id, applied_at) select id, now() from aid_activity where authoritative_report_id is not null
  on conflict (activity_id) do update set applied_at = excluded.applied_at`,
];
