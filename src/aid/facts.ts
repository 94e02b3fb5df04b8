import { sql, type Expression } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';

/**
 * What other domains (the mapping engine) read of aid's activities: the authoritative report's
 * facts, which activities report a code, names as published. Each function reads aid's tables
 * through aid's own builder; those returning a query are embedded by the caller in one statement
 * (as a CTE or a subquery) where joining with its own tables must stay one pass.
 */

const textArray = (values: readonly string[]) => sql<string[]>`${sql.val([...values])}::text[]`;
const intArray = (values: readonly number[]) => sql<number[]>`${sql.val([...values])}::int[]`;

/** The authoritative report of these activities (those without one are left out), by activity id. */
export function authoritativeReports(em: EntityManager, activityIds: readonly number[]) {
  return aidDb(em)
    .selectFrom('aid_activity as a')
    .innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id')
    .select([
      'a.id as activityId',
      'a.iati_identifier as iatiIdentifier',
      'r.id as reportId',
      'r.reporting_org_ref as reportingOrgRef',
      'r.reporting_org_name as reportingOrgName',
      'r.default_aid_types as defaultAidTypes',
      'r.default_finance_type as defaultFinanceType',
      'r.default_flow_type as defaultFlowType',
    ])
    .where((eb) => eb('a.id', '=', eb.fn.any(intArray(activityIds))))
    .orderBy('a.id')
    .execute();
}

/**
 * The parts of these reports the mapping engine reads: recipient countries, sectors (the
 * activity's and its transactions'), country-budget-items, participating organisations and
 * transactions, each in the publisher's order. Five statements, run together.
 */
export function reportParts(em: EntityManager, reportIds: readonly number[]) {
  const db = aidDb(em);
  const reports = intArray(reportIds);
  return Promise.all([
    db
      .selectFrom('aid_recipient_country')
      .select(['report_id as reportId', 'code'])
      .where((eb) => eb('report_id', '=', eb.fn.any(reports)))
      .orderBy('report_id')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('aid_sector')
      .select(['report_id as reportId', 'transaction_id as transactionId', 'vocabulary', 'code', 'percentage'])
      .where((eb) => eb('report_id', '=', eb.fn.any(reports)))
      .orderBy('report_id')
      .orderBy(sql`transaction_id nulls first`)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('aid_country_budget_item')
      .select(['report_id as reportId', 'vocabulary', 'code', 'percentage'])
      .where((eb) => eb('report_id', '=', eb.fn.any(reports)))
      .orderBy('report_id')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('aid_participating_org')
      .select(['report_id as reportId', 'role', 'type', 'ref', 'name'])
      .where((eb) => eb('report_id', '=', eb.fn.any(reports)))
      .orderBy('report_id')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('aid_transaction')
      .select([
        'report_id as reportId',
        'id',
        'type',
        'value',
        'currency',
        'date',
        'receiver_ref as receiverRef',
        'receiver_name as receiverName',
        'receiver_type as receiverType',
        'disbursement_channel as disbursementChannel',
        'aid_types as aidTypes',
        'finance_type as financeType',
        'flow_type as flowType',
        'recipient_country as recipientCountry',
      ])
      .where((eb) => eb('report_id', '=', eb.fn.any(reports)))
      .orderBy('report_id')
      .orderBy('seq')
      .execute(),
  ]);
}

const withAuthoritativeReport = (em: EntityManager) =>
  aidDb(em).selectFrom('aid_activity').where('authoritative_report_id', 'is not', null);

/** Every activity with an authoritative report and when it last changed: a query for the caller to embed. */
export function currentActivities(em: EntityManager) {
  return withAuthoritativeReport(em).select(['id', 'updated_at as updatedAt']);
}

/** The ids of every activity with an authoritative report, in id order. */
export async function currentActivityIds(em: EntityManager): Promise<number[]> {
  const rows = await withAuthoritativeReport(em).select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** The activity with this identifier, if it has an authoritative report. */
export async function currentActivityId(em: EntityManager, iatiIdentifier: string): Promise<number | null> {
  const row = await withAuthoritativeReport(em).select('id').where('iati_identifier', '=', iatiIdentifier).executeTakeFirst();
  return row?.id ?? null;
}

/** The activities with these identifiers (id and identifier): a query for the caller to join. */
export function activitiesIdentified(em: EntityManager, identifiers: readonly string[]) {
  return aidDb(em)
    .selectFrom('aid_activity')
    .select(['id', 'iati_identifier as iatiIdentifier'])
    .where((eb) => eb('iati_identifier', '=', eb.fn.any(textArray(identifiers))));
}

/** The activity of each of these transactions (of an authoritative report). */
export function transactionActivities(em: EntityManager, transactionIds: readonly number[]) {
  return aidDb(em)
    .selectFrom('aid_transaction as t')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 't.report_id')
    .select(['t.id as transactionId', 'a.id as activityId'])
    .where((eb) => eb('t.id', '=', eb.fn.any(intArray(transactionIds))))
    .execute();
}

/**
 * The transactions of authoritative reports of these activities, or these transactions (of these
 * types, all when empty), with the date they are valued at: what mapping splits over chart codes.
 */
export function activityTransactions(
  em: EntityManager,
  of: { readonly activityIds?: readonly number[]; readonly transactionIds?: readonly number[]; readonly types: readonly string[] },
) {
  return aidDb(em)
    .selectFrom('aid_transaction as t')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 't.report_id')
    .select([
      't.id as transactionId',
      'a.id as activityId',
      'a.iati_identifier as iatiIdentifier',
      't.type',
      sql<string>`t.date::text`.as('date'),
      sql<string>`coalesce(t.value_date, t.date)::text`.as('valueDate'),
      sql<string>`t.value::text`.as('value'),
      't.currency',
    ])
    .where('t.value', 'is not', null)
    .$if(of.activityIds !== undefined, (qb) => qb.where((eb) => eb('a.id', '=', eb.fn.any(intArray(of.activityIds ?? [])))))
    .$if(of.transactionIds !== undefined, (qb) => qb.where((eb) => eb('t.id', '=', eb.fn.any(intArray(of.transactionIds ?? [])))))
    .$if(of.types.length > 0, (qb) => qb.where((eb) => eb('t.type', '=', eb.fn.any(textArray(of.types)))))
    .orderBy('t.date')
    .orderBy('t.id')
    .execute();
}
export type ActivityTransaction = Awaited<ReturnType<typeof activityTransactions>>[number];

export interface TransactionFilter {
  /** Transaction types counted. */
  readonly types: readonly string[];
  /** Only this reporting organisation (IATI org ref, or name where it has none). */
  readonly donor: string | null;
  /** The month the fiscal year starts (1 for calendar years): gives each transaction its fiscal year. */
  readonly fiscalStartMonth: number;
}

/**
 * The transactions of authoritative reports of these types (and donor), each with its activity,
 * donor and fiscal year (start year): a query for the caller to embed as a CTE.
 */
export function transactionsWithFiscalYear(em: EntityManager, filter: TransactionFilter) {
  const month = filter.fiscalStartMonth;
  return aidDb(em)
    .selectFrom('aid_transaction as t')
    .innerJoin('aid_activity_report as r', 'r.id', 't.report_id')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'r.id')
    .select([
      't.id',
      't.value',
      't.currency',
      'a.id as activity_id',
      'r.reporting_org_ref as donor_ref',
      'r.reporting_org_name as donor_name',
      sql<number>`extract(year from t.date)::int - case when extract(month from t.date)::int < ${month} then 1 else 0 end`.as('fy'),
    ])
    .where((eb) => eb('t.type', '=', eb.fn.any(textArray(filter.types))))
    .$if(filter.donor !== null, (qb) => qb.where(sql<boolean>`coalesce(r.reporting_org_ref, r.reporting_org_name) = ${filter.donor}`));
}

/** What a change to mapping rules may concern: codes as activities report them. */
export interface ReportedCodes {
  readonly dac5: readonly string[];
  readonly dac3: readonly string[];
  /** Sectors of other vocabularies: [vocabulary, code]. */
  readonly otherSectors: readonly (readonly [string, string])[];
  readonly budgetIdentifiers: readonly string[];
  readonly orgRefs: readonly string[];
  /** Organisation names exactly as published. */
  readonly orgNames: readonly string[];
  readonly identifiers: readonly string[];
}

/**
 * The activities whose authoritative report has one of these codes (a sector, a budget
 * identifier, an organisation, the activity itself), as queries of `id` for the caller to union
 * with its own in one statement (an id may come more than once).
 */
export function activitiesReporting(em: EntityManager, codes: ReportedCodes): Expression<{ id: number }>[] {
  const db = aidDb(em);
  const sectors = db
    .selectFrom('aid_sector as x')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'x.report_id')
    .select('a.id');
  const orgs = db
    .selectFrom('aid_participating_org as x')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'x.report_id')
    .select('a.id');
  const transactions = db
    .selectFrom('aid_transaction as x')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'x.report_id')
    .select('a.id');
  const queries: Expression<{ id: number }>[] = [];
  const { dac5, dac3, otherSectors, budgetIdentifiers, orgRefs, orgNames, identifiers } = codes;
  if (dac5.length + dac3.length > 0) {
    queries.push(
      sectors.where((eb) =>
        eb.or([
          eb.and([
            eb('x.vocabulary', '=', '1'),
            eb.or([eb('x.code', '=', eb.fn.any(textArray(dac5))), eb(sql<string>`left(x.code, 3)`, '=', eb.fn.any(textArray(dac3)))]),
          ]),
          eb.and([eb('x.vocabulary', '=', '2'), eb('x.code', '=', eb.fn.any(textArray(dac3)))]),
        ]),
      ),
    );
  }
  if (otherSectors.length > 0) {
    queries.push(
      sectors.where(
        sql<boolean>`(x.vocabulary, x.code) in (select s->>0, s->>1 from jsonb_array_elements(${JSON.stringify(otherSectors)}::jsonb) s)`,
      ),
    );
  }
  if (budgetIdentifiers.length > 0) {
    queries.push(
      db
        .selectFrom('aid_country_budget_item as x')
        .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'x.report_id')
        .select('a.id')
        .where('x.vocabulary', '=', '1')
        .where((eb) => eb('x.code', '=', eb.fn.any(textArray(budgetIdentifiers)))),
    );
  }
  if (orgRefs.length > 0) {
    queries.push(orgs.where((eb) => eb('x.ref', '=', eb.fn.any(textArray(orgRefs)))));
    queries.push(transactions.where((eb) => eb('x.receiver_ref', '=', eb.fn.any(textArray(orgRefs)))));
  }
  if (orgNames.length > 0) {
    queries.push(orgs.where((eb) => eb('x.name', '=', eb.fn.any(textArray(orgNames)))));
    queries.push(transactions.where((eb) => eb('x.receiver_name', '=', eb.fn.any(textArray(orgNames)))));
  }
  if (identifiers.length > 0) {
    queries.push(
      withAuthoritativeReport(em)
        .select('id')
        .where((eb) => eb('iati_identifier', '=', eb.fn.any(textArray(identifiers)))),
    );
  }
  return queries;
}

/** Every organisation name as published (participants and transaction receivers), once each. */
export async function publishedOrganisationNames(em: EntityManager): Promise<string[]> {
  const db = aidDb(em);
  const rows = await db
    .selectFrom('aid_participating_org')
    .select('name')
    .distinct()
    .where('name', 'is not', null)
    .union(db.selectFrom('aid_transaction').select('receiver_name as name').distinct().where('receiver_name', 'is not', null))
    .execute();
  return rows.flatMap((row) => (row.name === null ? [] : [row.name]));
}

/** The codes of these IATI codelists, as aid loaded them. */
export function codelistCodes(em: EntityManager, codelists: readonly string[]) {
  return aidDb(em)
    .selectFrom('aid_codelist_item')
    .select(['codelist', 'code'])
    .where((eb) => eb('codelist', '=', eb.fn.any(textArray(codelists))))
    .execute();
}

/** The names of one code of an IATI codelist (none when the code is unknown). */
export async function codelistNames(em: EntityManager, codelist: string, code: string): Promise<string[]> {
  const rows = await aidDb(em)
    .selectFrom('aid_codelist_item')
    .select('name')
    .where('codelist', '=', codelist)
    .where('code', '=', code)
    .execute();
  return rows.map((row) => row.name);
}

/** The name aid knows for each of these organisation refs (refs it has no name for are left out). */
export async function organisationNames(em: EntityManager, refs: readonly string[]): Promise<Map<string, string>> {
  const rows = await aidDb(em)
    .selectFrom('aid_organisation')
    .select(['ref', 'name'])
    .where((eb) => eb('ref', '=', eb.fn.any(textArray(refs))))
    .where('name', 'is not', null)
    .execute();
  return new Map(rows.flatMap((row) => (row.ref !== null && row.name !== null ? [[row.ref, row.name] as const] : [])));
}
