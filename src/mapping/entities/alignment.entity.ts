import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One rule deriving an alignment dimension from the data (shipped in mappings/alignment/, editable). */
export const AlignmentRule = defineEntity({
  name: 'AlignmentRule',
  tableName: 'map_alignment_rule',
  properties: {
    id: p.text().primary(),
    /** The rule's row in the sheet it came from: breaks ties of priority. */
    seq: p.integer(),
    priority: p.integer(),
    /** One dimension, several joined by `|`, or `*`: as the sheet wrote it. */
    dimension: p.text(),
    condition: p.text(),
    value: p.boolean().nullable(),
    reason: p.text(),
    origin: p.text(),
    changedBy: p.text(),
    changedAt: p.datetime().defaultRaw('now()'),
  },
});
export type AlignmentRule = InferEntity<typeof AlignmentRule>;

/** An administrator's decision on one dimension of one activity, over what the rules derive. */
export const AlignmentOverride = defineEntity({
  name: 'AlignmentOverride',
  tableName: 'map_alignment_override',
  properties: {
    iatiIdentifier: p.text().primary(),
    dimension: p.text().primary(),
    value: p.boolean(),
    reason: p.text(),
    changedBy: p.text(),
    changedAt: p.datetime().defaultRaw('now()'),
  },
});
export type AlignmentOverride = InferEntity<typeof AlignmentOverride>;
