import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { registryDb } from './db.js';

/**
 * What other domains (the mapping engine) read of the registry's admin-area hierarchy, through
 * the registry's own builder.
 */

/** Every admin area's code. */
export async function areaCodes(em: EntityManager): Promise<string[]> {
  const rows = await registryDb(em).selectFrom('reg_area').select('code').execute();
  return rows.map((row) => row.code);
}

/**
 * Each of these areas with itself (depth 0) and every area above it (depth 1 its parent, …),
 * walking the hierarchy upwards: a query for the caller to join in its own statement. An area the
 * registry does not know has only itself.
 */
export function areasAbove(em: EntityManager, areas: readonly string[]) {
  const wanted = sql<{ area: string }>`unnest(${sql.val([...areas])}::text[])`.as<'w'>(sql`w(area)`);
  return registryDb(em)
    .withRecursive('up(area, above, depth)', (db) =>
      db
        .selectFrom(wanted)
        .select(['w.area', 'w.area as above', sql<number>`0`.as('depth')])
        .unionAll(
          db
            .selectFrom('up')
            .innerJoin('reg_area as a', 'a.code', 'up.above')
            .select(['up.area', 'a.parent as above', sql<number>`up.depth + 1`.as('depth')])
            .where('a.parent', 'is not', null)
            .$narrowType<{ above: string }>(),
        ),
    )
    .selectFrom('up')
    .select(['area', 'above', 'depth']);
}

/** The registries' districts (admin areas of level 2): `code` and `name`, a query for the caller to embed. */
export function districtAreas(em: EntityManager) {
  return registryDb(em).selectFrom('reg_area').select(['code', 'name']).where('level', '=', 2);
}
