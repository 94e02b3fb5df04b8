import path from 'node:path';
import { importBudgetFile, resolveColumnMap } from '../../../connectors/ifmis/import.js';
import type { Config } from '../../config.js';
import type { ImportResult } from '../../sync/run-import.js';
import { openDatabase } from '../database.js';
import { progressFor } from '../progress.js';
import { printResults } from './results.js';

export interface ImportBudgetOptions {
  /** A column map: a path, a Fiscal Data Package descriptor, or a name under mappings/ifmis/. */
  readonly map: string;
  /** A fiscal year for every line, replacing the map's. */
  readonly fy?: string;
  readonly json?: boolean;
  /** Stops the import (stopping.ts): the input being read rolls back, the rest are not started. */
  readonly signal?: AbortSignal;
}

/** `tributary import budget <file>… --map <map> [--fy <year>]`: exit code 1 when any file was rejected. */
export async function importBudget(config: Config, files: readonly string[], options: ImportBudgetOptions): Promise<number> {
  const map = await resolveColumnMap(options.map, (warning) => process.stderr.write(`${options.map}: ${warning}\n`));
  const orm = await openDatabase(config);
  try {
    const results: ImportResult[] = [];
    for (const file of files) {
      if (options.signal?.aborted) break;
      const progress = progressFor(path.basename(file), 'lines');
      const result = await importBudgetFile(
        orm,
        {
          path: file,
          // As given: an absolute path stays absolute, a relative one relative.
          displayName: file,
          onProgress: (p) => progress.update(p),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        { map, ...(options.fy ? { fiscalYear: options.fy } : {}) },
      );
      progress.stop();
      results.push(result);
    }
    return printResults(results, 'budget lines', options.json ?? false);
  } finally {
    await orm.close();
  }
}
