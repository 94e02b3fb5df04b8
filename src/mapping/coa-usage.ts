import type { EntityManager } from '../db/orm.js';
import { mappingDb } from './db.js';

/**
 * What finance asks the mapping domain before a new version of a chart of accounts drops codes:
 * which of them active rules still map to (retired rules keep their history, not a claim).
 */
export interface CoaCodeUse {
  readonly segment: string;
  readonly code: string;
  readonly rules: number;
}

export async function rulesTargetingCoaCodes(
  em: EntityManager,
  country: string,
  codes: readonly { readonly segment: string; readonly code: string }[],
): Promise<CoaCodeUse[]> {
  if (codes.length === 0) return [];
  const schemes = [...new Set(codes.map((c) => `coa:${c.segment}`))];
  const wanted = new Set(codes.map((c) => `coa:${c.segment}|${c.code}`));
  const rows = await mappingDb(em)
    .selectFrom('map_rule')
    .select(['target_scheme', 'target_code', (eb) => eb.fn.countAll<number>().as('rules')])
    .where('country', '=', country)
    .where('status', '=', 'active')
    .where('target_scheme', 'in', schemes)
    .where(
      'target_code',
      'in',
      codes.map((c) => c.code),
    )
    .groupBy(['target_scheme', 'target_code'])
    .execute();
  return rows
    .filter((row) => wanted.has(`${row.target_scheme}|${row.target_code}`))
    .map((row) => ({ segment: row.target_scheme.slice('coa:'.length), code: row.target_code, rules: Number(row.rules) }));
}
