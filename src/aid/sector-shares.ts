import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';

const textArray = (values: readonly string[]) => sql<string[]>`${sql.val([...values])}::text[]`;

/** An activity's weight in one DAC sector category (3 digits), as its authoritative report gives it. */
export interface SectorShare {
  readonly iatiIdentifier: string;
  readonly category: string;
  /** The report's percentages summed over the category's purpose codes; null when none is published. */
  readonly percentage: string | null;
}

/**
 * The DAC sector categories of these activities (activity-level sectors of their authoritative
 * report): a 5-digit purpose code (vocabulary 1) counts for its category, a category (vocabulary
 * 2) as itself. Where a report uses both vocabularies, each sums to 100 % on its own (IATI's
 * rule), so only purpose codes are read; categories only where there are no purpose codes.
 */
export async function dacCategoryShares(em: EntityManager, iatiIdentifiers: readonly string[]): Promise<SectorShare[]> {
  if (iatiIdentifiers.length === 0) return [];
  const rows = await aidDb(em)
    .selectFrom('aid_sector as s')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 's.report_id')
    .select([
      'a.iati_identifier as iatiIdentifier',
      's.vocabulary',
      sql<string>`case when s.vocabulary = '1' then left(s.code, 3) else s.code end`.as('category'),
      sql<string | null>`sum(s.percentage)::text`.as('percentage'),
    ])
    .where('s.transaction_id', 'is', null)
    .where('s.vocabulary', 'in', ['1', '2'])
    .where((eb) => eb('a.iati_identifier', '=', eb.fn.any(textArray(iatiIdentifiers))))
    .groupBy(['a.iati_identifier', 's.vocabulary', sql`3`])
    .orderBy('a.iati_identifier')
    .orderBy(sql`3`)
    .execute();
  const withPurposeCodes = new Set(rows.filter((r) => r.vocabulary === '1').map((r) => r.iatiIdentifier));
  return rows
    .filter((r) => r.vocabulary === '1' || !withPurposeCodes.has(r.iatiIdentifier))
    .map(({ iatiIdentifier, category, percentage }) => ({ iatiIdentifier, category, percentage }));
}
