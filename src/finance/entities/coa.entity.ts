import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The configured countries and their charts of accounts, loaded from `mappings/coa/` at start
 * (the CSV files are the source of truth). `fin_coa_ancestor` holds every code's ancestors,
 * itself included, so a budget rolls up to any level with one join.
 */
export const FinanceCountry = defineEntity({
  name: 'FinanceCountry',
  tableName: 'fin_country',
  properties: {
    country: p.text().primary(),
    name: p.text(),
    currency: p.text(),
    fiscalYearStartMonth: p.integer(),
    fiscalYearLabel: p.text().nullable(),
    source: p.text().nullable(),
  },
});
export type FinanceCountry = InferEntity<typeof FinanceCountry>;

export const CoaSegment = defineEntity({
  name: 'CoaSegment',
  tableName: 'fin_coa_segment',
  properties: {
    country: p.text().primary(),
    segment: p.text().primary(),
    seq: p.integer(),
    kind: p.text(),
    name: p.text(),
    levels: p.json<string[]>(),
    classification: p.text().nullable(),
    open: p.boolean().default(false),
  },
});
export type CoaSegment = InferEntity<typeof CoaSegment>;

export const CoaCode = defineEntity({
  name: 'CoaCode',
  tableName: 'fin_coa_code',
  indexes: [{ properties: ['country', 'segment', 'parent'] }],
  properties: {
    country: p.text().primary(),
    segment: p.text().primary(),
    code: p.text().primary(),
    parent: p.text().nullable(),
    level: p.integer(),
    name: p.text(),
    nameEn: p.text().nullable(),
    nameFr: p.text().nullable(),
    nameEs: p.text().nullable(),
  },
});
export type CoaCode = InferEntity<typeof CoaCode>;

export const CoaAncestor = defineEntity({
  name: 'CoaAncestor',
  tableName: 'fin_coa_ancestor',
  indexes: [{ properties: ['country', 'segment', 'ancestorLevel', 'code'] }],
  properties: {
    country: p.text().primary(),
    segment: p.text().primary(),
    code: p.text().primary(),
    ancestor: p.text().primary(),
    ancestorLevel: p.integer(),
  },
});
export type CoaAncestor = InferEntity<typeof CoaAncestor>;
