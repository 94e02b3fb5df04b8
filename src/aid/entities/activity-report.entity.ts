import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Activity } from './activity.entity.js';
import type { CodeRef, Condition, Description, Narrative, Warning } from '../../../connectors/iati/types.js';

/**
 * One publisher's report of one activity, as last imported. Children cascade on delete.
 * Display-only structures are `json` (kept as text): cheaper to write than `jsonb`, and never
 * queried inside.
 */
export const ActivityReport = defineEntity({
  name: 'ActivityReport',
  tableName: 'aid_activity_report',
  uniques: [{ properties: ['iatiIdentifier', 'reportingOrgKey'] }],
  // The activity window's dates as its filter computes them (Migration20261207140000); title search's trigram index is there too, where pg_trgm is.
  indexes: [
    {
      name: 'aid_activity_report_active_from_index',
      expression: `create index "aid_activity_report_active_from_index" on "aid_activity_report" ((coalesce("end_date", "start_date")))`,
    },
    {
      name: 'aid_activity_report_active_to_index',
      expression: `create index "aid_activity_report_active_to_index" on "aid_activity_report" ((coalesce("start_date", "end_date")))`,
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    activity: () => p.manyToOne(Activity).mapToPk().deleteRule('cascade').index(),
    iatiIdentifier: p.text(),
    identifierSynthesized: p.boolean().default(false),
    reportingOrgKey: p.text().index(),
    reportingOrgRef: p.text().nullable().index(),
    reportingOrgName: p.text().nullable(),
    reportingOrgType: p.text().nullable(),
    secondaryReporter: p.boolean().default(false),
    /** The reporting organisation is also a funding participant (role 1): the authority rule. */
    reportingOrgIsFunder: p.boolean().default(false),
    iatiVersion: p.text(),
    versionSource: p.text(),
    lastUpdated: p.datetime().nullable(),
    contentHash: p.text(),
    sourceFile: p.text(),
    sourceLine: p.integer(),
    importRunId: p.integer(),
    defaultLang: p.text().nullable(),
    defaultCurrency: p.text().nullable(),
    hierarchy: p.integer().nullable(),
    humanitarian: p.boolean().nullable(),
    status: p.text().nullable().index(),
    collaborationType: p.text().nullable(),
    defaultFlowType: p.text().nullable(),
    defaultFinanceType: p.text().nullable(),
    defaultTiedStatus: p.text().nullable(),
    defaultAidTypes: p.json<CodeRef[]>().columnType('json'),
    title: p.text().nullable(),
    /** All title narratives, lower-cased, for text search. */
    titleSearch: p.text().default(''),
    titles: p.json<Narrative[]>().columnType('json'),
    descriptions: p.json<Description[]>().columnType('json'),
    plannedStart: p.date().nullable(),
    actualStart: p.date().nullable(),
    plannedEnd: p.date().nullable(),
    actualEnd: p.date().nullable(),
    /** Actual start, else planned start: what date filters and sorting use. */
    startDate: p.date().nullable(),
    endDate: p.date().nullable(),
    capitalSpend: p.decimal('string').columnType('numeric').nullable(),
    conditionsAttached: p.boolean().nullable(),
    conditions: p.json<Condition[]>().columnType('json'),
    warnings: p.json<Warning[]>().columnType('json'),
    loadedAt: p.datetime().defaultRaw('now()'),
  },
});
export type ActivityReport = InferEntity<typeof ActivityReport>;
