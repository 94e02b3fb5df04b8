import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { columnsAsked } from './column-loader.js';
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

function columnsOf(field: FieldNode): readonly ReportColumn[] {
  const columns = FIELD_COLUMNS[field.name.value] ?? [];
  return field.name.value === 'title' && field.arguments?.length ? [...columns, 'titles'] : columns;
}

/** What an `activities` connection's nodes (or edges' nodes) ask for, as report columns. */
export function activityColumnsAsked(info: GraphQLResolveInfo): Set<ReportColumn> {
  const fields = [...selectedFields(info, ['nodes']), ...selectedFields(info, ['edges', 'node'])];
  return new Set(fields.flatMap(columnsOf));
}

/** What a field returning activities (one, or a list) asks of each, as report columns: no JSON unless asked. */
export const activityFieldColumns = columnsAsked(columnsOf, []);

/** Whether the connection's `totalCount` is asked for. */
export function totalCountAsked(info: GraphQLResolveInfo): boolean {
  return selectedFields(info, []).some((field) => field.name.value === 'totalCount');
}
