import { sql, type Kysely, type Selectable } from 'kysely';
import type { FinanceDB } from './db.js';

/**
 * The shapes the finance graph reads its tables in, as typed queries: each row type below is the
 * builder's inferred result, not a second description of the table. Money and dates are selected
 * as exact text (`::text`), the form the graph answers in.
 */
type Db = Kysely<FinanceDB>;

/** `= any($1::text[])`: one array parameter however many keys. */
export const anyText = (keys: readonly string[]) => sql<string>`any(${[...keys]}::text[])`;
export const anyInt = (keys: readonly number[]) => sql<number>`any(${[...keys]}::int[])`;

/** A configured country and its fiscal calendar. */
export function countries(db: Db) {
  return db
    .selectFrom('fin_country')
    .select([
      'country as code',
      'name',
      'currency',
      'fiscal_year_start_month as fiscalYearStartMonth',
      'fiscal_year_label as fiscalYearLabel',
      'version as chartVersion',
      'origin as chartOrigin',
    ]);
}

/** The versions of the countries' charts, as `tributary coa load` and the start-up load wrote them. */
export function chartVersions(db: Db) {
  return db
    .selectFrom('fin_coa_version')
    .select([
      'country',
      'version',
      'origin',
      'input',
      'loaded_by as loadedBy',
      sql<string>`loaded_at::text`.as('loadedAt'),
      'added',
      'changed',
      'retired_codes as retiredCodes',
    ]);
}
export type ChartVersionRow = Awaited<ReturnType<ReturnType<typeof chartVersions>['executeTakeFirstOrThrow']>>;
export type CountryRow = Awaited<ReturnType<ReturnType<typeof countries>['executeTakeFirstOrThrow']>>;

export function segments(db: Db) {
  return db.selectFrom('fin_coa_segment').select(['country', 'segment as id', 'kind', 'name', 'levels', 'classification', 'open']);
}
export type SegmentRow = Awaited<ReturnType<ReturnType<typeof segments>['executeTakeFirstOrThrow']>>;

/** Chart-of-accounts codes, as `c`. */
export function codes(db: Db) {
  return db
    .selectFrom('fin_coa_code as c')
    .select([
      'c.country',
      'c.segment',
      'c.code',
      'c.parent',
      'c.level',
      'c.name',
      'c.name_en as nameEn',
      'c.name_fr as nameFr',
      'c.name_es as nameEs',
      'c.cofog',
      'c.retired',
    ]);
}
export type CodeRow = Awaited<ReturnType<ReturnType<typeof codes>['executeTakeFirstOrThrow']>>;

/** `country|segment|code`, the key the code loaders answer by. */
export const codeKey = (country: string, segment: string, code: string | null): string => `${country}|${segment}|${code ?? ''}`;

/** Published rates, as the conversions use them. */
export function rates(db: Db) {
  return db
    .selectFrom('fin_exchange_rate')
    .select(['source', 'currency', 'quote', 'period', sql<string>`date::text`.as('date'), sql<string>`rate::text`.as('rate')]);
}
export type RateRow = Awaited<ReturnType<ReturnType<typeof rates>['executeTakeFirstOrThrow']>>;

type LoanColumns = Selectable<FinanceDB['fin_loan']>;
const text = <C extends keyof LoanColumns & string>(column: C) => sql<LoanColumns[C]>`${sql.ref(`l.${column}`)}::text`;

/** Loans, as `l`; `id` is the graph's id, `<source>:<loan number>`, and `loanId` the row's. */
export function loans(db: Db) {
  return db
    .selectFrom('fin_loan as l')
    .select([
      'l.id as loanId',
      sql<string>`l.source || ':' || l.loan_number`.as('id'),
      'l.source',
      'l.loan_number as loanNumber',
      'l.creditor',
      'l.creditor_category as creditorCategory',
      'l.instrument',
      'l.country',
      'l.borrower',
      'l.guarantor',
      'l.project_id as projectId',
      'l.project_name as projectName',
      'l.status',
      'l.status_text as statusText',
      'l.currency',
      text('committed').as('committed'),
      text('disbursed').as('disbursed'),
      text('undisbursed').as('undisbursed'),
      text('cancelled').as('cancelled'),
      text('repaid').as('repaid'),
      text('outstanding').as('outstanding'),
      text('interest_rate').as('interestRate'),
      'l.interest_type as interestType',
      text('signing_date').as('signingDate'),
      text('approval_date').as('approvalDate'),
      text('effective_date').as('effectiveDate'),
      text('closing_date').as('closingDate'),
      text('first_repayment_date').as('firstRepaymentDate'),
      text('last_repayment_date').as('lastRepaymentDate'),
      text('as_of').as('asOf'),
      'l.terms',
      'l.import_run_id as importRunId',
    ]);
}
export type LoanRow = Awaited<ReturnType<ReturnType<typeof loans>['executeTakeFirstOrThrow']>>;

/** A loan's flows, with the borrowing country (for fiscal periods). */
export function flows(db: Db) {
  return db
    .selectFrom('fin_loan_flow as f')
    .innerJoin('fin_loan as l', 'l.id', 'f.loan_id')
    .select([
      'f.loan_id as loanId',
      'f.seq',
      'f.type',
      sql<string>`f.date::text`.as('date'),
      sql<string>`f.amount::text`.as('value'),
      'f.currency',
      sql<string | null>`f.amount_usd::text`.as('valueUsd'),
      'f.scheduled',
      'f.reference',
      'l.country',
    ]);
}
export type FlowRow = Awaited<ReturnType<ReturnType<typeof flows>['executeTakeFirstOrThrow']>>;
