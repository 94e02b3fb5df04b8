import type { Orm } from '../../src/db/orm.js';
import { loadRates } from '../../src/finance/load/rates.js';
import { importWholeFile } from '../../src/sync/import-whole-file.js';
import type { ImportResult } from '../../src/sync/run-import.js';
import { RatesSource, type RatesFormat } from './source.js';

export { parseRates, type RatesFormat } from './source.js';

/**
 * Imports one rates file in one transaction, through `RatesSource`. A rate already held is
 * updated only if it changed.
 */
export function importRatesFile(
  orm: Orm,
  path: string,
  format: RatesFormat,
  displayName?: string,
  signal?: AbortSignal,
): Promise<ImportResult> {
  return importWholeFile(
    orm,
    new RatesSource(format),
    { path, ...(displayName ? { displayName } : {}), ...(signal ? { signal } : {}) },
    loadRates,
  );
}
