import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';

/** True when the hub holds an activity with this IATI identifier (for finance's loan links). */
export async function activityHeld(em: EntityManager, iatiIdentifier: string): Promise<boolean> {
  const found = await aidDb(em)
    .selectFrom('aid_activity')
    .select('id')
    .where('iati_identifier', '=', iatiIdentifier)
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}
