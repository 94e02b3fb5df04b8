import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

const money = () => p.decimal('string').columnType('numeric').nullable();

/** What one export said about one country's budget for one fiscal year; re-imports update it. */
export const BudgetDataset = defineEntity({
  name: 'BudgetDataset',
  tableName: 'fin_budget_dataset',
  uniques: [{ properties: ['country', 'name', 'fiscalYear'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    country: p.text(),
    /** The column map's name: the IFMIS export this is. */
    name: p.text(),
    fiscalYear: p.text(),
    currency: p.text(),
    input: p.text(),
    importRunId: p.integer(),
    loadedAt: p.datetime().defaultRaw('now()'),
  },
});
export type BudgetDataset = InferEntity<typeof BudgetDataset>;

/** One budget line: its code in every segment and its amount at every stage the export gave. */
export const BudgetLine = defineEntity({
  name: 'BudgetLine',
  tableName: 'fin_budget_line',
  uniques: [{ properties: ['dataset', 'lineKey'] }],
  indexes: [{ properties: ['country', 'fiscalYear'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    dataset: () => p.manyToOne(BudgetDataset).mapToPk().deleteRule('cascade'),
    country: p.text(),
    fiscalYear: p.text(),
    /** The codes, serialised in segment order: the line's identity within its dataset. */
    lineKey: p.text(),
    /** Segment id → code. */
    codes: p.json<Record<string, string>>(),
    currency: p.text(),
    proposed: money(),
    approved: money(),
    /** Commitment authority (AE): what may be committed, over years, beside the year's payment appropriation. */
    commitmentAuthority: money(),
    revised: money(),
    allotted: money(),
    committed: money(),
    /** Verified (liquidated): the service is done and the amount due, not yet paid. */
    verified: money(),
    paid: money(),
    sourceRow: p.integer(),
  },
});
export type BudgetLine = InferEntity<typeof BudgetLine>;
