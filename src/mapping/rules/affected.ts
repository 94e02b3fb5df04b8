import { sql } from 'kysely';
import { activitiesReporting, publishedOrganisationNames } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb } from '../db.js';
import { orgNameKey } from '../apply/org-name-key.js';

export interface Source {
  readonly scheme: string;
  readonly code: string;
}

function codes(sources: readonly Source[], scheme: string): string[] {
  return [...new Set(sources.filter((s) => s.scheme === scheme).map((s) => s.code))];
}

/**
 * The activities a change to rules from these sources can change: those reporting the source
 * code (a sector, a budget identifier, an organisation, the activity itself), and, for COFOG
 * rules, those already placed in or under the COFOG code. Only these are re-applied. Aid's
 * queries and the assignments' are one statement.
 */
export async function affectedActivities(em: EntityManager, sources: readonly Source[]): Promise<number[]> {
  const cofog = codes(sources, 'cofog');
  const queries = activitiesReporting(em, {
    dac5: codes(sources, 'dac5'),
    dac3: codes(sources, 'dac3'),
    otherSectors: sources.filter((s) => s.scheme.startsWith('sector:')).map((s) => [s.scheme.slice(7), s.code] as const),
    budgetIdentifiers: codes(sources, 'budget-identifier'),
    orgRefs: codes(sources, 'org-ref'),
    orgNames: await publishedNames(em, new Set(codes(sources, 'org-name').map(orgNameKey))),
    identifiers: codes(sources, 'activity'),
  });
  if (cofog.length > 0) {
    const prefixes = sql.val(cofog.map((c) => `${c}.`));
    queries.push(sql<{ id: number }>`select activity_id as id from map_assignment
      where (target_scheme = 'cofog' and (target_code = any(${sql.val(cofog)}::text[]) or target_code like any(select p || '%' from unnest(${prefixes}::text[]) p)))
         or (source_scheme = 'cofog' and (source_code = any(${sql.val(cofog)}::text[]) or source_code like any(select p || '%' from unnest(${prefixes}::text[]) p)))`);
  }
  if (queries.length === 0) return [];
  const { rows } = await sql<{ id: number }>`select distinct id from (${sql.join(queries, sql` union all `)}) affected order by id`.execute(
    mappingDb(em),
  );
  return rows.map((r) => r.id);
}

/** The names as published whose normalised form is one of `keys` (names are matched normalised). */
async function publishedNames(em: EntityManager, keys: ReadonlySet<string>): Promise<string[]> {
  if (keys.size === 0) return [];
  return (await publishedOrganisationNames(em)).filter((name) => keys.has(orgNameKey(name)));
}
