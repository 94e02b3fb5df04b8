import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A mapping rule as it stands now. Rules are never deleted: retiring one keeps it (status
 * `retired`), and every version of it is in `map_change`.
 */
export const MappingRule = defineEntity({
  name: 'MappingRule',
  tableName: 'map_rule',
  indexes: [{ properties: ['sourceScheme', 'sourceCode'] }, { properties: ['country', 'targetScheme', 'targetCode'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    country: p.text().nullable(),
    sourceScheme: p.text(),
    sourceCode: p.text(),
    targetScheme: p.text(),
    targetCode: p.text(),
    share: p.decimal('string').columnType('numeric'),
    validFrom: p.integer().nullable(),
    validTo: p.integer().nullable(),
    status: p.enum(['active', 'retired'] as const),
    version: p.integer(),
    /** Where the rule came from: `admin` (graph or page), `sheet` (bulk upload), `default` (a table shipped under mappings/). */
    origin: p.text(),
    changedBy: p.text(),
    changedAt: p.datetime().defaultRaw('now()'),
    reason: p.text(),
  },
});
export type MappingRule = InferEntity<typeof MappingRule>;

/**
 * The audit trail of every administrative change in the mapping domain: rules, alignment rules,
 * alignment overrides, national entities. `after` is the whole record after the change (null
 * when it was removed), so a rule's history is its rows here in order.
 */
export const MappingChange = defineEntity({
  name: 'MappingChange',
  tableName: 'map_change',
  indexes: [{ properties: ['subject', 'subjectKey'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    /** `rule`, `alignment-rule`, `alignment-override`, `national-entity`. */
    subject: p.text(),
    subjectKey: p.text(),
    /** `create`, `update`, `retire`, `remove`. */
    operation: p.text(),
    version: p.integer().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    changedBy: p.text(),
    changedAt: p.datetime().defaultRaw('now()'),
    reason: p.text(),
    /** Changes made together (one sheet, one mutation) share a batch. */
    batch: p.text().nullable(),
  },
});
export type MappingChange = InferEntity<typeof MappingChange>;

/** A ministry, department or agency organisations are mapped to, beyond the CoA's own votes. */
export const NationalEntity = defineEntity({
  name: 'NationalEntity',
  tableName: 'map_national_entity',
  properties: {
    country: p.text().primary(),
    code: p.text().primary(),
    name: p.text(),
    /** Other names it is known by (abbreviations, former names), for suggestions. */
    aliases: p.json<string[]>(),
    changedBy: p.text(),
    changedAt: p.datetime().defaultRaw('now()'),
  },
});
export type NationalEntity = InferEntity<typeof NationalEntity>;
