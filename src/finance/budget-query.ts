import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { BUDGET_STAGES } from '../../connectors/ifmis/types.js';
import { Field, InputType, Int } from 'type-graphql';
import type { EntityManager } from '../db/orm.js';
import { badInput } from '../graphql/errors.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { financeDb, type FinanceDB } from './db.js';
import { budgetLineRows, toBudgetLine } from './budget-line-rows.js';
import { anyText } from './rows.js';
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

/** The connector's stages are the line's amount columns (the compiler checks they are). */
export const STAGES = BUDGET_STAGES satisfies readonly (keyof FinanceDB['fin_budget_line'])[];
type Stage = (typeof STAGES)[number];
const SEGMENT_ID = /^[a-z][a-z0-9-]*$/;

function checkSegment(segment: string): string {
  if (!SEGMENT_ID.test(segment)) throw badInput(`"${segment}" is not a segment id`, 'segment');
  return segment;
}

type LineTable = FinanceDB & { l: FinanceDB['fin_budget_line'] };
type Lines = ExpressionBuilder<LineTable, 'l'>;

/** A line's code in `segment` (its `codes` json). */
const codeIn = (segment: string) => sql<string>`l.codes->>${segment}`;

/** Lines under the filters: a code matches itself and every code below it. */
export function budgetConditions(
  eb: Lines,
  country: string,
  fiscalYears: readonly string[] | null | undefined,
  filters: readonly BudgetCodeFilter[] | null | undefined,
): Expression<SqlBool> {
  const where: Expression<SqlBool>[] = [eb('l.country', '=', country.toUpperCase())];
  if (fiscalYears?.length) where.push(eb('l.fiscal_year', '=', anyText(fiscalYears)));
  for (const filter of filters ?? []) {
    const segment = checkSegment(filter.segment);
    const below = eb
      .selectFrom('fin_coa_ancestor as x')
      .select(sql<number>`1`.as('one'))
      .whereRef('x.country', '=', 'l.country')
      .where('x.segment', '=', segment)
      .where('x.code', '=', codeIn(segment))
      .where('x.ancestor', '=', anyText(filter.codes));
    where.push(eb.or([eb(codeIn(segment), '=', anyText(filter.codes)), eb.exists(below)]));
  }
  return eb.and(where);
}

type KeyAlias = `k${number}`;

/** A group's key: the line's code, or its ancestor at the level asked (the code itself when it is above that level). */
function groupKey(group: BudgetGroup, alias: KeyAlias) {
  const segment = checkSegment(group.segment);
  const level = group.level;
  if (level == null) return codeIn(segment).as(alias);
  return (eb: Lines) => {
    const ancestor = eb
      .selectFrom('fin_coa_ancestor as a')
      .select('a.ancestor')
      .whereRef('a.country', '=', 'l.country')
      .where('a.segment', '=', segment)
      .where('a.code', '=', codeIn(segment))
      .where('a.ancestor_level', '<=', level)
      .orderBy('a.ancestor_level', 'desc')
      .limit(1);
    return eb.fn.coalesce(ancestor, codeIn(segment)).as(alias);
  };
}

export const sumOf = (stage: Stage) => sql<string | null>`sum(${sql.ref(`l.${stage}`)})::text`.as(stage);

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
  const aliases = groups.map((_group, i): KeyAlias => `k${i}`);
  const grouping = [sql.ref('l.fiscal_year'), sql.ref('l.currency'), ...aliases.map((alias) => sql.ref(alias))];
  const rows = await financeDb(em)
    .selectFrom('fin_budget_line as l')
    .select(['l.fiscal_year', 'l.currency'])
    .select(groups.map((group, i) => groupKey(group, aliases[i] as KeyAlias)))
    .select(STAGES.map(sumOf))
    .select([
      sql<number>`count(*)::int`.as('lines'),
      sql<string | null>`round(sum(l.paid) / nullif(sum(coalesce(l.revised, l.approved)), 0), 4)::text`.as('rate'),
    ])
    .where((eb) => budgetConditions(eb, country, fiscalYears, filters))
    .groupBy(grouping)
    .$call((query) => grouping.reduce((ordered, key) => ordered.orderBy(key), query))
    .execute();
  return rows.map((row) => ({
    country: country.toUpperCase(),
    fiscalYear: row.fiscal_year,
    currency: row.currency,
    group: groups.map((g, i) => ({
      segment: g.segment,
      code: { country: country.toUpperCase(), segment: g.segment, code: row[aliases[i] as KeyAlias] ?? '' },
    })),
    amounts: Object.fromEntries(STAGES.map((s) => [s, row[s]])) as unknown as BudgetTotal['amounts'],
    executionRate: row.rate,
    lines: row.lines,
  })) as BudgetTotal[];
}

export async function budgetLines(
  em: EntityManager,
  country: string,
  fiscalYears: readonly string[] | null | undefined,
  filters: readonly BudgetCodeFilter[] | null | undefined,
  args: PageArgs,
): Promise<Connection<BudgetLine>> {
  const page = pageOf(args);
  const walk = keyset(sql`l.id`, sql`l.id`, OrderDirection.ASC, page, { sort: 'int' });
  const db = financeDb(em);
  const rows = await budgetLineRows(db)
    .where((eb) => budgetConditions(eb, country, fiscalYears, filters))
    .$if(walk.where.length > 0, (qb) => qb.where(sql<SqlBool>`${and(walk.where)}`))
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () =>
    (
      await db
        .selectFrom('fin_budget_line as l')
        .select(sql<number>`count(*)::int`.as('n'))
        .where((eb) => budgetConditions(eb, country, fiscalYears, filters))
        .executeTakeFirst()
    )?.n ?? 0;
  return connectionOf(rows.map(toBudgetLine), page, (line) => [line.id, line.id], count);
}
