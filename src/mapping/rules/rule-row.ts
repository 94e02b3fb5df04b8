import { sql, type Selection } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb, type MappingDB } from '../db.js';

/** What a rule is read as: its columns, with its last change as ISO text (UTC). */
export const RULE_COLUMNS = [
  'id',
  'country',
  'source_scheme as sourceScheme',
  'source_code as sourceCode',
  'target_scheme as targetScheme',
  'target_code as targetCode',
  'share',
  'valid_from as validFrom',
  'valid_to as validTo',
  'status',
  'version',
  'origin',
  'changed_by as changedBy',
  sql<string>`to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('changedAt'),
  'reason',
] as const;

/** A rule as stored, with its status and last change (as `RULE_COLUMNS` reads it). */
export type StoredRule = Selection<MappingDB, 'map_rule', (typeof RULE_COLUMNS)[number]>;

/** The rules of one group: same country, source and target scheme (a split is one group). */
export interface GroupKey {
  readonly country: string | null;
  readonly sourceScheme: string;
  readonly sourceCode: string;
  readonly targetScheme: string;
}

export function groupKeyOf(rule: GroupKey): string {
  return JSON.stringify([rule.country, rule.sourceScheme, rule.sourceCode, rule.targetScheme]);
}

export async function rulesOfGroups(
  em: EntityManager,
  groups: readonly GroupKey[],
  status: 'active' | 'any' = 'active',
): Promise<StoredRule[]> {
  if (groups.length === 0) return [];
  const keys = JSON.stringify(groups.map((g) => [g.country, g.sourceScheme, g.sourceCode, g.targetScheme]));
  return mappingDb(em)
    .selectFrom('map_rule as m')
    .select(RULE_COLUMNS)
    .$if(status === 'active', (qb) => qb.where('m.status', '=', 'active'))
    .where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(${keys}::jsonb) g
        where m.country is not distinct from g->>0 and m.source_scheme = g->>1 and m.source_code = g->>2 and m.target_scheme = g->>3)`,
    )
    .orderBy('m.id')
    .execute();
}

export async function ruleById(em: EntityManager, id: number): Promise<StoredRule | null> {
  const rule = await mappingDb(em).selectFrom('map_rule').select(RULE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return rule ?? null;
}

/** The fields of a rule as its history records them. */
export function snapshot(rule: StoredRule): Record<string, unknown> {
  const { id, country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo, status, version, origin } = rule;
  return { id, country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo, status, version, origin };
}
