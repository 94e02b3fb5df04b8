import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Which version of the reference tables (`mappings/`) the database holds, so a start skips reloading them. */
export const ReferenceLoad = defineEntity({
  name: 'ReferenceLoad',
  tableName: 'reference_load',
  properties: {
    name: p.text().primary(),
    fingerprint: p.text(),
    /** Text, as both drivers return a timestamptz (MikroORM keeps date and time types raw). */
    loadedAt: p.datetime().$type<string>().defaultRaw('now()'),
  },
});
export type ReferenceLoad = InferEntity<typeof ReferenceLoad>;
