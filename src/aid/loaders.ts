import { sql } from 'kysely';
import { grouped, select, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import { ACTIVITY_FROM, ACTIVITY_SELECT, REPORT_FROM, REPORT_SELECT, type ActivityRow, type ReportPartRow } from './report-row.js';
import { aidDb } from './db.js';
import type {
  BudgetRow,
  CodeNameRow,
  CodelistItemRow,
  CountryBudgetItemRow,
  OrganisationRow,
  ParticipatingOrgRow,
  PlannedDisbursementRow,
  RecipientCountryRow,
  RecipientRegionRow,
  RelatedActivityRow,
  SectorRow,
  TransactionRow,
  TransactionTotalRow,
} from './rows.js';
import { BUDGET_SELECT, PLANNED_SELECT, TRANSACTION_SELECT } from './rows.js';

const byReport = <R extends { reportId: number }>(row: R) => row.reportId;

const SECTOR_SELECT = sql`report_id as "reportId", transaction_id as "transactionId", vocabulary, code, percentage::text as percentage, name`;

/**
 * The aid subgraph's loaders, created once per request: each batches the keys asked for in
 * one tick into a single `= any($1)` query and answers in key order, so the number of SQL
 * statements for a query does not grow with the number of activities it returns.
 */
export function createAidLoaders(em: EntityManager) {
  const ids = (keys: readonly number[]) => [...keys];
  return {
    activityByIdentifier: single<string, ActivityRow>(
      (keys) =>
        select(em, sql<ActivityRow>`select ${ACTIVITY_SELECT} from ${ACTIVITY_FROM} where a.iati_identifier = any(${[...keys]}::text[])`),
      (row) => row.iatiIdentifier,
    ),
    reportsByActivity: grouped<number, ReportPartRow>(
      (keys) =>
        select(
          em,
          sql<ReportPartRow>`select ${REPORT_SELECT} from ${REPORT_FROM} where r.activity_id = any(${ids(keys)}::int[]) order by r.id`,
        ),
      (row) => row.activityId,
    ),
    warningsByReport: single(
      (keys: readonly number[]) =>
        aidDb(em)
          .selectFrom('aid_activity_report')
          .select(['id as reportId', 'warnings'])
          .where((eb) => eb('id', '=', eb.fn.any(sql<number[]>`${ids(keys)}::int[]`)))
          .execute(),
      byReport,
    ),
    transactionsByReport: grouped<number, TransactionRow>(
      (keys) =>
        select(
          em,
          sql<TransactionRow>`select ${TRANSACTION_SELECT} from aid_transaction t where t.report_id = any(${ids(keys)}::int[]) order by t.report_id, t.seq`,
        ),
      byReport,
    ),
    transactionById: single<number, TransactionRow>(
      (keys) => select(em, sql<TransactionRow>`select ${TRANSACTION_SELECT} from aid_transaction t where t.id = any(${ids(keys)}::int[])`),
      (row) => row.id,
    ),
    sectorsByReport: grouped<number, SectorRow>(
      (keys) =>
        select(
          em,
          sql<SectorRow>`select ${SECTOR_SELECT} from aid_sector where report_id = any(${ids(keys)}::int[]) order by report_id, transaction_id nulls first, seq`,
        ),
      byReport,
    ),
    sectorsByTransaction: grouped<number, SectorRow>(
      (keys) =>
        select(
          em,
          sql<SectorRow>`select ${SECTOR_SELECT} from aid_sector where transaction_id = any(${ids(keys)}::int[]) order by transaction_id, seq`,
        ),
      (row) => row.transactionId ?? 0,
    ),
    participatingOrgsByReport: grouped<number, ParticipatingOrgRow>(
      (keys) =>
        select(
          em,
          sql<ParticipatingOrgRow>`select report_id as "reportId", role, type, ref, name, org_key as "orgKey", activity_id as "activityId",
            crs_channel_code as "crsChannelCode" from aid_participating_org where report_id = any(${ids(keys)}::int[]) order by report_id, seq`,
        ),
      byReport,
    ),
    countriesByReport: grouped<number, RecipientCountryRow>(
      (keys) =>
        select(
          em,
          sql<RecipientCountryRow>`select report_id as "reportId", code, percentage::text as percentage from aid_recipient_country
            where report_id = any(${ids(keys)}::int[]) order by report_id, seq`,
        ),
      byReport,
    ),
    regionsByReport: grouped<number, RecipientRegionRow>(
      (keys) =>
        select(
          em,
          sql<RecipientRegionRow>`select report_id as "reportId", vocabulary, code, percentage::text as percentage from aid_recipient_region
            where report_id = any(${ids(keys)}::int[]) order by report_id, seq`,
        ),
      byReport,
    ),
    budgetById: single<number, BudgetRow>(
      (keys) => select(em, sql<BudgetRow>`select ${BUDGET_SELECT} from aid_budget b where b.id = any(${ids(keys)}::int[])`),
      (row) => row.id,
    ),
    plannedById: single<number, PlannedDisbursementRow>(
      (keys) =>
        select(
          em,
          sql<PlannedDisbursementRow>`select ${PLANNED_SELECT} from aid_planned_disbursement p where p.id = any(${ids(keys)}::int[])`,
        ),
      (row) => row.id,
    ),
    budgetsByReport: grouped<number, BudgetRow>(
      (keys) =>
        select(
          em,
          sql<BudgetRow>`select ${BUDGET_SELECT} from aid_budget b where b.report_id = any(${ids(keys)}::int[]) order by b.report_id, b.seq`,
        ),
      byReport,
    ),
    plannedByReport: grouped<number, PlannedDisbursementRow>(
      (keys) =>
        select(
          em,
          sql<PlannedDisbursementRow>`select ${PLANNED_SELECT} from aid_planned_disbursement p where p.report_id = any(${ids(keys)}::int[]) order by p.report_id, p.seq`,
        ),
      byReport,
    ),
    budgetItemsByReport: grouped<number, CountryBudgetItemRow>(
      (keys) =>
        select(
          em,
          sql<CountryBudgetItemRow>`select report_id as "reportId", vocabulary, code, percentage::text as percentage, description
            from aid_country_budget_item where report_id = any(${ids(keys)}::int[]) order by report_id, seq`,
        ),
      byReport,
    ),
    relatedByReport: grouped<number, RelatedActivityRow>(
      (keys) =>
        select(
          em,
          sql<RelatedActivityRow>`select report_id as "reportId", type, ref from aid_related_activity where report_id = any(${ids(keys)}::int[]) order by report_id, seq`,
        ),
      byReport,
    ),
    totalsByReport: grouped<number, TransactionTotalRow>(
      (keys) =>
        select(
          em,
          sql<TransactionTotalRow>`select report_id as "reportId", type, currency, sum(value)::text as value, count(*)::int as count
            from aid_transaction where report_id = any(${ids(keys)}::int[]) group by report_id, type, currency order by report_id, type, currency`,
        ),
      byReport,
    ),
    codelistItems: grouped<string, CodelistItemRow>(
      (keys) =>
        select(
          em,
          sql<CodelistItemRow>`select codelist, code, name, name_fr as "nameFr", nullif(category, '') as category, withdrawn
            from aid_codelist_item where codelist = any(${[...keys]}::text[])
            order by codelist, (code ~ '^[0-9]+$') desc, case when code ~ '^[0-9]+$' then lpad(code, 20, '0') else code end`,
        ),
      (row) => row.codelist,
    ),
    organisationByKey: single<string, OrganisationRow>(
      (keys) => select(em, sql<OrganisationRow>`select key, ref, name, type from aid_organisation where key = any(${[...keys]}::text[])`),
      (row) => row.key,
    ),
    /** Keyed by `codelist|code`. */
    codeName: single<string, CodeNameRow>(
      (keys) =>
        select(
          em,
          sql<CodeNameRow>`select i.codelist || '|' || i.code as key, i.name, i.name_fr as "nameFr", i.withdrawn
            from aid_codelist_item i join unnest(${[...keys]}::text[]) as k(key) on i.codelist || '|' || i.code = k.key`,
        ),
      (row) => row.key,
    ),
  };
}

export type AidLoaders = ReturnType<typeof createAidLoaders>;
