import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Every organisation seen in IATI data (reporting, participating, provider, receiver), keyed by
 * its IATI org ref, or by its name where the publisher gave no ref (`name:<lower-cased name>`).
 */
export const Organisation = defineEntity({
  name: 'Organisation',
  tableName: 'aid_organisation',
  properties: {
    key: p.text().primary(),
    ref: p.text().nullable(),
    name: p.text().nullable(),
    type: p.text().nullable(),
    lastSeenAt: p.datetime().defaultRaw('now()'),
  },
});
export type Organisation = InferEntity<typeof Organisation>;
