import { sql, type Kysely, type SqlBool } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { STAGES, sumOf } from './budget-query.js';
import { budgetLineRows, toBudgetLine } from './budget-line-rows.js';
import { financeDb, type FinanceDB } from './db.js';
import { anyInt, anyText } from './rows.js';
import type { BudgetLine, BudgetTotal } from './types/budget.type.js';

/**
 * Budget lines under chart codes, for many codes in one statement: the graph's CoaCode entity
 * (`country|segment|code` keys, as the code loaders use) answers its budget and its lines with
 * these, and other subgraphs reach a code by its key. A line is under a code when its code in
 * that segment is the code or one below it (an open segment's unlisted code only matches itself).
 */
type Db = Kysely<FinanceDB>;

/** The keys as a table `k` (key, country, segment, code). */
function keyTable(db: Db, keys: readonly string[]) {
  const unnested = db.selectNoFrom(sql<string>`unnest(${[...keys]}::text[])`.as('key')).as('u');
  return db
    .selectFrom(unnested)
    .select([
      'u.key',
      sql<string>`split_part(u.key, '|', 1)`.as('country'),
      sql<string>`split_part(u.key, '|', 2)`.as('segment'),
      sql<string>`split_part(u.key, '|', 3)`.as('code'),
    ])
    .as('k');
}

const lineUnderKey = sql<SqlBool>`l.country = k.country and (l.codes->>k.segment = k.code or exists (
  select 1 from fin_coa_ancestor x
  where x.country = l.country and x.segment = k.segment and x.code = l.codes->>k.segment and x.ancestor = k.code))`;

function linesUnder(db: Db, keys: readonly string[], fiscalYears: readonly string[] | null) {
  return budgetLineRows(db)
    .innerJoin(keyTable(db, keys), (join) => join.on(lineUnderKey))
    .$if(Boolean(fiscalYears?.length), (qb) => qb.where('l.fiscal_year', '=', anyText(fiscalYears ?? [])));
}

/** Totals of the lines under each code, by fiscal year and currency, keyed `country|segment|code`. */
export async function budgetUnderCodes(
  em: EntityManager,
  keys: readonly string[],
  fiscalYears: readonly string[] | null,
): Promise<(BudgetTotal & { key: string })[]> {
  const db = financeDb(em);
  const rows = await db
    .selectFrom('fin_budget_line as l')
    .innerJoin(keyTable(db, keys), (join) => join.on(lineUnderKey))
    .$if(Boolean(fiscalYears?.length), (qb) => qb.where('l.fiscal_year', '=', anyText(fiscalYears ?? [])))
    .select(['k.key', 'k.country', 'k.segment', 'k.code', 'l.fiscal_year', 'l.currency'])
    .select(STAGES.map(sumOf))
    .select([
      sql<number>`count(*)::int`.as('lines'),
      sql<string | null>`round(sum(l.paid) / nullif(sum(coalesce(l.revised, l.approved)), 0), 4)::text`.as('rate'),
    ])
    .groupBy(['k.key', 'k.country', 'k.segment', 'k.code', 'l.fiscal_year', 'l.currency'])
    .orderBy('k.key')
    .orderBy('l.fiscal_year')
    .orderBy('l.currency')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    country: row.country,
    fiscalYear: row.fiscal_year,
    currency: row.currency,
    group: [{ segment: row.segment, code: { country: row.country, segment: row.segment, code: row.code } }],
    amounts: Object.fromEntries(STAGES.map((s) => [s, row[s]])) as unknown as BudgetTotal['amounts'],
    executionRate: row.rate,
    lines: row.lines,
  })) as (BudgetTotal & { key: string })[];
}

/** The first `first` lines (by id) under each code, keyed `country|segment|code`: one statement for every code. */
export async function budgetLinesUnderCodes(
  em: EntityManager,
  keys: readonly string[],
  fiscalYears: readonly string[] | null,
  first: number,
): Promise<(BudgetLine & { key: string })[]> {
  const db = financeDb(em);
  const ranked = linesUnder(db, keys, fiscalYears)
    .select(['k.key', sql<number>`row_number() over (partition by k.key order by l.id)::int`.as('rank')])
    .as('r');
  const rows = await db.selectFrom(ranked).selectAll().where('r.rank', '<=', first).orderBy('r.key').orderBy('r.id').execute();
  return rows.map((row) => ({ ...toBudgetLine(row), key: row.key }));
}

/** Lines by id (a federation reference to a BudgetLine). */
export async function budgetLinesByIds(em: EntityManager, ids: readonly number[]): Promise<BudgetLine[]> {
  return (await budgetLineRows(financeDb(em)).where('l.id', '=', anyInt(ids)).execute()).map(toBudgetLine);
}
