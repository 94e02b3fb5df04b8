import { sql, type AliasedRawBuilder } from 'kysely';
import type { CodeRef } from '../../connectors/iati/types.js';

/** Rows the aid loaders and queries return: camelCase, money and dates as exact text. */
export interface OrgColumns {
  readonly ref: string | null;
  readonly name: string | null;
  readonly type: string | null;
  readonly activityId: string | null;
  readonly key: string | null;
}

export interface TransactionRow {
  readonly id: number;
  readonly reportId: number;
  readonly seq: number;
  readonly ref: string | null;
  readonly type: string | null;
  readonly typeOriginal: string | null;
  readonly date: string;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
  readonly description: string | null;
  readonly provider: OrgColumns;
  readonly receiver: OrgColumns;
  readonly disbursementChannel: string | null;
  readonly aidTypes: CodeRef[];
  readonly financeType: string | null;
  readonly flowType: string | null;
  readonly tiedStatus: string | null;
  readonly humanitarian: boolean | null;
  readonly recipientCountry: string | null;
  readonly recipientRegion: string | null;
  readonly iatiIdentifier: string;
}

/** `<expression> as "<alias>"`, typed as the row's property. */
function column<R>() {
  return <K extends keyof R & string>(alias: K, expression: string): AliasedRawBuilder<R[K], K> =>
    sql<R[K]>`${sql.raw(expression)}`.as(alias);
}
const tx = column<TransactionRow>();

/** From `aid_transaction t`; the identifier comes from its report. */
export const TRANSACTION_SELECTION = [
  tx('id', 't.id'),
  tx('reportId', 't.report_id'),
  tx('seq', 't.seq'),
  tx('ref', 't.ref'),
  tx('type', 't.type'),
  tx('typeOriginal', 't.type_original'),
  tx('date', 't.date::text'),
  tx('value', 't.value::text'),
  tx('currency', 't.currency'),
  tx('valueDate', 't.value_date::text'),
  tx('description', 't.description'),
  tx(
    'provider',
    `json_build_object('ref', t.provider_ref, 'name', t.provider_name, 'type', t.provider_type, 'activityId', t.provider_activity_id, 'key', t.provider_key)`,
  ),
  tx(
    'receiver',
    `json_build_object('ref', t.receiver_ref, 'name', t.receiver_name, 'type', t.receiver_type, 'activityId', t.receiver_activity_id, 'key', t.receiver_key)`,
  ),
  tx('disbursementChannel', 't.disbursement_channel'),
  tx('aidTypes', 't.aid_types'),
  tx('financeType', 't.finance_type'),
  tx('flowType', 't.flow_type'),
  tx('tiedStatus', 't.tied_status'),
  tx('humanitarian', 't.humanitarian'),
  tx('recipientCountry', 't.recipient_country'),
  tx('recipientRegion', 't.recipient_region'),
  tx('iatiIdentifier', '(select iati_identifier from aid_activity_report x where x.id = t.report_id)'),
];
export const TRANSACTION_SELECT = sql.join(TRANSACTION_SELECTION);

export interface BudgetRow {
  readonly id: number;
  readonly reportId: number;
  readonly type: string | null;
  readonly status: string | null;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
}

export const BUDGET_SELECT = sql`b.id, b.report_id as "reportId", b.type, b.status, b.period_start::text as "periodStart",
  b.period_end::text as "periodEnd", b.value::text as value, b.currency, b.value_date::text as "valueDate"`;

export interface PlannedDisbursementRow {
  readonly id: number;
  readonly reportId: number;
  readonly type: string | null;
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly value: string;
  readonly currency: string;
  readonly valueDate: string | null;
  readonly provider: OrgColumns;
  readonly receiver: OrgColumns;
}

export const PLANNED_SELECT = sql`p.id, p.report_id as "reportId", p.type, p.period_start::text as "periodStart", p.period_end::text as "periodEnd",
  p.value::text as value, p.currency, p.value_date::text as "valueDate",
  json_build_object('ref', p.provider_ref, 'name', p.provider_name, 'type', p.provider_type, 'activityId', p.provider_activity_id, 'key', null) as provider,
  json_build_object('ref', p.receiver_ref, 'name', p.receiver_name, 'type', p.receiver_type, 'activityId', p.receiver_activity_id, 'key', null) as receiver`;

export interface SectorRow {
  readonly reportId: number;
  readonly transactionId: number | null;
  readonly vocabulary: string;
  readonly code: string;
  readonly percentage: string | null;
  readonly name: string | null;
}

export interface ParticipatingOrgRow {
  readonly reportId: number;
  readonly role: string | null;
  readonly type: string | null;
  readonly ref: string | null;
  readonly name: string | null;
  readonly orgKey: string | null;
  readonly activityId: string | null;
  readonly crsChannelCode: string | null;
}

export interface RecipientCountryRow {
  readonly reportId: number;
  readonly code: string;
  readonly percentage: string | null;
}

export interface RecipientRegionRow {
  readonly reportId: number;
  readonly vocabulary: string;
  readonly code: string;
  readonly percentage: string | null;
}

export interface CountryBudgetItemRow {
  readonly reportId: number;
  readonly vocabulary: string;
  readonly code: string;
  readonly percentage: string | null;
  readonly description: string | null;
}

export interface RelatedActivityRow {
  readonly reportId: number;
  readonly type: string | null;
  readonly ref: string;
}

export interface OrganisationRow {
  readonly key: string;
  readonly ref: string | null;
  readonly name: string | null;
  readonly type: string | null;
}

export interface CodeNameRow {
  readonly key: string;
  readonly name: string;
  readonly nameFr: string | null;
  readonly withdrawn: boolean;
}

export interface TransactionTotalRow {
  readonly reportId: number;
  readonly type: string | null;
  readonly currency: string;
  readonly value: string;
  readonly count: number;
}

export interface CodelistItemRow {
  readonly codelist: string;
  readonly code: string;
  readonly name: string;
  readonly nameFr: string | null;
  readonly category: string | null;
  readonly withdrawn: boolean;
}
