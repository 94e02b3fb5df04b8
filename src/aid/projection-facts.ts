import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb, type AidDB } from './db.js';

/**
 * What the aid-on-budget view (the mapping domain's projection) reads of aid: who each activity
 * is (title, donor, implementer, counterpart, finance type) and its money per national fiscal
 * year. Set-based: one statement per question for a whole chunk of activities.
 */

const intArray = (values: readonly number[]) => sql<number[]>`${sql.val([...values])}::int[]`;

/** IATI participating-organisation roles: 2 accountable (the national counterpart), 4 implementing. */
const ACCOUNTABLE = '2';
const IMPLEMENTING = '4';

/** Title, donor, the first implementer and accountable organisation, and finance types, of these activities (authoritative report). */
export function activityProfiles(em: EntityManager, activityIds: readonly number[]) {
  const db = aidDb(em);
  type Reports = ExpressionBuilder<AidDB & { r: AidDB['aid_activity_report'] }, 'r'>;
  const firstOrg = (eb: Reports, role: string, column: 'ref' | 'name') =>
    eb
      .selectFrom('aid_participating_org as o')
      .select(`o.${column}`)
      .whereRef('o.report_id', '=', 'r.id')
      .where('o.role', '=', role)
      .orderBy('o.seq')
      .limit(1);
  return db
    .selectFrom('aid_activity as a')
    .innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id')
    .select((eb) => [
      'a.id as activityId',
      'a.iati_identifier as iatiIdentifier',
      'r.title',
      'r.reporting_org_ref as donorRef',
      'r.reporting_org_name as donorName',
      'r.default_finance_type as defaultFinanceType',
      firstOrg(eb, IMPLEMENTING, 'ref').as('implementerRef'),
      firstOrg(eb, IMPLEMENTING, 'name').as('implementerName'),
      firstOrg(eb, ACCOUNTABLE, 'ref').as('counterpartRef'),
      firstOrg(eb, ACCOUNTABLE, 'name').as('counterpartName'),
      eb
        .selectFrom('aid_transaction as t')
        .select('t.finance_type')
        .whereRef('t.report_id', '=', 'r.id')
        .where('t.finance_type', 'is not', null)
        .groupBy('t.finance_type')
        .orderBy(sql`sum(abs(t.value))`, 'desc')
        .orderBy('t.finance_type')
        .limit(1)
        .as('transactionFinanceType'),
    ])
    .where((eb) => eb('a.id', '=', eb.fn.any(intArray(activityIds))))
    .orderBy('a.id')
    .execute();
}
export type ActivityProfile = Awaited<ReturnType<typeof activityProfiles>>[number];

/** The kinds of money the view shows: transactions of types 2, 3, 4, and what is planned ahead. */
export type AmountKind = 'committed' | 'disbursed' | 'expended' | 'forward';
const TRANSACTION_KINDS = { '2': 'committed', '3': 'disbursed', '4': 'expended' } as const;

export interface FiscalOptions {
  /** The month the national fiscal year starts (1–12). */
  readonly startMonth: number;
  /** Split each year into its quarters. */
  readonly quarters: boolean;
}

/** The fiscal year (start year) and quarter of a date column, in the national calendar. */
function fiscal(date: RawBuilder<unknown>, month: number) {
  const months = sql`((extract(month from ${date})::int - ${month} + 12) % 12)`;
  return {
    year: sql<number>`(extract(year from ${date})::int - case when extract(month from ${date})::int < ${month} then 1 else 0 end)`,
    quarter: sql<number>`(${months} / 3 + 1)`,
  };
}

export interface YearAmount {
  readonly activityId: number;
  readonly fiscalYear: number;
  /** 1–4 when quarters were asked for, else null. */
  readonly quarter: number | null;
  readonly kind: AmountKind;
  readonly currency: string;
  /** Exact decimal text. */
  readonly value: string;
  /** The date the amount is valued at: the latest value date (else date) of its transactions, or the latest period start planned. */
  readonly valueDate: string;
}

/**
 * The activities' money per fiscal year (and quarter), kind and currency. Forward money is the
 * planned disbursements where the activity has any, else its budgets (a revised budget replacing
 * the original of the same period); a period counts in the fiscal year it starts.
 */
export async function activityYearAmounts(em: EntityManager, activityIds: readonly number[], options: FiscalOptions) {
  const db = aidDb(em);
  const ids = intArray(activityIds);
  const month = options.startMonth;
  const quarterOf = (q: RawBuilder<number>) => (options.quarters ? q : sql<number | null>`null::int`);
  const txDate = sql`coalesce(t.value_date, t.date)`;
  const tx = fiscal(sql`t.date`, month);
  const transactions = db
    .selectFrom('aid_transaction as t')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 't.report_id')
    .select([
      'a.id as activityId',
      tx.year.as('fiscalYear'),
      quarterOf(tx.quarter).as('quarter'),
      sql<AmountKind>`case t.type ${sql.join(
        Object.entries(TRANSACTION_KINDS).map(([type, kind]) => sql`when ${type} then ${kind}`),
        sql` `,
      )} end`.as('kind'),
      't.currency',
      sql<string>`sum(t.value)::text`.as('value'),
      sql<string>`max(${txDate})::text`.as('valueDate'),
    ])
    .where((eb) => eb('a.id', '=', eb.fn.any(ids)))
    .where('t.type', 'in', Object.keys(TRANSACTION_KINDS))
    .groupBy(['a.id', sql`2`, sql`3`, sql`4`, 't.currency']);
  const planned = db
    .selectFrom('aid_planned_disbursement as p')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'p.report_id')
    .select(['a.id as activityId', 'p.period_start as start', 'p.value', 'p.currency']);
  const budgets = db
    .selectFrom('aid_budget as b')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'b.report_id')
    .select(['a.id as activityId', 'b.period_start as start', 'b.value', 'b.currency'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('aid_planned_disbursement as p2')
            .select(sql`1`.as('one'))
            .whereRef('p2.report_id', '=', 'b.report_id'),
        ),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('b.type', '=', '2'),
        eb.not(
          eb.exists(
            eb
              .selectFrom('aid_budget as b2')
              .select(sql`1`.as('one'))
              .whereRef('b2.report_id', '=', 'b.report_id')
              .whereRef('b2.period_start', '=', 'b.period_start')
              .where('b2.type', '=', '2'),
          ),
        ),
      ]),
    );
  const ahead = fiscal(sql`f.start`, month);
  const forward = db
    .selectFrom(planned.unionAll(budgets).as('f'))
    .select([
      'f.activityId',
      ahead.year.as('fiscalYear'),
      quarterOf(ahead.quarter).as('quarter'),
      sql<AmountKind>`'forward'`.as('kind'),
      'f.currency',
      sql<string>`sum(f.value)::text`.as('value'),
      sql<string>`max(f.start)::text`.as('valueDate'),
    ])
    .where((eb) => eb('f.activityId', '=', eb.fn.any(ids)))
    .groupBy(['f.activityId', sql`2`, sql`3`, 'f.currency']);
  const rows: YearAmount[] = await transactions.unionAll(forward).execute();
  return rows;
}

/** The activities these donors report (IATI org ref, or name where it has none): a query of `id` for the caller to join. */
export function activitiesOfDonors(em: EntityManager, donors: readonly string[]) {
  return aidDb(em)
    .selectFrom('aid_activity as a')
    .innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id')
    .select('a.id')
    .where((eb) =>
      eb(sql<string>`coalesce(r.reporting_org_ref, r.reporting_org_name)`, '=', eb.fn.any(sql<string[]>`${sql.val([...donors])}::text[]`)),
    );
}
