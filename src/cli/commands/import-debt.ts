import path from 'node:path';
import { readColumnMap } from '../../../connectors/debt/column-map-check.js';
import { importDebtFile } from '../../../connectors/debt/import.js';
import type { Config } from '../../config.js';
import type { ImportResult } from '../../sync/run-import.js';
import { openDatabase } from '../database.js';
import { progressFor } from '../progress.js';
import { printResults } from './results.js';

export interface ImportDebtOptions {
  /** A loan column map (mappings/debt/*.json) for loan-level CSVs; a DMFAS export needs none. */
  readonly map?: string;
  readonly json?: boolean;
  /** Stops the import (stopping.ts): the input being read rolls back, the rest are not started. */
  readonly signal?: AbortSignal;
}

/** `tributary import debt <csv | DMFAS folder | DMFAS zip>…`: exit code 1 when any input was rejected. */
export async function importDebt(config: Config, inputs: readonly string[], options: ImportDebtOptions): Promise<number> {
  const map = options.map ? await readColumnMap(options.map) : undefined;
  const orm = await openDatabase(config);
  try {
    const results: ImportResult[] = [];
    for (const input of inputs) {
      if (options.signal?.aborted) break;
      const progress = progressFor(path.basename(input), 'loans');
      const result = await importDebtFile(
        orm,
        {
          path: input,
          displayName: path.relative(process.cwd(), input) || input,
          onProgress: (p) => progress.update(p),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        map ? { map } : {},
      );
      progress.stop();
      results.push(result);
    }
    return printResults(results, 'loans', options.json ?? false);
  } finally {
    await orm.close();
  }
}
