import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importRatesFile, type RatesFormat } from '../../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../../connectors/rates/types.js';
import type { Config } from '../../config.js';
import { openDatabase } from '../database.js';
import { printResults } from './results.js';

export interface ImportRatesOptions {
  /** A rates column map (JSON); without it the file must be the IMF monthly averages JSON. */
  readonly map?: string;
  readonly json?: boolean;
  /** Stops the import (stopping.ts): the file being read rolls back, the rest are not started. */
  readonly signal?: AbortSignal;
}

async function formatFor(file: string, options: ImportRatesOptions): Promise<RatesFormat> {
  if (options.map) return { format: 'csv', map: JSON.parse(await readFile(options.map, 'utf8')) as RatesColumnMap };
  if (file.toLowerCase().endsWith('.json')) return { format: 'imf-monthly' };
  throw new Error(`${file}: give --map <rates column map> for a CSV (see mappings/rates/)`);
}

/** `tributary import rates <file>…`: exit code 1 when any file was rejected. */
export async function importRates(config: Config, files: readonly string[], options: ImportRatesOptions): Promise<number> {
  const orm = await openDatabase(config);
  try {
    const results = [];
    for (const file of files) {
      if (options.signal?.aborted) break;
      results.push(await importRatesFile(orm, file, await formatFor(file, options), path.relative(process.cwd(), file), options.signal));
    }
    return printResults(results, 'rates', options.json ?? false);
  } finally {
    await orm.close();
  }
}
