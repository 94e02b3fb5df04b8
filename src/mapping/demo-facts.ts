import type { EntityManager } from '../db/orm.js';
import { mappingDb } from './db.js';

/** What the demo (`npm start`) asks the mapping domain before loading its sheets once. */
export interface DemoMappingFacts {
  /** Any rule came from a mapping sheet. */
  readonly sheetRules: boolean;
  /** Any rule maps administrative areas (the area sheet was applied). */
  readonly areaRules: boolean;
}

export async function demoMappingFacts(em: EntityManager): Promise<DemoMappingFacts> {
  const db = mappingDb(em);
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(db.selectFrom('map_rule').select(eb.lit(1).as('one')).where('origin', '=', 'sheet')).as('sheetRules'),
      eb.exists(db.selectFrom('map_rule').select(eb.lit(1).as('one')).where('source_scheme', '=', 'admin-area')).as('areaRules'),
    ])
    .executeTakeFirstOrThrow();
  return { sheetRules: Boolean(row.sheetRules), areaRules: Boolean(row.areaRules) };
}
