import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The countries and their charts of accounts: loaded by `tributary coa load` (origin `load`), or
 * from the examples under `mappings/coa/` at start (origin `reference`, never over a loaded one).
 * `fin_coa_ancestor` holds every code's ancestors, itself included, so a budget rolls up to any
 * level with one join.
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
    /** `load` (`tributary coa load`) or `reference` (the examples shipped under mappings/coa/). */
    origin: p.text().default('reference'),
    /** The chart's current version (`fin_coa_version`). */
    version: p.integer().default(1),
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
    /** Another spelling the chart accepts for this code (e.g. BOOST's `7011` for COFOG `01.1`). */
    alias: p.text().nullable(),
    /** The COFOG class, group or division this code's spending serves. */
    cofog: p.text().nullable(),
    /** Retired codes stay (lines and rules that name them keep their names) but new budget lines cannot use them. */
    retired: p.boolean().default(false),
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

/**
 * Every version of a country's chart, as the mapping rules keep theirs: who loaded what, from
 * where, when, and which codes it retired. A load identical to the current version adds none.
 */
export const CoaVersion = defineEntity({
  name: 'CoaVersion',
  tableName: 'fin_coa_version',
  properties: {
    country: p.text().primary(),
    version: p.integer().primary(),
    /** The chart's content hash: a load with the same hash is the same version. */
    fingerprint: p.text(),
    origin: p.text(),
    input: p.text(),
    loadedBy: p.text(),
    loadedAt: p.datetime().defaultRaw('now()'),
    added: p.integer(),
    changed: p.integer(),
    /** `segment:code` of each code this version retired. */
    retiredCodes: p.json<string[]>(),
  },
});
export type CoaVersion = InferEntity<typeof CoaVersion>;
