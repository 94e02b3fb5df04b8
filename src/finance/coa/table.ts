import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { financeDb } from '../db.js';
import { configuredCountries, countryCoa, type Coa } from './load.js';

/**
 * Loads every configured chart of accounts (`mappings/coa/*`) into the finance tables, one
 * country per transaction, replacing what was there: the CSV files are the source of truth.
 */
function rows(coa: Coa) {
  const country = coa.config.country;
  const segments = [...coa.segments.values()].map((s, i) => [
    country,
    s.config.id,
    i + 1,
    s.config.kind,
    s.config.name,
    s.config.levels,
    s.config.classification ?? null,
    s.config.open ?? false,
  ]);
  const codes: unknown[][] = [];
  const ancestors: unknown[][] = [];
  for (const segment of coa.segments.values()) {
    for (const code of segment.codes.values()) {
      codes.push([
        country,
        segment.config.id,
        code.code,
        code.parent,
        code.level,
        code.name,
        code.nameEn ?? null,
        code.nameFr ?? null,
        code.nameEs ?? null,
      ]);
      for (const ancestor of coa.ancestry(segment.config.id, code.code))
        ancestors.push([country, segment.config.id, code.code, ancestor.code, ancestor.level]);
    }
  }
  return { segments, codes, ancestors };
}

export async function loadCoaTables(em: EntityManager): Promise<string[]> {
  const countries = configuredCountries();
  for (const country of countries) {
    const coa = countryCoa(country);
    const { segments, codes, ancestors } = rows(coa);
    const calendar = coa.config.fiscalYear;
    await em.transactional(async (tx) => {
      const db = financeDb(tx);
      for (const table of ['fin_coa_ancestor', 'fin_coa_code', 'fin_coa_segment', 'fin_country'] as const) {
        await db.deleteFrom(table).where('country', '=', coa.config.country).execute();
      }
      await db
        .insertInto('fin_country')
        .values({
          country: coa.config.country,
          name: coa.config.name,
          currency: coa.config.currency,
          fiscal_year_start_month: calendar.startMonth,
          fiscal_year_label: calendar.label ?? null,
          source: coa.config.source ?? null,
        })
        .execute();
      // The codes as one jsonb array each: one statement per table whatever the chart's size.
      await db
        .insertInto('fin_coa_segment')
        .columns(['country', 'segment', 'seq', 'kind', 'name', 'levels', 'classification', 'open'])
        .expression(
          sql`select r->>0, r->>1, (r->>2)::int, r->>3, r->>4, r->5, r->>6, (r->>7)::boolean from jsonb_array_elements(${JSON.stringify(segments)}::jsonb) as r`,
        )
        .execute();
      await db
        .insertInto('fin_coa_code')
        .columns(['country', 'segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es'])
        .expression(
          sql`select r->>0, r->>1, r->>2, r->>3, (r->>4)::int, r->>5, r->>6, r->>7, r->>8 from jsonb_array_elements(${JSON.stringify(codes)}::jsonb) as r`,
        )
        .execute();
      await db
        .insertInto('fin_coa_ancestor')
        .columns(['country', 'segment', 'code', 'ancestor', 'ancestor_level'])
        .expression(
          sql`select r->>0, r->>1, r->>2, r->>3, (r->>4)::int from jsonb_array_elements(${JSON.stringify(ancestors)}::jsonb) as r`,
        )
        .execute();
    });
  }
  return countries;
}
