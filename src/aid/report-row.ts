import { sql } from 'kysely';
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

/** The select list for `ReportRow` from `aid_activity_report` aliased `r`. */
export const REPORT_SELECT = sql`r.id as "reportId", r.activity_id as "activityId", r.iati_identifier as "iatiIdentifier",
  r.identifier_synthesized as "identifierSynthesized", r.reporting_org_key as "reportingOrgKey", r.reporting_org_ref as "reportingOrgRef",
  r.reporting_org_name as "reportingOrgName", r.reporting_org_type as "reportingOrgType", r.secondary_reporter as "secondaryReporter",
  r.reporting_org_is_funder as "reportingOrgIsFunder", r.iati_version as "iatiVersion", r.version_source as "versionSource",
  r.last_updated::text as "lastUpdated", r.default_lang as "defaultLang", r.default_currency as "defaultCurrency", r.hierarchy,
  r.humanitarian, r.status, r.collaboration_type as "collaborationType", r.default_flow_type as "defaultFlowType",
  r.default_finance_type as "defaultFinanceType", r.default_tied_status as "defaultTiedStatus", r.default_aid_types as "defaultAidTypes",
  r.title, r.titles, r.descriptions, r.planned_start::text as "plannedStart", r.actual_start::text as "actualStart",
  r.planned_end::text as "plannedEnd", r.actual_end::text as "actualEnd", r.start_date::text as "startDate", r.end_date::text as "endDate",
  r.capital_spend::text as "capitalSpend", r.conditions_attached as "conditionsAttached", r.conditions, r.warnings,
  r.source_file as "sourceFile", r.source_line as "sourceLine", r.import_run_id as "importRunId", r.loaded_at::text as "loadedAt",
  r.content_hash as "contentHash",
  exists (select 1 from aid_activity x where x.id = r.activity_id and x.authoritative_report_id = r.id) as "isAuthoritative"`;

/** Activities with their authoritative report: `aid_activity a` joined to `aid_activity_report r`. */
export const ACTIVITY_FROM = sql`aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id`;
export const ACTIVITY_SELECT = sql`${REPORT_SELECT}, a.authority_rule as "authorityRule"`;
