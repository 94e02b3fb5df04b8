import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { AlignmentDimension, DimensionValue } from '../types.js';

/**
 * What applying the rules produced: for one activity (or one transaction, where it differs from
 * its activity), a share of its money in one target scheme, with the rule that put it there.
 * `targetCode` null is the unmapped remainder, kept with the source code that found no rule so
 * the coverage report can rank it. Aid rows are referred to by id without a foreign key: the
 * mapping domain reads aid's facts only through what aid exports (src/aid/facts.ts).
 */
export const CoaAssignment = defineEntity({
  name: 'CoaAssignment',
  tableName: 'map_assignment',
  indexes: [{ properties: ['activityId'] }, { properties: ['transactionId'] }, { properties: ['targetScheme', 'country'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    activityId: p.integer(),
    transactionId: p.integer().nullable(),
    country: p.text().nullable(),
    targetScheme: p.text(),
    targetCode: p.text().nullable(),
    share: p.decimal('string').columnType('numeric'),
    validFrom: p.integer().nullable(),
    validTo: p.integer().nullable(),
    /** `activity-rule`, `reported-budget-item`, `sector-rule`, `organisation-rule`, `unmapped`. */
    provenance: p.text(),
    /** The rules applied, in order (a sector reaching a national code through COFOG uses two). */
    ruleIds: p.json<number[]>(),
    sourceScheme: p.text().nullable(),
    sourceCode: p.text().nullable(),
  },
});
export type CoaAssignment = InferEntity<typeof CoaAssignment>;

/**
 * The budget alignment derived for one transaction, or for an activity (transactionId null): one
 * row with every dimension (status, share, rule, reasons, override), so a transaction is one row.
 */
export const AlignmentResult = defineEntity({
  name: 'AlignmentResult',
  tableName: 'map_alignment',
  indexes: [{ properties: ['activityId'] }, { properties: ['transactionId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    activityId: p.integer(),
    transactionId: p.integer().nullable(),
    /** How an activity's transactions were weighed: `value in <currency>`, or `count: <why>`. */
    weighting: p.text().nullable(),
    /** Per dimension: status (YES, NO, PARTLY, UNKNOWN), share, ruleId, reasons, overridden, derived. */
    dimensions: p.json<Record<AlignmentDimension, DimensionValue>>(),
  },
});
export type AlignmentResult = InferEntity<typeof AlignmentResult>;

/** When each activity was last applied, to re-apply only what an import changed since. */
export const AppliedActivity = defineEntity({
  name: 'AppliedActivity',
  tableName: 'map_applied',
  properties: {
    activityId: p.integer().primary().autoincrement(false),
    appliedAt: p.datetime().defaultRaw('now()'),
  },
});
export type AppliedActivity = InferEntity<typeof AppliedActivity>;
