import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ActivityReport } from './activity-report.entity.js';
import { Transaction } from './money.entity.js';

/** Rows that belong to one report; `seq` keeps the publisher's order. */
const reportLink = () => p.manyToOne(ActivityReport).mapToPk().deleteRule('cascade').index();

export const ParticipatingOrg = defineEntity({
  name: 'ParticipatingOrg',
  tableName: 'aid_participating_org',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    role: p.text().nullable(),
    type: p.text().nullable(),
    ref: p.text().nullable(),
    name: p.text().nullable(),
    orgKey: p.text().nullable().index(),
    activityId: p.text().nullable(),
    crsChannelCode: p.text().nullable(),
  },
});
export type ParticipatingOrg = InferEntity<typeof ParticipatingOrg>;

export const RecipientCountry = defineEntity({
  name: 'RecipientCountry',
  tableName: 'aid_recipient_country',
  indexes: [{ properties: ['code'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    code: p.text(),
    percentage: p.decimal('string').columnType('numeric').nullable(),
  },
});
export type RecipientCountry = InferEntity<typeof RecipientCountry>;

export const RecipientRegion = defineEntity({
  name: 'RecipientRegion',
  tableName: 'aid_recipient_region',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    vocabulary: p.text(),
    code: p.text().index(),
    percentage: p.decimal('string').columnType('numeric').nullable(),
  },
});
export type RecipientRegion = InferEntity<typeof RecipientRegion>;

/** Activity-level sectors have no transaction; transaction-level ones (USAID) have one. */
export const Sector = defineEntity({
  name: 'Sector',
  tableName: 'aid_sector',
  indexes: [{ properties: ['vocabulary', 'code'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    transaction: () => p.manyToOne(Transaction).mapToPk().nullable().deleteRule('cascade').index(),
    seq: p.integer(),
    vocabulary: p.text(),
    code: p.text(),
    percentage: p.decimal('string').columnType('numeric').nullable(),
    name: p.text().nullable(),
  },
});
export type Sector = InferEntity<typeof Sector>;

export const CountryBudgetItem = defineEntity({
  name: 'CountryBudgetItem',
  tableName: 'aid_country_budget_item',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    vocabulary: p.text(),
    code: p.text(),
    percentage: p.decimal('string').columnType('numeric').nullable(),
    description: p.text().nullable(),
  },
});
export type CountryBudgetItem = InferEntity<typeof CountryBudgetItem>;

export const RelatedActivity = defineEntity({
  name: 'RelatedActivity',
  tableName: 'aid_related_activity',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    type: p.text().nullable(),
    ref: p.text(),
  },
});
export type RelatedActivity = InferEntity<typeof RelatedActivity>;

/**
 * A `<location>` of the report: where the activity happens or its beneficiaries live. Its
 * administrative codes (`[{ vocabulary, level, code }]`) and location ids stay as published; the
 * point is WGS 84 decimal degrees. Matching a location to the registries' admin areas is the
 * mapping domain's (src/mapping/locations/).
 */
export const ActivityLocation = defineEntity({
  name: 'ActivityLocation',
  tableName: 'aid_location',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    ref: p.text().nullable(),
    reach: p.text().nullable(),
    locationIds: p.json<{ vocabulary: string; code: string }[]>().columnType('json'),
    name: p.text().nullable(),
    description: p.text().nullable(),
    activityDescription: p.text().nullable(),
    administrative: p.json<{ vocabulary: string | null; level: number | null; code: string }[]>().columnType('json'),
    latitude: p.decimal('string').columnType('numeric').nullable(),
    longitude: p.decimal('string').columnType('numeric').nullable(),
    exactness: p.text().nullable(),
    locationClass: p.text().nullable(),
    featureDesignation: p.text().nullable(),
  },
});
export type ActivityLocation = InferEntity<typeof ActivityLocation>;
