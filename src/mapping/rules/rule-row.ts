import { sql } from 'kysely';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import type { MappingRuleFields } from '../types.js';

/** A rule as stored, with its status and last change. */
export interface StoredRule extends MappingRuleFields {
  readonly id: number;
  readonly status: 'active' | 'retired';
  readonly version: number;
  readonly origin: string;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly reason: string;
}

export const RULE_SELECT = sql`id, country, source_scheme as "sourceScheme", source_code as "sourceCode", target_scheme as "targetScheme",
  target_code as "targetCode", share::text as share, valid_from as "validFrom", valid_to as "validTo", status, version, origin,
  changed_by as "changedBy", to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "changedAt", reason`;

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
  return select(
    em,
    sql<StoredRule>`select ${RULE_SELECT} from map_rule m
      where (${status} = 'any' or m.status = 'active') and exists (select 1 from jsonb_array_elements(${keys}::jsonb) g
        where m.country is not distinct from g->>0 and m.source_scheme = g->>1 and m.source_code = g->>2 and m.target_scheme = g->>3)
      order by m.id`,
  );
}

export async function ruleById(em: EntityManager, id: number): Promise<StoredRule | null> {
  const [rule] = await select(em, sql<StoredRule>`select ${RULE_SELECT} from map_rule where id = ${id}`);
  return rule ?? null;
}

/** The fields of a rule as its history records them. */
export function snapshot(rule: StoredRule): Record<string, unknown> {
  const { id, country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo, status, version, origin } = rule;
  return { id, country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo, status, version, origin };
}
