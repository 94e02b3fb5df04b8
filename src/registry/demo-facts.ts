import type { EntityManager } from '../db/orm.js';
import { registryDb } from './db.js';

/** What the demo (`npm start`) asks the registry domain before generating and importing its registry once. */
export interface DemoRegistryFacts {
  /** The registry holds households from this source. */
  readonly sourceHeld: boolean;
  /** The registry holds any administrative area (so an area sheet's rules can be checked). */
  readonly areasHeld: boolean;
}

export async function demoRegistryFacts(em: EntityManager, source: string): Promise<DemoRegistryFacts> {
  const db = registryDb(em);
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(db.selectFrom('reg_household').select(eb.lit(1).as('one')).where('source', '=', source)).as('sourceHeld'),
      eb.exists(db.selectFrom('reg_area').select(eb.lit(1).as('one'))).as('areasHeld'),
    ])
    .executeTakeFirstOrThrow();
  return { sourceHeld: Boolean(row.sourceHeld), areasHeld: Boolean(row.areasHeld) };
}
