import type { GraphQLResolveInfo } from 'graphql';
import { selectedFields } from '../graphql/lookahead.js';
import type { ReportColumn } from './report-row.js';

const REPORTING_ORG: readonly ReportColumn[] = [
  'reportingOrgRef',
  'reportingOrgName',
  'reportingOrgType',
  'reportingOrgKey',
  'secondaryReporter',
];

/**
 * The report columns each `Activity` field reads from its row. Fields not named here read only
 * the keys (`reportId`…), through loaders. `title(lang:)` also needs every title, added below.
 */
const FIELD_COLUMNS: Readonly<Record<string, readonly ReportColumn[]>> = {
  identifierSynthesized: ['identifierSynthesized'],
  titles: ['titles'],
  descriptions: ['descriptions'],
  defaultCurrency: ['defaultCurrency'],
  defaultLang: ['defaultLang'],
  hierarchy: ['hierarchy'],
  humanitarian: ['humanitarian'],
  capitalSpend: ['capitalSpend'],
  conditionsAttached: ['conditionsAttached'],
  iatiVersion: ['iatiVersion'],
  warnings: ['warnings'],
  title: ['title'],
  reportingOrg: REPORTING_ORG,
  status: ['status'],
  dates: ['plannedStart', 'actualStart', 'plannedEnd', 'actualEnd', 'startDate', 'endDate'],
  collaborationType: ['collaborationType'],
  defaultFlowType: ['defaultFlowType'],
  defaultFinanceType: ['defaultFinanceType'],
  defaultTiedStatus: ['defaultTiedStatus'],
  defaultAidTypes: ['defaultAidTypes'],
  conditions: ['conditions'],
  authority: REPORTING_ORG,
};

/** What an `activities` connection's nodes (or edges' nodes) ask for, as report columns. */
export function activityColumnsAsked(info: GraphQLResolveInfo): Set<ReportColumn> {
  const fields = [...selectedFields(info, ['nodes']), ...selectedFields(info, ['edges', 'node'])];
  const columns = new Set<ReportColumn>();
  for (const field of fields) {
    for (const column of FIELD_COLUMNS[field.name.value] ?? []) columns.add(column);
    if (field.name.value === 'title' && field.arguments?.length) columns.add('titles');
  }
  return columns;
}

/** Whether the connection's `totalCount` is asked for. */
export function totalCountAsked(info: GraphQLResolveInfo): boolean {
  return selectedFields(info, []).some((field) => field.name.value === 'totalCount');
}
