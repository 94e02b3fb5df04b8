import { sql, type SelectQueryBuilder } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb, type AidDB } from './db.js';

/**
 * What the IATI export (src/export/iati) reads of aid: the authoritative reports of one recipient
 * country's activities, a page at a time, and everything each report holds that IATI can carry.
 * A page is a handful of statements whatever its size, so a large country streams in flat memory.
 */

const intArray = (values: readonly number[]) => sql<number[]>`${sql.val([...values])}::int[]`;

/**
 * The next `limit` activities after activity id `afterId` whose authoritative report names this
 * recipient country (at activity or transaction level), in activity id order, with the report.
 */
export function countryReportsPage(em: EntityManager, country: string, afterId: number, limit: number) {
  const db = aidDb(em);
  const inCountry = db
    .selectFrom('aid_recipient_country')
    .select('report_id')
    .where('code', '=', country)
    .union(db.selectFrom('aid_transaction').select('report_id').where('recipient_country', '=', country));
  return db
    .selectFrom('aid_activity as a')
    .innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id')
    .select([
      'a.id as activityId',
      'r.id as reportId',
      'r.iati_identifier as iatiIdentifier',
      sql<string | null>`to_char(r.last_updated at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('lastUpdated'),
      'r.default_lang as defaultLang',
      'r.hierarchy',
      'r.humanitarian',
      'r.status',
      'r.collaboration_type as collaborationType',
      'r.default_flow_type as defaultFlowType',
      'r.default_finance_type as defaultFinanceType',
      'r.default_tied_status as defaultTiedStatus',
      'r.default_aid_types as defaultAidTypes',
      'r.titles',
      'r.descriptions',
      'r.planned_start as plannedStart',
      'r.actual_start as actualStart',
      'r.planned_end as plannedEnd',
      'r.actual_end as actualEnd',
      'r.capital_spend as capitalSpend',
    ])
    .where('a.id', '>', afterId)
    .where((eb) => eb('r.id', 'in', inCountry))
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

export type ExportReport = Awaited<ReturnType<typeof countryReportsPage>>[number];

const ORG = ['ref', 'name', 'type'] as const;

/** The tables of a report's parts: rows with a report and a place in it. */
type PartTable = keyof { [T in keyof AidDB as AidDB[T] extends { report_id: unknown; seq: unknown } ? T : never]: 0 };

/** The parts of these reports an IATI activity carries, each in the publisher's order. */
export async function reportContents(em: EntityManager, reportIds: readonly number[]) {
  const db = aidDb(em);
  const reports = intArray(reportIds);
  /** Only these reports' rows, each report's in the publisher's order. */
  const inPublishedOrder = <T extends PartTable, O>(query: SelectQueryBuilder<AidDB, T, O>) =>
    query
      .where(sql<boolean>`report_id = any(${reports})`)
      .orderBy(sql.ref('report_id'))
      .orderBy(sql.ref('seq'));
  const [participants, countries, regions, sectors, budgetItems, budgets, planned, transactions, related] = await Promise.all([
    db
      .selectFrom('aid_participating_org')
      .select(['report_id as reportId', 'role', ...ORG, 'activity_id as activityId', 'crs_channel_code as crsChannelCode'])
      .$call(inPublishedOrder)
      .execute(),
    db.selectFrom('aid_recipient_country').select(['report_id as reportId', 'code', 'percentage']).$call(inPublishedOrder).execute(),
    db
      .selectFrom('aid_recipient_region')
      .select(['report_id as reportId', 'vocabulary', 'code', 'percentage'])
      .$call(inPublishedOrder)
      .execute(),
    db
      .selectFrom('aid_sector')
      .select(['report_id as reportId', 'transaction_id as transactionId', 'vocabulary', 'code', 'percentage', 'name'])
      .$call(inPublishedOrder)
      .execute(),
    db
      .selectFrom('aid_country_budget_item')
      .select(['report_id as reportId', 'vocabulary', 'code', 'percentage', 'description'])
      .$call(inPublishedOrder)
      .execute(),
    db
      .selectFrom('aid_budget')
      .select(['report_id as reportId', 'type', 'status', 'period_start as periodStart', 'period_end as periodEnd', 'value', 'currency'])
      .select('value_date as valueDate')
      .$call(inPublishedOrder)
      .execute(),
    db
      .selectFrom('aid_planned_disbursement')
      .select(['report_id as reportId', 'type', 'period_start as periodStart', 'period_end as periodEnd', 'value', 'currency'])
      .select(['value_date as valueDate', 'provider_ref as providerRef', 'provider_name as providerName', 'provider_type as providerType'])
      .select(['receiver_ref as receiverRef', 'receiver_name as receiverName', 'receiver_type as receiverType'])
      .select(['provider_activity_id as providerActivityId', 'receiver_activity_id as receiverActivityId'])
      .$call(inPublishedOrder)
      .execute(),
    db
      .selectFrom('aid_transaction')
      .select(['report_id as reportId', 'id', 'ref', 'type', 'date', 'value', 'currency', 'value_date as valueDate', 'description'])
      .select(['provider_ref as providerRef', 'provider_name as providerName', 'provider_type as providerType'])
      .select(['receiver_ref as receiverRef', 'receiver_name as receiverName', 'receiver_type as receiverType'])
      .select(['provider_activity_id as providerActivityId', 'receiver_activity_id as receiverActivityId'])
      .select(['disbursement_channel as disbursementChannel', 'aid_types as aidTypes', 'finance_type as financeType'])
      .select(['flow_type as flowType', 'tied_status as tiedStatus', 'humanitarian'])
      .select(['recipient_country as recipientCountry', 'recipient_region as recipientRegion'])
      .$call(inPublishedOrder)
      .execute(),
    db.selectFrom('aid_related_activity').select(['report_id as reportId', 'type', 'ref']).$call(inPublishedOrder).execute(),
  ]);
  return { participants, countries, regions, sectors, budgetItems, budgets, planned, transactions, related };
}

export type ReportContents = Awaited<ReturnType<typeof reportContents>>;
