import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Orm } from '../../src/db/orm.js';
import { requireStoredCoa } from '../../src/finance/coa/stored.js';
import { BUDGET_TABLES, BudgetWriter } from '../../src/finance/load/budget.js';
import { mappingsDir } from '../../src/paths.js';
import { rejectedAsError, type WholeFileInput } from '../../src/sync/import-whole-file.js';
import { runImport, type ImportResult } from '../../src/sync/run-import.js';
import { isRejected } from '../source.js';
import type { ColumnMap } from './column-map.js';
import { fromFiscalDataPackage } from './fdp.js';
import { loadColumnMap } from './map.js';
import { BudgetSource, type BudgetSourceOptions } from './source.js';
import type { BudgetRecord } from './types.js';

export const IFMIS_MAPS_DIR = path.join(mappingsDir, 'ifmis');

/** Lines per write: large enough to amortise a statement, small enough to keep reading and writing overlapped. */
const BATCH = 5_000;

/**
 * The column map `ref` names: a path to a column map or to a Fiscal Data Package descriptor
 * (`datapackage.json`, turned into a map), or the name of a map under `mappings/ifmis/`.
 */
export async function resolveColumnMap(ref: string, onWarning: (message: string) => void = () => undefined): Promise<ColumnMap> {
  const named = path.join(IFMIS_MAPS_DIR, `${ref}.json`);
  const file = !existsSync(ref) && !ref.includes('/') && existsSync(named) ? named : ref;
  if (/datapackage\.json$/i.test(file)) {
    const descriptor: unknown = JSON.parse(await readFile(file, 'utf8'));
    return fromFiscalDataPackage(descriptor, { onWarning });
  }
  return loadColumnMap(file);
}

/**
 * One budget export in one transaction: every line, or (on any problem) nothing. Batches are
 * written while the rest of the file is read (the database works while this process parses);
 * a problem found later rolls them back with the transaction.
 */
export function importBudgetFile(orm: Orm, input: WholeFileInput, options: BudgetSourceOptions): Promise<ImportResult> {
  const name = input.displayName ?? input.path;
  const signal = input.signal ?? new AbortController().signal;
  const run = { source: 'budget', input: name, path: input.path, signal, analyze: [...BUDGET_TABLES] };
  return runImport(orm, run, async (em, runId, counts) => {
    // The chart the database holds (loaded by `coa load` or shipped), not the example files.
    const coa = options.coa ?? (await requireStoredCoa(em, String(options.map.country ?? '')));
    const writer = new BudgetWriter(em, runId, options.map.name, name, counts, [...coa.segments.keys()]);
    let batch: BudgetRecord[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      await writing;
      writing = writer.write(batch);
      writing.catch(() => undefined); // awaited below; handled here so a failure waits for its turn
      batch = [];
    };
    const reading = { path: input.path, displayName: name, ...(input.onProgress ? { onProgress: input.onProgress } : {}) };
    try {
      for await (const item of new BudgetSource({ ...options, coa }).read(reading, signal)) {
        if (isRejected(item)) throw rejectedAsError(item);
        batch.push(item);
        if (batch.length >= BATCH) await flush();
      }
    } catch (error) {
      await writing.catch(() => undefined); // the transaction's connection must be idle before the rollback
      throw error;
    }
    await flush();
    await writing;
    await writer.finish();
  });
}
