import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
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

/** `<expression> as "<alias>"`, typed as the row's property (dates and money read as text). */
function column<K extends keyof ActivityRow>(alias: K, expression: string): AliasedRawBuilder<ActivityRow[K], K> {
  return sql<ActivityRow[K]>`${sql.raw(expression)}`.as(alias);
}

/** Each report column of `aid_activity_report` aliased `r`, by its `ReportRow` property. */
const REPORT_COLUMNS = {
  reportId: column('reportId', 'r.id'),
  activityId: column('activityId', 'r.activity_id'),
  iatiIdentifier: column('iatiIdentifier', 'r.iati_identifier'),
  identifierSynthesized: column('identifierSynthesized', 'r.identifier_synthesized'),
  reportingOrgKey: column('reportingOrgKey', 'r.reporting_org_key'),
  reportingOrgRef: column('reportingOrgRef', 'r.reporting_org_ref'),
  reportingOrgName: column('reportingOrgName', 'r.reporting_org_name'),
  reportingOrgType: column('reportingOrgType', 'r.reporting_org_type'),
  secondaryReporter: column('secondaryReporter', 'r.secondary_reporter'),
  reportingOrgIsFunder: column('reportingOrgIsFunder', 'r.reporting_org_is_funder'),
  iatiVersion: column('iatiVersion', 'r.iati_version'),
  versionSource: column('versionSource', 'r.version_source'),
  lastUpdated: column('lastUpdated', 'r.last_updated::text'),
  defaultLang: column('defaultLang', 'r.default_lang'),
  defaultCurrency: column('defaultCurrency', 'r.default_currency'),
  hierarchy: column('hierarchy', 'r.hierarchy'),
  humanitarian: column('humanitarian', 'r.humanitarian'),
  status: column('status', 'r.status'),
  collaborationType: column('collaborationType', 'r.collaboration_type'),
  defaultFlowType: column('defaultFlowType', 'r.default_flow_type'),
  defaultFinanceType: column('defaultFinanceType', 'r.default_finance_type'),
  defaultTiedStatus: column('defaultTiedStatus', 'r.default_tied_status'),
  defaultAidTypes: column('defaultAidTypes', 'r.default_aid_types'),
  title: column('title', 'r.title'),
  titles: column('titles', 'r.titles'),
  descriptions: column('descriptions', 'r.descriptions'),
  plannedStart: column('plannedStart', 'r.planned_start::text'),
  actualStart: column('actualStart', 'r.actual_start::text'),
  plannedEnd: column('plannedEnd', 'r.planned_end::text'),
  actualEnd: column('actualEnd', 'r.actual_end::text'),
  startDate: column('startDate', 'r.start_date::text'),
  endDate: column('endDate', 'r.end_date::text'),
  capitalSpend: column('capitalSpend', 'r.capital_spend::text'),
  conditionsAttached: column('conditionsAttached', 'r.conditions_attached'),
  conditions: column('conditions', 'r.conditions'),
  warnings: column('warnings', 'r.warnings'),
  sourceFile: column('sourceFile', 'r.source_file'),
  sourceLine: column('sourceLine', 'r.source_line'),
  importRunId: column('importRunId', 'r.import_run_id'),
  loadedAt: column('loadedAt', 'r.loaded_at::text'),
  contentHash: column('contentHash', 'r.content_hash'),
} satisfies { [K in Exclude<keyof ReportRow, 'isAuthoritative'>]: AliasedRawBuilder<ReportRow[K], K> };

export type ReportColumn = keyof typeof REPORT_COLUMNS;

/** The selections for the given report columns; the first three are always read (keys of the loaders and cursors). */
export function reportSelection(columns: Iterable<ReportColumn>): (typeof REPORT_COLUMNS)[ReportColumn][] {
  const wanted = new Set<ReportColumn>(['reportId', 'activityId', 'iatiIdentifier', ...columns]);
  return [...wanted].map((column) => REPORT_COLUMNS[column]);
}

/** The select list for the given report columns, for a raw statement. */
export function reportColumns(columns: Iterable<ReportColumn>): RawBuilder<unknown> {
  return sql.join(reportSelection(columns));
}

/** The authority rule of the activity `a` the report is shown for. */
export const AUTHORITY_RULE = column('authorityRule', 'a.authority_rule');

const ALL_REPORT_COLUMNS = reportColumns(Object.keys(REPORT_COLUMNS) as ReportColumn[]);

/**
 * Reports of `aid_activity_report r` joined to their activity `a`, so whether a report is the
 * authoritative one is a comparison on the joined row rather than a lookup per report.
 */
export const REPORT_FROM = sql`aid_activity_report r join aid_activity a on a.id = r.activity_id`;
/**
 * What an `ActivityReport` shows from its own row. Its JSON columns (titles, descriptions,
 * conditions, aid types) are never shown on a report, and its warnings are read only when asked
 * (the `warningsByReport` loader), so listing an activity's reports reads no JSON.
 */
const REPORT_PART_COLUMNS = [
  'reportId',
  'activityId',
  'iatiIdentifier',
  'title',
  'iatiVersion',
  'lastUpdated',
  'sourceFile',
  'sourceLine',
  'loadedAt',
  'contentHash',
  'importRunId',
  'reportingOrgIsFunder',
  'reportingOrgKey',
  'reportingOrgRef',
  'reportingOrgName',
  'reportingOrgType',
  'secondaryReporter',
] as const satisfies readonly ReportColumn[];

/** One of an activity's reports, as its `reports` list reads it. */
export type ReportPartRow = Pick<ReportRow, (typeof REPORT_PART_COLUMNS)[number] | 'isAuthoritative'>;

export const REPORT_SELECT = sql`${reportColumns(REPORT_PART_COLUMNS)}, a.authoritative_report_id is not distinct from r.id as "isAuthoritative"`;

/** Activities with their authoritative report: `aid_activity a` joined to `aid_activity_report r`. */
export const ACTIVITY_FROM = sql`aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id`;
/** Every column of an activity; the page of `activities` reads only what its query asks for (see activity-columns.ts). */
export const ACTIVITY_SELECT = sql`${ALL_REPORT_COLUMNS}, true as "isAuthoritative", a.authority_rule as "authorityRule"`;
