import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { financeDb } from './db.js';

/**
 * What other domains (the mapping engine) read of finance's countries and charts of accounts,
 * through finance's own builder. `coaCodeNames` is a query for the caller to join in its own
 * statement (names of the codes its rows point at).
 */

/** The segments of every national chart, each chart in its order. */
export function coaSegments(em: EntityManager) {
  return financeDb(em)
    .selectFrom('fin_coa_segment')
    .select(['country', 'segment', 'kind', 'classification', 'open'])
    .orderBy('country')
    .orderBy('seq')
    .execute();
}

/** Every code of every national chart (country, segment, code, and whether a later version retired it). */
export function coaCodes(em: EntityManager) {
  return financeDb(em).selectFrom('fin_coa_code').select(['country', 'segment', 'code', 'retired']).execute();
}

/** Every chart code with its name: a query for the caller to join (country, segment, code, name). */
export function coaCodeNames(em: EntityManager) {
  return financeDb(em).selectFrom('fin_coa_code').select(['country', 'segment', 'code', 'name']);
}

/** The country's administrative segment (the first if it has several), or null. */
export async function administrativeSegment(em: EntityManager, country: string): Promise<string | null> {
  const row = await financeDb(em)
    .selectFrom('fin_coa_segment')
    .select('segment')
    .where('country', '=', country)
    .where('kind', '=', 'administrative')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row?.segment ?? null;
}

/** The votes of a country (the top level of its administrative segments): a query for the caller to join. */
export function administrativeVotes(em: EntityManager, country: string) {
  return financeDb(em)
    .selectFrom('fin_coa_code as c')
    .innerJoin('fin_coa_segment as s', (join) => join.onRef('s.country', '=', 'c.country').onRef('s.segment', '=', 'c.segment'))
    .select(['c.country', 'c.code', 'c.name'])
    .where('s.kind', '=', 'administrative')
    .where('c.level', '=', 1)
    .where('c.country', '=', country);
}

/** The month each of these countries' fiscal year starts (countries finance does not know are left out). */
export function fiscalStartMonths(em: EntityManager, countries: readonly string[]) {
  return financeDb(em)
    .selectFrom('fin_country')
    .select(['country', 'fiscal_year_start_month as month'])
    .where((eb) => eb('country', '=', eb.fn.any(sql<string[]>`${sql.val([...countries])}::text[]`)))
    .execute();
}

/**
 * The codes of a segment at or below any of `codes` (a vote and its cost centres): a query of
 * `code` for the caller to embed.
 */
export function coaCodesUnder(em: EntityManager, country: string, segment: string, codes: readonly string[]) {
  return financeDb(em)
    .selectFrom('fin_coa_ancestor')
    .select('code')
    .where('country', '=', country)
    .where('segment', '=', segment)
    .where((eb) => eb('ancestor', '=', eb.fn.any(sql<string[]>`${sql.val([...codes])}::text[]`)));
}

/** Every code of a segment with its ancestor at each level (itself included): a query for the caller to join. */
export function coaAncestry(em: EntityManager, country: string, segment: string) {
  return financeDb(em)
    .selectFrom('fin_coa_ancestor as x')
    .innerJoin('fin_coa_code as c', (join) =>
      join.onRef('c.country', '=', 'x.country').onRef('c.segment', '=', 'x.segment').onRef('c.code', '=', 'x.ancestor'),
    )
    .select(['x.code', 'x.ancestor', 'x.ancestor_level as level', 'c.name'])
    .where('x.country', '=', country)
    .where('x.segment', '=', segment);
}

/**
 * For chart-code keys `country|segment|code`, every code at or below each (itself included, listed
 * or not: an open segment's codes are not all listed, and a reference to one still names it): a
 * query of (key, country, segment, code) for the caller to join — how another domain finds what
 * it holds under a code of the chart (the programmes a budget code funds).
 */
export function coaCodesUnderKeys(em: EntityManager, keys: readonly string[]) {
  const db = financeDb(em);
  const key = sql<string>`x.country || '|' || x.segment || '|' || x.ancestor`;
  const listed = db
    .selectFrom('fin_coa_ancestor as x')
    .select([key.as('key'), 'x.country', 'x.segment', 'x.code'])
    .where(key, '=', sql<string>`any(${sql.val([...keys])}::text[])`);
  const asked = db.selectNoFrom(sql<string>`unnest(${sql.val([...keys])}::text[])`.as('key')).as('k');
  const themselves = db.selectFrom(asked).select([
    'k.key',
    sql<string>`split_part(k.key, '|', 1)`.as('country'),
    sql<string>`split_part(k.key, '|', 2)`.as('segment'),
    // Everything after the second bar: a code may itself hold one.
    sql<string>`substring(k.key from '^[^|]*[|][^|]*[|](.*)$')`.as('code'),
  ]);
  return listed.union(themselves);
}
