import DataLoader from 'dataloader';
import { sql } from 'kysely';
import { grouped, select, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import type { Rate } from './conversion.js';

export interface CountryRow {
  code: string;
  name: string;
  currency: string;
  fiscalYearStartMonth: number;
  fiscalYearLabel: string | null;
}
export interface SegmentRow {
  country: string;
  id: string;
  kind: string;
  name: string;
  levels: string[];
  classification: string | null;
  open: boolean;
}
export interface CodeRow {
  country: string;
  segment: string;
  code: string;
  parent: string | null;
  level: number;
  name: string;
  nameEn: string | null;
  nameFr: string | null;
  nameEs: string | null;
}
export interface LoanRow {
  loanId: number;
  id: string;
  source: string;
  loanNumber: string;
  projectId: string | null;
  country: string;
  [column: string]: unknown;
}
export interface FlowRow {
  loanId: number;
  seq: number;
  type: string;
  date: string;
  value: string;
  currency: string;
  valueUsd: string | null;
  scheduled: boolean;
  reference: string | null;
  country: string;
}

export const codeKey = (country: string, segment: string, code: string | null): string => `${country}|${segment}|${code ?? ''}`;

const CODE_SELECT = sql`country, segment, code, parent, level, name, name_en as "nameEn", name_fr as "nameFr", name_es as "nameEs"`;
export const LOAN_SELECT = sql`l.id as "loanId", l.source || ':' || l.loan_number as id, l.source, l.loan_number as "loanNumber", l.creditor,
  l.creditor_category as "creditorCategory", l.instrument, l.country, l.borrower, l.guarantor, l.project_id as "projectId", l.project_name as "projectName",
  l.status, l.status_text as "statusText", l.currency, l.committed::text as committed, l.disbursed::text as disbursed, l.undisbursed::text as undisbursed,
  l.cancelled::text as cancelled, l.repaid::text as repaid, l.outstanding::text as outstanding, l.interest_rate::text as "interestRate",
  l.interest_type as "interestType", l.signing_date::text as "signingDate", l.approval_date::text as "approvalDate",
  l.effective_date::text as "effectiveDate", l.closing_date::text as "closingDate", l.first_repayment_date::text as "firstRepaymentDate",
  l.last_repayment_date::text as "lastRepaymentDate", l.as_of::text as "asOf", l.terms, l.import_run_id as "importRunId"`;

/**
 * The finance subgraph's loaders, made per request: one `= any($1)` query per kind of thing
 * asked for, whatever the number of budget totals, loans or transactions in the answer.
 */
export function createFinanceLoaders(em: EntityManager) {
  return {
    country: single<string, CountryRow>(
      (keys) =>
        select(
          em,
          sql<CountryRow>`select country as code, name, currency, fiscal_year_start_month as "fiscalYearStartMonth", fiscal_year_label as "fiscalYearLabel"
            from fin_country where country = any(${[...keys]}::text[])`,
        ),
      (row) => row.code,
    ),
    allCountries: new DataLoader<'all', CountryRow[]>(async (keys) => {
      const rows = await select(
        em,
        sql<CountryRow>`select country as code, name, currency, fiscal_year_start_month as "fiscalYearStartMonth", fiscal_year_label as "fiscalYearLabel"
          from fin_country order by country`,
      );
      return keys.map(() => rows);
    }),
    segmentsByCountry: grouped<string, SegmentRow>(
      (keys) =>
        select(
          em,
          sql<SegmentRow>`select country, segment as id, kind, name, levels, classification, open from fin_coa_segment
            where country = any(${[...keys]}::text[]) order by country, seq`,
        ),
      (row) => row.country,
    ),
    code: single<string, CodeRow>(
      (keys) =>
        select(
          em,
          sql<CodeRow>`select ${CODE_SELECT} from fin_coa_code where country || '|' || segment || '|' || code = any(${[...keys]}::text[])`,
        ),
      (row) => codeKey(row.country, row.segment, row.code),
    ),
    children: grouped<string, CodeRow>(
      (keys) =>
        select(
          em,
          sql<CodeRow>`select ${CODE_SELECT} from fin_coa_code where country || '|' || segment || '|' || coalesce(parent, '') = any(${[...keys]}::text[])
            order by country, segment, code`,
        ),
      (row) => codeKey(row.country, row.segment, row.parent),
    ),
    ancestors: grouped<string, CodeRow & { of: string }>(
      (keys) =>
        select(
          em,
          sql<
            CodeRow & { of: string }
          >`select a.country || '|' || a.segment || '|' || a.code as of, ${sql.raw('c.country, c.segment, c.code, c.parent, c.level, c.name, c.name_en as "nameEn", c.name_fr as "nameFr", c.name_es as "nameEs"')}
            from fin_coa_ancestor a join fin_coa_code c on c.country = a.country and c.segment = a.segment and c.code = a.ancestor
            where a.country || '|' || a.segment || '|' || a.code = any(${[...keys]}::text[]) and a.ancestor <> a.code order by a.ancestor_level`,
        ),
      (row) => row.of,
    ),
    ratesByCurrency: grouped<string, Rate>(
      (keys) =>
        select(
          em,
          sql<Rate>`select source, currency, quote, period, date::text as date, rate::text as rate from fin_exchange_rate
            where currency = any(${[...keys]}::text[]) order by currency, quote, source, date`,
        ),
      (row) => row.currency,
    ),
    loanById: single<number, LoanRow>(
      (keys) => select(em, sql<LoanRow>`select ${LOAN_SELECT} from fin_loan l where l.id = any(${[...keys]}::int[])`),
      (row) => row.loanId,
    ),
    loanByKey: single<string, LoanRow>(
      (keys) =>
        select(em, sql<LoanRow>`select ${LOAN_SELECT} from fin_loan l where l.source || ':' || l.loan_number = any(${[...keys]}::text[])`),
      (row) => row.id,
    ),
    loansByProject: grouped<string, LoanRow>(
      (keys) =>
        select(
          em,
          sql<LoanRow>`select ${LOAN_SELECT} from fin_loan l where l.project_id = any(${[...keys]}::text[]) order by l.loan_number`,
        ),
      (row) => row.projectId ?? '',
    ),
    loansByLinkedActivity: grouped<string, LoanRow & { linkedTo: string }>(
      (keys) =>
        select(
          em,
          sql<
            LoanRow & { linkedTo: string }
          >`select ${LOAN_SELECT}, k.iati_identifier as "linkedTo" from fin_loan_activity_link k join fin_loan l on l.id = k.loan_id
            where k.iati_identifier = any(${[...keys]}::text[]) order by l.loan_number`,
        ),
      (row) => row.linkedTo,
    ),
    linkedActivities: grouped<number, { loanId: number; iatiIdentifier: string }>(
      (keys) =>
        select(
          em,
          sql<{
            loanId: number;
            iatiIdentifier: string;
          }>`select loan_id as "loanId", iati_identifier as "iatiIdentifier" from fin_loan_activity_link
            where loan_id = any(${[...keys]}::int[]) order by iati_identifier`,
        ),
      (row) => row.loanId,
    ),
    flowsByLoan: grouped<number, FlowRow>(
      (keys) =>
        select(
          em,
          sql<FlowRow>`select f.loan_id as "loanId", f.seq, f.type, f.date::text as date, f.amount::text as value, f.currency,
            f.amount_usd::text as "valueUsd", f.scheduled, f.reference, l.country from fin_loan_flow f join fin_loan l on l.id = f.loan_id
            where f.loan_id = any(${[...keys]}::int[]) order by f.loan_id, f.date, f.seq`,
        ),
      (row) => row.loanId,
    ),
    /** Rate sources, national ones first and the IMF's last: the order conversions try them in. */
    rateSources: new DataLoader<'all', string[]>(async (keys) => {
      const rows = await select(em, sql<{ source: string }>`select distinct source from fin_exchange_rate order by source`);
      const sources = rows
        .map((r) => r.source)
        .sort((a, b) => Number(a.startsWith('imf')) - Number(b.startsWith('imf')) || a.localeCompare(b));
      return keys.map(() => sources);
    }),
  };
}

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;
