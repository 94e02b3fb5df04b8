import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ActivityReport } from './activity-report.entity.js';
import type { CodeRef } from '../../../connectors/iati/types.js';

/** Money is `numeric` with no precision limit, read and written as exact decimal text. */
const money = () => p.decimal('string').columnType('numeric');
const reportLink = () => p.manyToOne(ActivityReport).mapToPk().deleteRule('cascade').index();
/** For transactions the unique (report, seq) index also serves lookups by report. */
const transactionReportLink = () => p.manyToOne(ActivityReport).mapToPk().deleteRule('cascade');

export const Transaction = defineEntity({
  name: 'Transaction',
  tableName: 'aid_transaction',
  uniques: [{ properties: ['report', 'seq'] }],
  indexes: [
    { properties: ['type', 'date'] },
    // The activity filters by transaction-level country and region (Migration20261207140000).
    {
      name: 'aid_transaction_recipient_country_index',
      expression: `create index "aid_transaction_recipient_country_index" on "aid_transaction" ("recipient_country", "report_id") where "recipient_country" is not null`,
    },
    {
      name: 'aid_transaction_recipient_region_index',
      expression: `create index "aid_transaction_recipient_region_index" on "aid_transaction" ("recipient_region", "report_id") where "recipient_region" is not null`,
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    report: transactionReportLink,
    seq: p.integer(),
    ref: p.text().nullable(),
    type: p.text().nullable(),
    /** The code as published when it was a 1.0x code (`D`, `C`…), translated into `type`. */
    typeOriginal: p.text().nullable(),
    date: p.date(),
    value: money(),
    currency: p.text(),
    valueDate: p.date().nullable(),
    description: p.text().nullable(),
    providerRef: p.text().nullable(),
    providerName: p.text().nullable(),
    providerType: p.text().nullable(),
    providerActivityId: p.text().nullable(),
    providerKey: p.text().nullable().index(),
    receiverRef: p.text().nullable(),
    receiverName: p.text().nullable(),
    receiverType: p.text().nullable(),
    receiverActivityId: p.text().nullable(),
    receiverKey: p.text().nullable().index(),
    disbursementChannel: p.text().nullable(),
    aidTypes: p.json<CodeRef[]>().columnType('json'),
    financeType: p.text().nullable(),
    flowType: p.text().nullable(),
    tiedStatus: p.text().nullable(),
    humanitarian: p.boolean().nullable(),
    recipientCountry: p.text().nullable(),
    recipientRegion: p.text().nullable(),
  },
});
export type Transaction = InferEntity<typeof Transaction>;

export const Budget = defineEntity({
  name: 'Budget',
  tableName: 'aid_budget',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    type: p.text().nullable(),
    status: p.text().nullable(),
    periodStart: p.date(),
    periodEnd: p.date(),
    value: money(),
    currency: p.text(),
    valueDate: p.date().nullable(),
  },
});
export type Budget = InferEntity<typeof Budget>;

export const PlannedDisbursement = defineEntity({
  name: 'PlannedDisbursement',
  tableName: 'aid_planned_disbursement',
  properties: {
    id: p.integer().primary().autoincrement(),
    report: reportLink,
    seq: p.integer(),
    type: p.text().nullable(),
    periodStart: p.date(),
    periodEnd: p.date().nullable(),
    value: money(),
    currency: p.text(),
    valueDate: p.date().nullable(),
    providerRef: p.text().nullable(),
    providerName: p.text().nullable(),
    providerType: p.text().nullable(),
    providerActivityId: p.text().nullable(),
    receiverRef: p.text().nullable(),
    receiverName: p.text().nullable(),
    receiverType: p.text().nullable(),
    receiverActivityId: p.text().nullable(),
  },
});
export type PlannedDisbursement = InferEntity<typeof PlannedDisbursement>;
