import { sql, type Kysely } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { budgetLineRows, toBudgetLine } from './budget-line-rows.js';
import { financeDb, type FinanceDB } from './db.js';
import { anyInt, anyText, loans, type LoanRow } from './rows.js';
import type { BudgetLine } from './types/budget.type.js';

/**
 * Loans and the budget lines they finance. A line names its financing where the chart carries
 * it: its code in the fund segment (kind `fund`) or in an open segment (externally financed
 * projects) is the loan's project id (the World Bank's P-code the debt office records) or its
 * loan number. Malawi's chart codes a loan-financed line fund 2 (external loans) and project
 * P160003: the project names the loan, the fund is its source of funds.
 */
type Db = Kysely<FinanceDB>;

/** (loanId, lineId) for every line a loan finances, narrowed to these loans or these lines: a query to join. */
function loanLineLinks(db: Db, only: { loans?: readonly number[]; lines?: readonly number[] }) {
  const financing = db
    .selectFrom('fin_budget_line as l')
    .innerJoin('fin_coa_segment as s', (join) =>
      join.onRef('s.country', '=', 'l.country').on((eb) => eb.or([eb('s.kind', '=', 'fund'), eb('s.open', '=', true)])),
    )
    .select(['l.id as lineId', 'l.country', sql<string>`l.codes->>s.segment`.as('code')])
    .where(sql<string | null>`l.codes->>s.segment`, 'is not', null)
    .$if(only.lines !== undefined, (qb) => qb.where('l.id', '=', anyInt(only.lines ?? [])));
  const loanNames = (column: 'project_id' | 'loan_number') =>
    db
      .selectFrom('fin_loan as lo')
      .select(['lo.id as loanId', 'lo.country', sql<string>`${sql.ref(`lo.${column}`)}`.as('code')])
      .where(sql.ref(`lo.${column}`), 'is not', null)
      .$if(only.loans !== undefined, (qb) => qb.where('lo.id', '=', anyInt(only.loans ?? [])));
  return db
    .selectFrom(financing.as('f'))
    .innerJoin(loanNames('project_id').unionAll(loanNames('loan_number')).as('n'), (join) =>
      join.onRef('n.country', '=', 'f.country').onRef('n.code', '=', 'f.code'),
    )
    .select(['n.loanId', 'f.lineId'])
    .distinct();
}

/** The first `first` lines (by id) each loan finances, in these fiscal years (all when null): one statement for every loan. */
export async function budgetLinesOfLoans(
  em: EntityManager,
  loanIds: readonly number[],
  fiscalYears: readonly string[] | null,
  first: number,
): Promise<(BudgetLine & { loanId: number })[]> {
  const db = financeDb(em);
  const ranked = budgetLineRows(db)
    .innerJoin(loanLineLinks(db, { loans: loanIds }).as('x'), 'x.lineId', 'l.id')
    .$if(Boolean(fiscalYears?.length), (qb) => qb.where('l.fiscal_year', '=', anyText(fiscalYears ?? [])))
    .select(['x.loanId', sql<number>`row_number() over (partition by x."loanId" order by l.id)::int`.as('rank')])
    .as('r');
  const rows = await db.selectFrom(ranked).selectAll().where('r.rank', '<=', first).orderBy('r.loanId').orderBy('r.id').execute();
  return rows.map((row) => ({ ...toBudgetLine(row), loanId: row.loanId }));
}

/** The codes of the fund segment (source of funds) the lines each loan finances carry: one statement for every loan. */
export function fundCodesOfLoans(em: EntityManager, loanIds: readonly number[]) {
  const db = financeDb(em);
  return db
    .selectFrom('fin_budget_line as l')
    .innerJoin(loanLineLinks(db, { loans: loanIds }).as('x'), 'x.lineId', 'l.id')
    .innerJoin('fin_coa_segment as s', (join) => join.onRef('s.country', '=', 'l.country').on('s.kind', '=', 'fund'))
    .select(['x.loanId', 'l.country', 's.segment', sql<string>`l.codes->>s.segment`.as('code')])
    .where(sql<string | null>`l.codes->>s.segment`, 'is not', null)
    .distinct()
    .orderBy('x.loanId')
    .orderBy('s.segment')
    .orderBy('code')
    .execute();
}

/** The loans financing each line: one statement for every line. */
export function loansOfBudgetLines(em: EntityManager, lineIds: readonly number[]): Promise<(LoanRow & { lineId: number })[]> {
  const db = financeDb(em);
  return loans(db)
    .innerJoin(loanLineLinks(db, { lines: lineIds }).as('x'), 'x.loanId', 'l.id')
    .select('x.lineId')
    .orderBy('x.lineId')
    .orderBy('l.source')
    .orderBy('l.loan_number')
    .execute();
}
