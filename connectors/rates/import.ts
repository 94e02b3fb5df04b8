import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { kysely, type Orm } from '../../src/db/orm.js';
import { runImport, type ImportResult } from '../../src/sync/run-import.js';
import { parseImfMonthly } from './imf-monthly.js';
import { parseRatesCsv } from './csv-rates.js';
import type { RateRecord, RatesColumnMap } from './types.js';

/**
 * Imports one rates file in one transaction: IMF monthly averages (JSON, `imf-monthly`) or a CSV
 * read through a column map. A rate already held is updated only if it changed.
 */
export type RatesFormat = { readonly format: 'imf-monthly' } | { readonly format: 'csv'; readonly map: RatesColumnMap };

export function parseRates(text: string, file: string, format: RatesFormat): RateRecord[] {
  return format.format === 'imf-monthly' ? parseImfMonthly(text, file) : parseRatesCsv(text, file, format.map);
}

export async function importRatesFile(
  orm: Orm,
  path: string,
  format: RatesFormat,
  displayName?: string,
  signal?: AbortSignal,
): Promise<ImportResult> {
  const input = displayName ?? path;
  return runImport(orm, { source: 'rates', input, path, ...(signal ? { signal } : {}) }, async (em, runId, counts) => {
    const records = parseRates(await readFile(path, 'utf8'), input, format);
    counts.seen = records.length;
    const rows = JSON.stringify(records.map((r) => [r.source, r.currency, r.quote, r.period, r.date, r.rate]));
    const { rows: result } = await sql<{ loaded: number; updated: number }>`
      with upserted as (
        insert into fin_exchange_rate (source, currency, quote, period, date, rate, import_run_id)
        select r->>0, r->>1, r->>2, r->>3, (r->>4)::date, (r->>5)::numeric, ${runId} from jsonb_array_elements(${rows}::jsonb) as r
        on conflict (source, currency, quote, period, date) do update set rate = excluded.rate, import_run_id = excluded.import_run_id
          where fin_exchange_rate.rate <> excluded.rate
        returning (xmax = 0) as inserted)
      select count(*) filter (where inserted)::int as loaded, count(*) filter (where not inserted)::int as updated from upserted`.execute(
      kysely(em),
    );
    counts.loaded = result[0]?.loaded ?? 0;
    counts.updated = result[0]?.updated ?? 0;
    counts.unchanged = records.length - counts.loaded - counts.updated;
  });
}
