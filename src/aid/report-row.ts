import { sql, type AliasedRawBuilder, type Kysely } from 'kysely';
import type { AidDB } from './db.js';

/** `<expression>::text as "<alias>"`: dates, times and money as exact text, the same on both databases. */
function text<A extends string, N extends null = null>(expression: string, alias: A): AliasedRawBuilder<string | N, A> {
  return sql<string | N>`${sql.raw(expression)}::text`.as(alias);
}

/**
 * Each column of a report `r` (`aid_activity_report`) as the graph reads it, by its row
 * property: camelCase, dates as text. The types are the entity's, through the builder.
 */
const REPORT_COLUMNS = {
  reportId: 'r.id as reportId',
  activityId: 'r.activity_id as activityId',
  iatiIdentifier: 'r.iati_identifier as iatiIdentifier',
  identifierSynthesized: 'r.identifier_synthesized as identifierSynthesized',
  reportingOrgKey: 'r.reporting_org_key as reportingOrgKey',
  reportingOrgRef: 'r.reporting_org_ref as reportingOrgRef',
  reportingOrgName: 'r.reporting_org_name as reportingOrgName',
  reportingOrgType: 'r.reporting_org_type as reportingOrgType',
  secondaryReporter: 'r.secondary_reporter as secondaryReporter',
  reportingOrgIsFunder: 'r.reporting_org_is_funder as reportingOrgIsFunder',
  iatiVersion: 'r.iati_version as iatiVersion',
  versionSource: 'r.version_source as versionSource',
  lastUpdated: text('r.last_updated', 'lastUpdated'),
  defaultLang: 'r.default_lang as defaultLang',
  defaultCurrency: 'r.default_currency as defaultCurrency',
  hierarchy: 'r.hierarchy',
  humanitarian: 'r.humanitarian',
  status: 'r.status',
  collaborationType: 'r.collaboration_type as collaborationType',
  defaultFlowType: 'r.default_flow_type as defaultFlowType',
  defaultFinanceType: 'r.default_finance_type as defaultFinanceType',
  defaultTiedStatus: 'r.default_tied_status as defaultTiedStatus',
  defaultAidTypes: 'r.default_aid_types as defaultAidTypes',
  title: 'r.title',
  titles: 'r.titles',
  descriptions: 'r.descriptions',
  plannedStart: text('r.planned_start', 'plannedStart'),
  actualStart: text('r.actual_start', 'actualStart'),
  plannedEnd: text('r.planned_end', 'plannedEnd'),
  actualEnd: text('r.actual_end', 'actualEnd'),
  startDate: text('r.start_date', 'startDate'),
  endDate: text('r.end_date', 'endDate'),
  capitalSpend: text('r.capital_spend', 'capitalSpend'),
  conditionsAttached: 'r.conditions_attached as conditionsAttached',
  conditions: 'r.conditions',
  warnings: 'r.warnings',
  sourceFile: 'r.source_file as sourceFile',
  sourceLine: 'r.source_line as sourceLine',
  importRunId: 'r.import_run_id as importRunId',
  loadedAt: text<'loadedAt', never>('r.loaded_at', 'loadedAt'),
  contentHash: 'r.content_hash as contentHash',
} as const;

type Selections = typeof REPORT_COLUMNS;
export type ReportColumn = keyof Selections;
export const ALL_COLUMNS = Object.keys(REPORT_COLUMNS) as ReportColumn[];
/** Always read: the keys of the loaders and cursors. */
type KeyColumn = 'reportId' | 'activityId' | 'iatiIdentifier';

/** The selections for the given report columns and the keys. */
export function reportSelection<C extends ReportColumn>(columns: Iterable<C>): Selections[C | KeyColumn][] {
  const wanted = new Set<ReportColumn>(['reportId', 'activityId', 'iatiIdentifier', ...columns]);
  const selections: Selections[ReportColumn][] = [...wanted].map((column) => REPORT_COLUMNS[column]);
  return selections as Selections[C | KeyColumn][];
}

/** Activities `a` joined to their authoritative report `r`. */
export function activitiesFrom(db: Kysely<AidDB>) {
  return db.selectFrom('aid_activity as a').innerJoin('aid_activity_report as r', 'r.id', 'a.authoritative_report_id');
}

/**
 * Activities with `columns` of their authoritative report (every column by default; the page of
 * `activities` reads only what its query asks for, see activity-columns.ts) and how its
 * authority was decided.
 */
export function activityQuery(db: Kysely<AidDB>, columns: Iterable<ReportColumn> = ALL_COLUMNS) {
  return activitiesFrom(db)
    .select(reportSelection(columns))
    .select(['a.authority_rule as authorityRule', sql<boolean>`true`.as('isAuthoritative')]);
}

/** An activity with its authoritative report's content. */
export type ActivityRow = Awaited<ReturnType<ReturnType<typeof activityQuery>['execute']>>[number];
/** One publisher's report of an activity, every column. */
export type ReportRow = Omit<ActivityRow, 'authorityRule'>;

/**
 * What an `ActivityReport` shows from its own row. Its JSON columns (titles, descriptions,
 * conditions, aid types) are never shown on a report, and its warnings are read only when asked
 * (the `warningsByReport` loader), so listing an activity's reports reads no JSON.
 */
const REPORT_PART_COLUMNS = [
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

/**
 * Reports `r` joined to their activity `a`, so whether a report is the authoritative one is a
 * comparison on the joined row rather than a lookup per report.
 */
export function reportPartQuery(db: Kysely<AidDB>) {
  return db
    .selectFrom('aid_activity_report as r')
    .innerJoin('aid_activity as a', 'a.id', 'r.activity_id')
    .select(reportSelection(REPORT_PART_COLUMNS))
    .select(sql<boolean>`a.authoritative_report_id is not distinct from r.id`.as('isAuthoritative'));
}

/** One of an activity's reports, as its `reports` list reads it. */
export type ReportPartRow = Awaited<ReturnType<ReturnType<typeof reportPartQuery>['execute']>>[number];
