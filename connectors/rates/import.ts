import { readFile } from 'node:fs/promises';
import type { Orm } from '../../src/db/orm.js';
import { loadRates } from '../../src/finance/load/rates.js';
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
    await loadRates(em, runId, records, counts);
  });
}
