import type { EntityManager } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { financeDb } from '../db.js';
import { Coa, type Segment } from './coa.js';
import type { ClassificationId, CoaCode, SegmentKind } from './types.js';

/**
 * The chart of accounts of `country` as the database holds it (loaded by `coa load` or from the
 * shipped examples): what budget imports check their codes against. Retired codes are left out,
 * so no new budget line can use one. Null when the country has no chart.
 */
export async function storedCoa(em: EntityManager, country: string): Promise<Coa | null> {
  const db = financeDb(em);
  const code = country.toUpperCase();
  const head = await db.selectFrom('fin_country').selectAll().where('country', '=', code).executeTakeFirst();
  if (!head) return null;
  const segmentRows = await db.selectFrom('fin_coa_segment').selectAll().where('country', '=', code).orderBy('seq').execute();
  const codeRows = await db
    .selectFrom('fin_coa_code')
    .select(['segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias', 'cofog'])
    .where('country', '=', code)
    .where('retired', '=', false)
    .execute();
  const segments = new Map<string, Segment & { codes: Map<string, CoaCode>; aliases: Map<string, string> }>();
  const configs = segmentRows.map((s) => ({
    id: s.segment,
    kind: s.kind as SegmentKind,
    name: s.name,
    levels: s.levels,
    ...(s.classification ? { classification: s.classification as ClassificationId } : {}),
    ...(s.open ? { open: true } : {}),
  }));
  for (const config of configs) segments.set(config.id, { config, codes: new Map(), aliases: new Map() });
  for (const row of codeRows) {
    const segment = segments.get(row.segment);
    if (!segment) continue;
    const { name_en: nameEn, name_fr: nameFr, name_es: nameEs, segment: _segment, ...rest } = row;
    segment.codes.set(row.code, { ...rest, nameEn, nameFr, nameEs });
    if (row.alias) segment.aliases.set(row.alias, row.code);
  }
  const calendar = { startMonth: head.fiscal_year_start_month, ...(head.fiscal_year_label ? { label: head.fiscal_year_label } : {}) };
  return new Coa(
    {
      country: head.country,
      name: head.name,
      currency: head.currency,
      fiscalYear: calendar,
      segments: configs,
      ...(head.source ? { source: head.source } : {}),
    },
    segments,
  );
}

/** `storedCoa`, or a plain refusal naming the country and how to give it a chart. */
export async function requireStoredCoa(em: EntityManager, country: string): Promise<Coa> {
  const coa = await storedCoa(em, country);
  if (coa) return coa;
  throw new TributaryError(
    'BAD_USER_INPUT',
    `${country.toUpperCase()} has no chart of accounts in the hub: load one first with \`tributary coa load <folder | workbook.xlsx>\``,
    { field: 'country' },
  );
}
