import { sql, type RawBuilder } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { select } from '../../db/loader-kit.js';
import { AGE_BANDS, RegistryDimension as D, RegistryMeasure as M } from './dimensions.js';
import type { Period } from './periods.js';
import { KEY_MODULUS } from '../disclosure/ptable.js';

/**
 * The SQL behind registry statistics: one row per person, household, payment, grievance or change
 * in scope (the "facts", never returned), grouped by the asked dimensions into counts and sums.
 * Only the grouped cells leave this file.
 */
export interface FactQuery {
  readonly measure: M;
  readonly dimensions: readonly D[];
  /** Stocks (enrolments) are counted in every window they were active in (table.ts gives them one-day windows); flows (payments…) in the window of their date. */
  readonly windows: readonly Period[];
  readonly areaLevel: number;
  readonly programmes: readonly string[] | null;
  readonly area: string | null;
  readonly statuses: readonly string[] | null;
}

export interface FactCell {
  readonly dims: Record<string, string>;
  readonly count: number;
  readonly amount: string | null;
  /** The sum of the records' keys, modulo KEY_MODULUS: the cell key method's cell key. */
  readonly cellKey: number;
  /** The same for the payments' amount keys (0 where there are no amounts). */
  readonly amountKey: number;
  /** The largest single amount in the cell, in absolute value. */
  readonly largest: string | null;
}

const column: Record<D, string> = {
  PROGRAMME: 'programme',
  AREA: 'area',
  PERIOD: 'period',
  SEX: 'sex',
  AGE_BAND: 'age_band',
  STATUS: 'status',
  CURRENCY: 'currency',
  CATEGORY: 'category',
  CHANNEL: 'channel',
  PRIORITY: 'priority',
  KIND: 'kind',
};

/** Payments count as "made" by default: paid, or paid and reconciled. Enrolments: all but potential. */
export const DEFAULT_STATUSES: Partial<Record<M, readonly string[]>> = {
  BENEFICIARIES: ['active', 'suspended', 'graduated'],
  HOUSEHOLDS: ['active', 'suspended', 'graduated'],
  PAYMENTS: ['paid', 'reconciled'],
};

/** One grouped cell as the statement returns it: the dimensions' columns (named by `column`) and the aggregates. */
type CellRow = Record<string, string | number | null> & {
  readonly n: number;
  readonly amount: string | null;
  readonly cell_key: number;
  readonly amount_key: number;
  readonly largest: string | null;
};

/**
 * Raw SQL: a recursive area walk, a VALUES list of windows, a union of per-measure facts with
 * DISTINCT ON and a lateral join, grouped with the record keys; more than the builder says.
 */
export async function factCells(em: EntityManager, query: FactQuery): Promise<FactCell[]> {
  const dims = query.dimensions.map((d) => sql.ref(`f.${column[d]}`));
  const grouped = dims.length ? sql`group by ${sql.join(dims)}` : sql``;
  const rows = await select(
    em,
    sql<CellRow>`with recursive ${areaCte(query.areaLevel)},
      windows(label, start_on, end_on) as (values ${sql.join(query.windows.map((w) => sql`(${w.label}::text, ${w.start}::date, ${w.end}::date)`))})
      select ${dims.length ? sql`${sql.join(dims)},` : sql``} count(*)::int as n, sum(f.amount)::text as amount,
        (sum(f.record_key) % ${sql.lit(KEY_MODULUS)})::int as cell_key, (coalesce(sum(f.amount_key), 0) % ${sql.lit(KEY_MODULUS)})::int as amount_key,
        max(abs(f.amount))::text as largest
      from (select f0.*, aa.ancestor as area from (${facts(query)}) f0 left join area_at aa on aa.code = f0.area_code) f
      where ${scope(query)}
      ${grouped}
      order by ${dims.length ? sql.join(dims) : sql`1`}`,
  );
  return rows.map((row) => ({
    dims: Object.fromEntries(query.dimensions.map((d) => [d, String(row[column[d]] ?? '')])),
    count: row.n,
    amount: row.amount,
    cellKey: row.cell_key,
    amountKey: row.amount_key,
    largest: row.largest,
  }));
}

/** Each area and its ancestor at the statistic's level (itself, if it lies above that level). */
function areaCte(level: number): RawBuilder<unknown> {
  return sql`up(code, ancestor, level) as (
      select code, code, level from reg_area
      union all
      select up.code, a.parent, p.level from up join reg_area a on a.code = up.ancestor join reg_area p on p.code = a.parent
    ),
    area_at(code, ancestor) as (select distinct on (code) code, ancestor from up where level <= ${level} order by code, level desc),
    area_under(code, ancestor) as (select code, ancestor from up)`;
}

function scope(query: FactQuery): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (query.programmes) conditions.push(sql`f.programme = any(${sql.val(query.programmes)}::text[])`);
  const statuses = query.statuses ?? DEFAULT_STATUSES[query.measure] ?? null;
  if (statuses) conditions.push(sql`f.status = any(${sql.val(statuses)}::text[])`);
  if (query.area) conditions.push(sql`exists (select 1 from area_under u where u.code = f.area_code and u.ancestor = ${query.area})`);
  return sql.join(conditions, sql` and `);
}

function ageBand(reference: RawBuilder<unknown>, birth: RawBuilder<unknown>): RawBuilder<unknown> {
  const age = sql`extract(year from age(${reference}, ${birth}))`;
  const cases = [...AGE_BANDS].reverse().map((band) => sql`when ${age} >= ${band.from} then ${band.label}::text`);
  return sql`case ${sql.join(cases, sql` `)} end`;
}

/** A flow (a payment, a grievance, a change) falls in the window holding its date, and takes its label. */
function inWindowOf(date: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`join windows w on ${date} between w.start_on and w.end_on`;
}

function facts(query: FactQuery): RawBuilder<unknown> {
  switch (query.measure) {
    case M.BENEFICIARIES:
      return beneficiaries();
    case M.HOUSEHOLDS:
      return households();
    case M.PAYMENTS:
      return payments();
    case M.GRIEVANCES:
      return grievances();
    case M.HOUSEHOLD_CHANGES:
      return changes();
  }
}

const inWindow = sql`e.enrolled_on <= w.end_on and (e.exited_on is null or e.exited_on >= w.start_on)`;

/** One row per person per programme per window: their own enrolment, or their household's. */
function beneficiaries(): RawBuilder<unknown> {
  const person = (join: RawBuilder<unknown>) =>
    sql`select e.programme_code as programme, i.area_code, w.label as period, i.sex,
        ${ageBand(sql`w.end_on`, sql`i.date_of_birth`)} as age_band, e.status, null::text as currency, null::numeric as amount,
        null::text as category, null::text as channel, null::text as priority, null::text as kind,
        i.record_key, null::int as amount_key
      from reg_enrolment e join windows w on ${inWindow} ${join}`;
  return sql`${person(sql`join reg_individual i on i.id = e.individual_id`)}
    union all
    ${person(sql`join reg_membership m on m.household_id = e.household_id join reg_individual i on i.id = m.individual_id`)}`;
}

/** One row per household per programme per window (for individual programmes, the member's household, once). */
function households(): RawBuilder<unknown> {
  return sql`select distinct on (e.programme_code, h.id, w.label) e.programme_code as programme, h.area_code,
      w.label as period, head.sex, ${ageBand(sql`w.end_on`, sql`head.date_of_birth`)} as age_band, e.status,
      null::text as currency, null::numeric as amount, null::text as category, null::text as channel, null::text as priority, null::text as kind,
      h.record_key, null::int as amount_key
    from reg_enrolment e join windows w on ${inWindow}
    join reg_household h on h.id = coalesce(e.household_id, (select household_id from reg_membership where individual_id = e.individual_id limit 1))
    left join lateral (select i.sex, i.date_of_birth from reg_membership m join reg_individual i on i.id = m.individual_id
      where m.household_id = h.id order by (m.role = 'head') desc, m.recipient desc, i.id limit 1) head on true
    order by e.programme_code, h.id, w.label, array_position(array['active', 'suspended', 'graduated', 'potential'], e.status)`;
}

/** One row per payment, in the period of its cycle's month; sex and age of the person paid (a household's recipient). */
function payments(): RawBuilder<unknown> {
  const cycleDay = sql`to_date(p.cycle || '-01', 'YYYY-MM-DD')`;
  return sql`select p.programme_code as programme, coalesce(h.area_code, i.area_code) as area_code,
      w.label as period, coalesce(i.sex, r.sex) as sex,
      ${ageBand(sql`p.due_date`, sql`coalesce(i.date_of_birth, r.date_of_birth)`)} as age_band, p.status, p.currency, p.amount,
      null::text as category, null::text as channel, null::text as priority, null::text as kind, p.record_key, p.amount_key
    from reg_payment p ${inWindowOf(cycleDay)}
    left join reg_individual i on i.id = p.individual_id
    left join reg_household h on h.id = p.household_id
    left join (select distinct on (m.household_id) m.household_id, x.sex, x.date_of_birth
        from reg_membership m join reg_individual x on x.id = m.individual_id
        order by m.household_id, m.recipient desc, (m.role = 'head') desc, x.id) r on r.household_id = p.household_id`;
}

function grievances(): RawBuilder<unknown> {
  return sql`select g.programme_code as programme, g.area_code, w.label as period,
      null::text as sex, null::text as age_band, g.status, null::text as currency, null::numeric as amount, g.category, g.channel, g.priority, null::text as kind,
      g.record_key, null::int as amount_key
    from reg_grievance g ${inWindowOf(sql`g.opened_on`)}`;
}

function changes(): RawBuilder<unknown> {
  return sql`select null::text as programme, h.area_code, w.label as period,
      null::text as sex, null::text as age_band, null::text as status, null::text as currency, null::numeric as amount,
      null::text as category, null::text as channel, null::text as priority, c.kind, c.record_key, null::int as amount_key
    from reg_household_change c ${inWindowOf(sql`c."on"`)} join reg_household h on h.id = c.household_id`;
}
