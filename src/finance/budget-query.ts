import { sql, type RawBuilder } from 'kysely';
import { Field, InputType, Int } from 'type-graphql';
import { kysely, type EntityManager } from '../db/orm.js';
import { badInput } from '../graphql/errors.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import type { BudgetLine, BudgetTotal } from './types/budget.type.js';

@InputType({ description: 'Group by a segment, rolled up to a level of its hierarchy.' })
export class BudgetGroup {
  @Field(() => String, { description: 'Segment id, e.g. "functional".' })
  segment!: string;

  @Field(() => Int, { nullable: true, description: 'Hierarchy level (1 = top); omitted: the codes as on the lines.' })
  level?: number | null;
}

@InputType({ description: 'Only lines whose code in `segment` is one of `codes` or below one of them.' })
export class BudgetCodeFilter {
  @Field(() => String)
  segment!: string;

  @Field(() => [String])
  codes!: string[];
}

const STAGES = ['proposed', 'approved', 'revised', 'allotted', 'committed', 'paid'] as const;
const SEGMENT_ID = /^[a-z][a-z0-9-]*$/;

function checkSegment(segment: string): string {
  if (!SEGMENT_ID.test(segment)) throw badInput(`"${segment}" is not a segment id`, 'segment');
  return segment;
}

/** Lines under the filters: a code matches itself and every code below it. */
export function budgetConditions(
  country: string,
  fiscalYears: readonly string[] | null | undefined,
  filters: readonly BudgetCodeFilter[] | null | undefined,
): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`l.country = ${country.toUpperCase()}`];
  if (fiscalYears?.length) where.push(sql`l.fiscal_year = any(${[...fiscalYears]}::text[])`);
  for (const filter of filters ?? []) {
    const segment = checkSegment(filter.segment);
    where.push(sql`(l.codes->>${segment} = any(${filter.codes}::text[]) or exists (select 1 from fin_coa_ancestor x where x.country = l.country
      and x.segment = ${segment} and x.code = l.codes->>${segment} and x.ancestor = any(${filter.codes}::text[])))`);
  }
  return where;
}

/**
 * Totals by fiscal year and by each grouped segment's code at the level asked. A line whose code
 * is above that level is kept under its own code, so no money drops out of a total.
 */
export async function budgetTotals(
  em: EntityManager,
  country: string,
  fiscalYears: readonly string[] | null | undefined,
  groups: readonly BudgetGroup[],
  filters: readonly BudgetCodeFilter[] | null | undefined,
): Promise<BudgetTotal[]> {
  if (groups.length > 6) throw badInput('group by at most six segments', 'groupBy');
  const joins: RawBuilder<unknown>[] = [];
  const keys: RawBuilder<unknown>[] = [];
  groups.forEach((group, i) => {
    const segment = checkSegment(group.segment);
    const alias = sql.raw(`g${i}`);
    if (group.level == null) {
      keys.push(sql`l.codes->>${segment}`);
      return;
    }
    joins.push(sql`left join lateral (select a.ancestor from fin_coa_ancestor a where a.country = l.country and a.segment = ${segment}
      and a.code = l.codes->>${segment} and a.ancestor_level <= ${group.level} order by a.ancestor_level desc limit 1) as ${alias} on true`);
    keys.push(sql`coalesce(${alias}.ancestor, l.codes->>${segment})`);
  });
  const keyList = keys.length ? sql`, ${sql.join(keys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}`))}` : sql``;
  const groupList = sql.join([sql`l.fiscal_year`, sql`l.currency`, ...keys.map((_k, i) => sql.raw(`k${i}`))]);
  const sums = sql.raw(STAGES.map((s) => `sum(l.${s})::text as ${s}`).join(', '));
  const { rows } = await sql<Record<string, string | number | null>>`
    select l.fiscal_year, l.currency ${keyList}, ${sums}, count(*)::int as lines,
      round(sum(l.paid) / nullif(sum(coalesce(l.revised, l.approved)), 0), 4)::text as rate
    from fin_budget_line l ${sql.join(joins, sql` `)}
    where ${and(budgetConditions(country, fiscalYears, filters))}
    group by ${groupList} order by ${groupList}`.execute(kysely(em));
  return rows.map((row) => ({
    country: country.toUpperCase(),
    fiscalYear: String(row.fiscal_year),
    currency: String(row.currency),
    group: groups.map((g, i) => ({
      segment: g.segment,
      code: { country: country.toUpperCase(), segment: g.segment, code: String(row[`k${i}`] ?? '') },
    })),
    amounts: Object.fromEntries(STAGES.map((s) => [s, (row[s] as string | null) ?? null])) as unknown as BudgetTotal['amounts'],
    executionRate: (row.rate as string | null) ?? null,
    lines: Number(row.lines),
  })) as BudgetTotal[];
}

interface LineRow {
  id: number;
  fiscalYear: string;
  currency: string;
  codes: Record<string, string>;
  dataset: string;
  sourceRow: number;
  proposed: string | null;
  approved: string | null;
  revised: string | null;
  allotted: string | null;
  committed: string | null;
  paid: string | null;
}

export async function budgetLines(
  em: EntityManager,
  country: string,
  fiscalYears: readonly string[] | null | undefined,
  filters: readonly BudgetCodeFilter[] | null | undefined,
  args: PageArgs,
): Promise<Connection<BudgetLine>> {
  const page = pageOf(args);
  const where = budgetConditions(country, fiscalYears, filters);
  const walk = keyset(sql`l.id`, sql`l.id`, OrderDirection.ASC, page, { sort: 'int' });
  const db = kysely(em);
  const amounts = sql.raw(STAGES.map((s) => `l.${s}::text as ${s}`).join(', '));
  const { rows } =
    await sql<LineRow>`select l.id, l.fiscal_year as "fiscalYear", l.currency, l.codes, d.name as dataset, l.source_row as "sourceRow", ${amounts}
    from fin_budget_line l join fin_budget_dataset d on d.id = l.dataset_id
    where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(db);
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from fin_budget_line l where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
  const lines = rows.map((r): BudgetLine => ({
    id: r.id,
    country: country.toUpperCase(),
    fiscalYear: r.fiscalYear,
    currency: r.currency,
    codes: r.codes,
    dataset: r.dataset,
    sourceRow: r.sourceRow,
    amounts: { proposed: r.proposed, approved: r.approved, revised: r.revised, allotted: r.allotted, committed: r.committed, paid: r.paid },
  }));
  return connectionOf(lines, page, (line) => [line.id, line.id], count);
}
