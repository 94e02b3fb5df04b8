import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ActivityReport } from './activity-report.entity.js';

/**
 * One activity as the hub shows it: an IATI identifier, whoever reported it. Each publisher's
 * report is kept (`aid_activity_report`); one of them is authoritative.
 */
export const Activity = defineEntity({
  name: 'Activity',
  tableName: 'aid_activity',
  properties: {
    id: p.integer().primary().autoincrement(),
    iatiIdentifier: p.text().unique(),
    authoritativeReport: () => p.manyToOne(ActivityReport).mapToPk().nullable().deleteRule('set null').index(),
    /** Which rule picked the authoritative report: override, funding-org, only-report, primary-reporter, latest. */
    authorityRule: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});
export type Activity = InferEntity<typeof Activity>;

/** An administrator's choice of which publisher's report of an activity is authoritative. */
export const AuthorityOverride = defineEntity({
  name: 'AuthorityOverride',
  tableName: 'aid_authority_override',
  properties: {
    iatiIdentifier: p.text().primary(),
    reportingOrgKey: p.text(),
    reason: p.text(),
    setBy: p.text(),
    setAt: p.datetime().defaultRaw('now()'),
  },
});
export type AuthorityOverride = InferEntity<typeof AuthorityOverride>;
