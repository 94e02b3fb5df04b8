import { sql, type RawBuilder } from 'kysely';
import type { CodeRef, Condition, Description, Narrative, Warning } from '../../connectors/iati/types.js';

/** One publisher's report of an activity, as the graph reads it (camelCase, dates as text). */
export interface ReportRow {
  readonly reportId: number;
  readonly activityId: number;
  readonly iatiIdentifier: string;
  readonly identifierSynthesized: boolean;
  readonly reportingOrgKey: string;
  readonly reportingOrgRef: string | null;
  readonly reportingOrgName: string | null;
  readonly reportingOrgType: string | null;
  readonly secondaryReporter: boolean;
  readonly reportingOrgIsFunder: boolean;
  readonly iatiVersion: string;
  readonly versionSource: string;
  readonly lastUpdated: string | null;
  readonly defaultLang: string | null;
  readonly defaultCurrency: string | null;
  readonly hierarchy: number | null;
  readonly humanitarian: boolean | null;
  readonly status: string | null;
  readonly collaborationType: string | null;
  readonly defaultFlowType: string | null;
  readonly defaultFinanceType: string | null;
  readonly defaultTiedStatus: string | null;
  readonly defaultAidTypes: CodeRef[];
  readonly title: string | null;
  readonly titles: Narrative[];
  readonly descriptions: Description[];
  readonly plannedStart: string | null;
  readonly actualStart: string | null;
  readonly plannedEnd: string | null;
  readonly actualEnd: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly capitalSpend: string | null;
  readonly conditionsAttached: boolean | null;
  readonly conditions: Condition[];
  readonly warnings: Warning[];
  readonly sourceFile: string;
  readonly sourceLine: number;
  readonly importRunId: number;
  readonly loadedAt: string;
  readonly contentHash: string;
  readonly isAuthoritative: boolean;
}

/** A report as the activity's content, with how its authority was decided. */
export interface ActivityRow extends ReportRow {
  readonly authorityRule: string | null;
}

/** Each report column of `aid_activity_report` aliased `r`, by its `ReportRow` property. */
const REPORT_COLUMNS = {
  reportId: sql`r.id as "reportId"`,
  activityId: sql`r.activity_id as "activityId"`,
  iatiIdentifier: sql`r.iati_identifier as "iatiIdentifier"`,
  identifierSynthesized: sql`r.identifier_synthesized as "identifierSynthesized"`,
  reportingOrgKey: sql`r.reporting_org_key as "reportingOrgKey"`,
  reportingOrgRef: sql`r.reporting_org_ref as "reportingOrgRef"`,
  reportingOrgName: sql`r.reporting_org_name as "reportingOrgName"`,
  reportingOrgType: sql`r.reporting_org_type as "reportingOrgType"`,
  secondaryReporter: sql`r.secondary_reporter as "secondaryReporter"`,
  reportingOrgIsFunder: sql`r.reporting_org_is_funder as "reportingOrgIsFunder"`,
  iatiVersion: sql`r.iati_version as "iatiVersion"`,
  versionSource: sql`r.version_source as "versionSource"`,
  lastUpdated: sql`r.last_updated::text as "lastUpdated"`,
  defaultLang: sql`r.default_lang as "defaultLang"`,
  defaultCurrency: sql`r.default_currency as "defaultCurrency"`,
  hierarchy: sql`r.hierarchy`,
  humanitarian: sql`r.humanitarian`,
  status: sql`r.status`,
  collaborationType: sql`r.collaboration_type as "collaborationType"`,
  defaultFlowType: sql`r.default_flow_type as "defaultFlowType"`,
  defaultFinanceType: sql`r.default_finance_type as "defaultFinanceType"`,
  defaultTiedStatus: sql`r.default_tied_status as "defaultTiedStatus"`,
  defaultAidTypes: sql`r.default_aid_types as "defaultAidTypes"`,
  title: sql`r.title`,
  titles: sql`r.titles`,
  descriptions: sql`r.descriptions`,
  plannedStart: sql`r.planned_start::text as "plannedStart"`,
  actualStart: sql`r.actual_start::text as "actualStart"`,
  plannedEnd: sql`r.planned_end::text as "plannedEnd"`,
  actualEnd: sql`r.actual_end::text as "actualEnd"`,
  startDate: sql`r.start_date::text as "startDate"`,
  endDate: sql`r.end_date::text as "endDate"`,
  capitalSpend: sql`r.capital_spend::text as "capitalSpend"`,
  conditionsAttached: sql`r.conditions_attached as "conditionsAttached"`,
  conditions: sql`r.conditions`,
  warnings: sql`r.warnings`,
  sourceFile: sql`r.source_file as "sourceFile"`,
  sourceLine: sql`r.source_line as "sourceLine"`,
  importRunId: sql`r.import_run_id as "importRunId"`,
  loadedAt: sql`r.loaded_at::text as "loadedAt"`,
  contentHash: sql`r.content_hash as "contentHash"`,
} satisfies Record<Exclude<keyof ReportRow, 'isAuthoritative'>, RawBuilder<unknown>>;

export type ReportColumn = keyof typeof REPORT_COLUMNS;

/** The select list for the given report columns; the first three are always read (keys of the loaders and cursors). */
export function reportColumns(columns: Iterable<ReportColumn>): RawBuilder<unknown> {
  const wanted = new Set<ReportColumn>(['reportId', 'activityId', 'iatiIdentifier', ...columns]);
  return sql.join([...wanted].map((column) => REPORT_COLUMNS[column]));
}

const ALL_REPORT_COLUMNS = reportColumns(Object.keys(REPORT_COLUMNS) as ReportColumn[]);

/**
 * Reports of `aid_activity_report r` joined to their activity `a`, so whether a report is the
 * authoritative one is a comparison on the joined row rather than a lookup per report.
 */
export const REPORT_FROM = sql`aid_activity_report r join aid_activity a on a.id = r.activity_id`;
export const REPORT_SELECT = sql`${ALL_REPORT_COLUMNS}, a.authoritative_report_id is not distinct from r.id as "isAuthoritative"`;

/** Activities with their authoritative report: `aid_activity a` joined to `aid_activity_report r`. */
export const ACTIVITY_FROM = sql`aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id`;
/** Every column of an activity; the page of `activities` reads only what its query asks for (see activity-columns.ts). */
export const ACTIVITY_SELECT = sql`${ALL_REPORT_COLUMNS}, true as "isAuthoritative", a.authority_rule as "authorityRule"`;
