import type { EntityManager } from '../../db/orm.js';
import { badInput } from '../../graphql/errors.js';
import { registryDb } from '../db.js';
import type { DisclosurePolicy } from '../disclosure/gate.js';

/**
 * The admin levels a statistic may use. The lowest level (villages) is an exact location, for
 * nobody. Below the district is for registry officers only: everyone else's numbers are built from
 * district cells, so a finer area, as a breakdown or as the `area` filter, is refused.
 */
export interface AreaLevels {
  /** The deepest level held (villages). */
  readonly lowest: number;
  /** The finest level anyone but a registry officer sees: districts (2), or the level above villages. */
  readonly district: number;
}

export async function areaLevels(em: EntityManager): Promise<AreaLevels> {
  const row = await registryDb(em)
    .selectFrom('reg_area')
    .select((eb) => eb.fn.max<number | null>('level').as('level'))
    .executeTakeFirst();
  const lowest = row?.level ?? 0;
  return { lowest, district: Math.max(1, Math.min(2, lowest - 1)) };
}

export function checkAreaLevel(level: number, areas: AreaLevels, policy: DisclosurePolicy): void {
  if (level < 1 || (areas.lowest > 1 && level >= areas.lowest))
    throw badInput(
      `areaLevel must be from 1 to ${Math.max(1, areas.lowest - 1)}: level ${areas.lowest} areas are exact locations`,
      'areaLevel',
    );
  if (!policy.exact && level > areas.district)
    throw badInput(`areaLevel must be from 1 to ${areas.district}: areas below the district are for registry officers only`, 'areaLevel');
}

/** The `area` filter: a known area, and for anyone but a registry officer a district or above. */
export async function checkArea(em: EntityManager, code: string, areas: AreaLevels, policy: DisclosurePolicy): Promise<void> {
  if (policy.exact) return;
  const row = await registryDb(em).selectFrom('reg_area').select('level').where('code', '=', code).executeTakeFirst();
  if (row && row.level > areas.district)
    throw badInput(`area ${code} is below the district (level ${row.level}): give a district or a region`, 'area');
}

/** Each area at or above the district, and its ancestor at `level` (itself when it lies at or above it). */
export async function ancestorsAt(em: EntityManager, level: number, district: number): Promise<Map<string, string>> {
  const rows = await registryDb(em).selectFrom('reg_area').select(['code', 'level', 'parent']).where('level', '<=', district).execute();
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const ancestor = (code: string): string => {
    let area = byCode.get(code);
    while (area && area.level > level && area.parent && byCode.has(area.parent)) area = byCode.get(area.parent);
    return area?.code ?? code;
  };
  return new Map(rows.map((row) => [row.code, ancestor(row.code)]));
}
