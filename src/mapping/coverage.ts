import { sql } from 'kysely';
import { transactionsWithFiscalYear } from '../aid/facts.js';
import type { EntityManager } from '../db/orm.js';
import { countryCalendar } from '../finance/country-calendar.js';
import { mappingDb } from './db.js';
import type { Target } from './apply/rule-index.js';

export interface CoverageOptions {
  readonly target: Target;
  /** Transaction types counted (default: disbursements and expenditures). */
  readonly transactionTypes?: readonly string[];
  /** Only transactions in this fiscal year (start year) of the target's country (calendar year for COFOG). */
  readonly fiscalYear?: number | null;
  /** Only this reporting organisation (IATI org ref, or name where it has none). */
  readonly donor?: string | null;
}

export interface CoverageTotal {
  readonly currency: string;
  readonly total: string;
  readonly mapped: string;
  readonly unmapped: string;
  /**
   * Per cent of the money placed, 2 decimals: mapped over all, each amount counted by its absolute
   * value, so a refund or a reversal is money to place rather than money against it, and the share
   * stays between 0 and 100 whatever the sign of the net total; null when nothing is counted.
   */
  readonly mappedShare: string | null;
  readonly transactions: number;
}

export interface UnmappedSource {
  readonly donorRef: string | null;
  readonly donorName: string | null;
  readonly sourceScheme: string | null;
  readonly sourceCode: string | null;
  readonly currency: string;
  readonly amount: string;
  readonly activities: number;
}

/**
 * Each counted transaction's value (aid's transactions of authoritative reports, embedded as the
 * first CTE so coverage stays one statement) spread over its assignments in the target: the
 * transaction's own assignments if it has any there, else its activity's, those valid in the
 * transaction's fiscal year. For COFOG, a transaction of an activity not applied yet counts as
 * wholly unmapped; a national chart counts the activities in its country (those applied there).
 */
function spread(em: EntityManager, options: CoverageOptions, startMonth: number) {
  const { target } = options;
  const transactions = transactionsWithFiscalYear(em, {
    types: options.transactionTypes ?? ['3', '4'],
    donor: options.donor ?? null,
    fiscalStartMonth: startMonth,
  });
  return sql`with tx as (${transactions}),
    counted as (select * from tx where ${options.fiscalYear ?? null}::int is null or fy = ${options.fiscalYear ?? null}),
    placed as (
      select c.*, m.target_code, m.share, m.source_scheme, m.source_code from counted c
      join map_assignment m on m.activity_id = c.activity_id and m.target_scheme = ${target.scheme} and m.country is not distinct from ${target.country}
        and (m.valid_from is null or m.valid_from <= c.fy) and (m.valid_to is null or m.valid_to >= c.fy)
        and (m.transaction_id = c.id or (m.transaction_id is null and not exists (
          select 1 from map_assignment o where o.transaction_id = c.id and o.target_scheme = ${target.scheme} and o.country is not distinct from ${target.country})))
      ${
        // COFOG covers every activity: one not yet applied counts as unmapped. A national chart
        // covers only the activities in its country, which are exactly those with assignments there.
        target.country === null
          ? sql`union all
      select c.*, null, 100, null, null from counted c where not exists (
        select 1 from map_assignment m where m.activity_id = c.activity_id and m.target_scheme = ${target.scheme} and m.country is null)`
          : sql``
      }
    )`;
}

async function startMonthOf(em: EntityManager, country: string | null): Promise<number> {
  if (!country) return 1;
  return (await countryCalendar(em, country))?.startMonth ?? 1;
}

/** Totals per currency: everything counted, what is mapped, what is not. */
export async function coverageTotals(em: EntityManager, options: CoverageOptions): Promise<CoverageTotal[]> {
  const { rows } = await sql<CoverageTotal>`${spread(em, options, await startMonthOf(em, options.target.country))}
      select currency, round(sum(value * share / 100), 2)::text as total, round(coalesce(sum(value * share / 100) filter (where target_code is not null), 0), 2)::text as mapped,
        round(coalesce(sum(value * share / 100) filter (where target_code is null), 0), 2)::text as unmapped,
        round(100 * coalesce(sum(abs(value * share / 100)) filter (where target_code is not null), 0) / nullif(sum(abs(value * share / 100)), 0), 2)::text as "mappedShare",
        count(distinct id)::int as transactions
      from placed group by currency order by sum(value * share / 100) desc`.execute(mappingDb(em));
  return rows;
}

/** What leaves money unmapped, by donor and source code, the largest amount first. */
export async function unmappedSources(em: EntityManager, options: CoverageOptions, limit: number): Promise<UnmappedSource[]> {
  const { rows } = await sql<UnmappedSource>`${spread(em, options, await startMonthOf(em, options.target.country))}
      select donor_ref as "donorRef", donor_name as "donorName", source_scheme as "sourceScheme", source_code as "sourceCode", currency,
        round(sum(value * share / 100), 2)::text as amount, count(distinct activity_id)::int as activities
      from placed where target_code is null
      group by donor_ref, donor_name, source_scheme, source_code, currency
      order by sum(value * share / 100) desc, donor_ref, source_code limit ${limit}`.execute(mappingDb(em));
  return rows;
}
