import { sql, type RawBuilder } from 'kysely';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import { orgNameKey } from '../apply/org-name-key.js';

export interface Source {
  readonly scheme: string;
  readonly code: string;
}

const CURRENT = sql`join aid_activity a on a.authoritative_report_id = x.report_id`;

function codes(sources: readonly Source[], scheme: string): string[] {
  return [...new Set(sources.filter((s) => s.scheme === scheme).map((s) => s.code))];
}

/**
 * The activities a change to rules from these sources can change: those reporting the source
 * code (a sector, a budget identifier, an organisation, the activity itself), and, for COFOG
 * rules, those already placed in or under the COFOG code. Only these are re-applied.
 */
export async function affectedActivities(em: EntityManager, sources: readonly Source[]): Promise<number[]> {
  const queries: RawBuilder<{ id: number }>[] = [];
  const dac5 = codes(sources, 'dac5');
  const dac3 = codes(sources, 'dac3');
  const cofog = codes(sources, 'cofog');
  const budgetIds = codes(sources, 'budget-identifier');
  const orgRefs = codes(sources, 'org-ref');
  const activities = codes(sources, 'activity');
  const otherSectors = sources.filter((s) => s.scheme.startsWith('sector:')).map((s) => [s.scheme.slice(7), s.code]);
  if (dac5.length + dac3.length > 0) {
    queries.push(sql`select a.id from aid_sector x ${CURRENT}
      where (x.vocabulary = '1' and (x.code = any(${sql.val(dac5)}::text[]) or left(x.code, 3) = any(${sql.val(dac3)}::text[])))
         or (x.vocabulary = '2' and x.code = any(${sql.val(dac3)}::text[]))`);
  }
  if (otherSectors.length > 0) {
    queries.push(sql`select a.id from aid_sector x ${CURRENT}
      join jsonb_array_elements(${JSON.stringify(otherSectors)}::jsonb) s on x.vocabulary = s->>0 and x.code = s->>1`);
  }
  if (budgetIds.length > 0) {
    queries.push(
      sql`select a.id from aid_country_budget_item x ${CURRENT} where x.vocabulary = '1' and x.code = any(${sql.val(budgetIds)}::text[])`,
    );
  }
  if (cofog.length > 0) {
    const prefixes = sql.val(cofog.map((c) => `${c}.`));
    queries.push(sql`select activity_id as id from map_assignment
      where (target_scheme = 'cofog' and (target_code = any(${sql.val(cofog)}::text[]) or target_code like any(select p || '%' from unnest(${prefixes}::text[]) p)))
         or (source_scheme = 'cofog' and (source_code = any(${sql.val(cofog)}::text[]) or source_code like any(select p || '%' from unnest(${prefixes}::text[]) p)))`);
  }
  if (orgRefs.length > 0) {
    queries.push(sql`select a.id from aid_participating_org x ${CURRENT} where x.ref = any(${sql.val(orgRefs)}::text[])`);
    queries.push(sql`select a.id from aid_transaction x ${CURRENT} where x.receiver_ref = any(${sql.val(orgRefs)}::text[])`);
  }
  const names = await publishedNames(em, new Set(codes(sources, 'org-name').map(orgNameKey)));
  if (names.length > 0) {
    queries.push(sql`select a.id from aid_participating_org x ${CURRENT} where x.name = any(${sql.val(names)}::text[])`);
    queries.push(sql`select a.id from aid_transaction x ${CURRENT} where x.receiver_name = any(${sql.val(names)}::text[])`);
  }
  if (activities.length > 0)
    queries.push(
      sql`select id from aid_activity where iati_identifier = any(${sql.val(activities)}::text[]) and authoritative_report_id is not null`,
    );
  if (queries.length === 0) return [];
  const rows = await select(em, sql<{ id: number }>`select distinct id from (${sql.join(queries, sql` union all `)}) affected order by id`);
  return rows.map((r) => r.id);
}

/** The names as published whose normalised form is one of `keys` (names are matched normalised). */
async function publishedNames(em: EntityManager, keys: ReadonlySet<string>): Promise<string[]> {
  if (keys.size === 0) return [];
  const rows = await select(
    em,
    sql<{ name: string }>`select distinct name from aid_participating_org where name is not null
      union select distinct receiver_name from aid_transaction where receiver_name is not null`,
  );
  return rows.map((r) => r.name).filter((name) => keys.has(orgNameKey(name)));
}
