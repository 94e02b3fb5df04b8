import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One unit of `currency` is worth `rate` units of `quote`, on `date` (a day), or on average over
 * the month starting on `date` (`period` month), according to `source`.
 */
export const ExchangeRate = defineEntity({
  name: 'ExchangeRate',
  tableName: 'fin_exchange_rate',
  uniques: [{ properties: ['source', 'currency', 'quote', 'period', 'date'] }],
  indexes: [{ properties: ['currency', 'date'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    source: p.text(),
    currency: p.text(),
    quote: p.text(),
    period: p.enum(['day', 'month'] as const),
    date: p.date(),
    rate: p.decimal('string').columnType('numeric'),
    importRunId: p.integer(),
  },
});
export type ExchangeRate = InferEntity<typeof ExchangeRate>;
