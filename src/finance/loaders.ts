import DataLoader from 'dataloader';
import { sql } from 'kysely';
import { grouped, perArguments, single } from '../db/loader-kit.js';
import { budgetLinesByIds, budgetLinesUnderCodes, budgetUnderCodes } from './code-budget.js';
import type { EntityManager } from '../db/orm.js';
import { budgetLinesOfLoans, fundCodesOfLoans, loansOfBudgetLines } from './loan-lines.js';
import type { Rate } from './conversion.js';
import { financeDb } from './db.js';
import {
  anyInt,
  anyText,
  chartVersions,
  codeKey,
  codes,
  countries,
  flows,
  loans,
  rates,
  segments,
  type CodeRow,
  type CountryRow,
  type LoanRow,
} from './rows.js';

/**
 * The finance subgraph's loaders, made per request: one `= any($1)` query per kind of thing
 * asked for, whatever the number of budget totals, loans or transactions in the answer.
 */
export function createFinanceLoaders(em: EntityManager) {
  const db = financeDb(em);
  return {
    country: single(
      (keys: readonly string[]) => countries(db).where('country', '=', anyText(keys)).execute(),
      (row) => row.code,
    ),
    allCountries: new DataLoader<'all', CountryRow[]>(async (keys) => {
      const rows = await countries(db).orderBy('country').execute();
      return keys.map(() => rows);
    }),
    chartVersions: grouped(
      (keys: readonly string[]) => chartVersions(db).where('country', '=', anyText(keys)).orderBy('country').orderBy('version').execute(),
      (row) => row.country,
    ),
    segmentsByCountry: grouped(
      (keys: readonly string[]) => segments(db).where('country', '=', anyText(keys)).orderBy('country').orderBy('seq').execute(),
      (row) => row.country,
    ),
    code: single(
      (keys: readonly string[]) =>
        codes(db)
          .where(sql<string>`country || '|' || segment || '|' || code`, '=', anyText(keys))
          .execute(),
      (row) => codeKey(row.country, row.segment, row.code),
    ),
    children: grouped(
      (keys: readonly string[]) =>
        codes(db)
          .where(sql<string>`country || '|' || segment || '|' || coalesce(parent, '')`, '=', anyText(keys))
          .orderBy('country')
          .orderBy('segment')
          .orderBy('code')
          .execute(),
      (row) => codeKey(row.country, row.segment, row.parent),
    ),
    ancestors: grouped<string, CodeRow & { of: string }>(
      (keys) =>
        codes(db)
          .innerJoin('fin_coa_ancestor as a', (join) =>
            join.onRef('c.country', '=', 'a.country').onRef('c.segment', '=', 'a.segment').onRef('c.code', '=', 'a.ancestor'),
          )
          .select(sql<string>`a.country || '|' || a.segment || '|' || a.code`.as('of'))
          .where(sql<string>`a.country || '|' || a.segment || '|' || a.code`, '=', anyText(keys))
          .whereRef('a.ancestor', '<>', 'a.code')
          .orderBy('a.ancestor_level')
          .execute(),
      (row) => row.of,
    ),
    budgetLine: single(
      (ids: readonly number[]) => budgetLinesByIds(em, ids),
      (line) => line.id,
    ),
    /** By `country|segment|code`: the totals and lines at or below each code. */
    budgetUnderCode: perArguments((fiscalYears: readonly string[] | null) =>
      grouped(
        (keys: readonly string[]) => budgetUnderCodes(em, keys, fiscalYears),
        (total) => total.key,
      ),
    ),
    budgetLinesUnderCode: perArguments(({ fiscalYears, first }: { fiscalYears: readonly string[] | null; first: number }) =>
      grouped(
        (keys: readonly string[]) => budgetLinesUnderCodes(em, keys, fiscalYears, first),
        (line) => line.key,
      ),
    ),
    ratesByCurrency: grouped<string, Rate>(
      (keys) =>
        rates(db).where('currency', '=', anyText(keys)).orderBy('currency').orderBy('quote').orderBy('source').orderBy('date').execute(),
      (row) => row.currency,
    ),
    loanById: single<number, LoanRow>(
      (keys) => loans(db).where('l.id', '=', anyInt(keys)).execute(),
      (row) => row.loanId,
    ),
    loanByKey: single<string, LoanRow>(
      (keys) =>
        loans(db)
          .where(sql<string>`l.source || ':' || l.loan_number`, '=', anyText(keys))
          .execute(),
      (row) => row.id,
    ),
    loansByProject: grouped<string, LoanRow>(
      (keys) => loans(db).where('l.project_id', '=', anyText(keys)).orderBy('l.loan_number').execute(),
      (row) => row.projectId ?? '',
    ),
    /** By loan row id: the lines it finances (their fund or project code names it). */
    budgetLinesOfLoan: perArguments(({ fiscalYears, first }: { fiscalYears: readonly string[] | null; first: number }) =>
      grouped(
        (keys: readonly number[]) => budgetLinesOfLoans(em, keys, fiscalYears, first),
        (line) => line.loanId,
      ),
    ),
    fundCodesOfLoan: grouped(
      (keys: readonly number[]) => fundCodesOfLoans(em, keys),
      (row) => row.loanId,
    ),
    loansOfBudgetLine: grouped(
      (keys: readonly number[]) => loansOfBudgetLines(em, keys),
      (row) => row.lineId,
    ),
    loansByLinkedActivity: grouped<string, LoanRow & { linkedTo: string }>(
      (keys) =>
        loans(db)
          .innerJoin('fin_loan_activity_link as k', 'k.loan_id', 'l.id')
          .select('k.iati_identifier as linkedTo')
          .where('k.iati_identifier', '=', anyText(keys))
          .orderBy('l.loan_number')
          .execute(),
      (row) => row.linkedTo,
    ),
    linkedActivities: grouped(
      (keys: readonly number[]) =>
        db
          .selectFrom('fin_loan_activity_link')
          .select(['loan_id as loanId', 'iati_identifier as iatiIdentifier'])
          .where('loan_id', '=', anyInt(keys))
          .orderBy('iati_identifier')
          .execute(),
      (row) => row.loanId,
    ),
    flowsByLoan: grouped(
      (keys: readonly number[]) =>
        flows(db).where('f.loan_id', '=', anyInt(keys)).orderBy('f.loan_id').orderBy('f.date').orderBy('f.seq').execute(),
      (row) => row.loanId,
    ),
    /** Rate sources, national ones first and the IMF's last: the order conversions try them in. */
    rateSources: new DataLoader<'all', string[]>(async (keys) => {
      const rows = await db.selectFrom('fin_exchange_rate').select('source').distinct().orderBy('source').execute();
      const sources = rows
        .map((r) => r.source)
        .sort((a, b) => Number(a.startsWith('imf')) - Number(b.startsWith('imf')) || a.localeCompare(b));
      return keys.map(() => sources);
    }),
  };
}

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;
