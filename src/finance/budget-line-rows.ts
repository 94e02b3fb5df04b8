import { sql, type Kysely } from 'kysely';
import { BUDGET_STAGES } from '../../connectors/ifmis/types.js';
import type { FinanceDB } from './db.js';
import type { BudgetLine } from './types/budget.type.js';

/** Budget lines as `l` with their dataset's name and every stage as exact text: what the graph answers a line with. */
export function budgetLineRows(db: Kysely<FinanceDB>) {
  return db
    .selectFrom('fin_budget_line as l')
    .innerJoin('fin_budget_dataset as d', 'd.id', 'l.dataset_id')
    .select(['l.id', 'l.country', 'l.fiscal_year as fiscalYear', 'l.currency', 'l.codes', 'd.name as dataset', 'l.source_row as sourceRow'])
    .select(BUDGET_STAGES.map((stage) => sql<string | null>`${sql.ref(`l.${stage}`)}::text`.as(stage)));
}
export type BudgetLineRow = Awaited<ReturnType<ReturnType<typeof budgetLineRows>['executeTakeFirstOrThrow']>>;

export function toBudgetLine(row: BudgetLineRow): BudgetLine {
  return {
    id: row.id,
    country: row.country,
    fiscalYear: row.fiscalYear,
    currency: row.currency,
    codes: row.codes,
    dataset: row.dataset,
    sourceRow: row.sourceRow,
    amounts: Object.fromEntries(BUDGET_STAGES.map((s) => [s, row[s]])) as unknown as BudgetLine['amounts'],
  };
}
