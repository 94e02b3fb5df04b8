import { isRejected, type Progress, type Rejected, type Source } from '../../connectors/source.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { TributaryError } from '../errors.js';
import type { RunCounts } from './import-runs.js';
import { runImport, type ImportResult } from './run-import.js';

export interface WholeFileInput {
  readonly path: string;
  /** How the input is named in messages and in the import run (default: the path). */
  readonly displayName?: string;
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the import: it rolls back and its run ends `interrupted`. */
  readonly signal?: AbortSignal;
}

/** Whole-file sources never reject one record; if one does, the file is still refused whole. */
export function rejectedAsError(item: Rejected): TributaryError {
  return new TributaryError('BAD_USER_INPUT', `${item.file} line ${item.line}, ${item.field}: ${item.reason}`, {
    file: item.file,
    line: item.line,
    field: item.field,
  });
}

/**
 * Imports an input that loads whole or not at all (a budget export, a debt file): the source
 * reads and checks all of it, throwing every problem at once, and `load` writes the records in
 * the import's one transaction.
 */
export function importWholeFile<R>(
  orm: Orm,
  source: Source<R>,
  input: WholeFileInput,
  load: (em: EntityManager, runId: number, records: readonly R[], counts: RunCounts) => Promise<void>,
): Promise<ImportResult> {
  const name = input.displayName ?? input.path;
  const signal = input.signal ?? new AbortController().signal;
  return runImport(orm, { source: source.name, input: name, path: input.path, signal }, async (em, runId, counts) => {
    const records: R[] = [];
    const reading = { path: input.path, displayName: name, ...(input.onProgress ? { onProgress: input.onProgress } : {}) };
    for await (const item of source.read(reading, signal)) {
      if (isRejected(item)) throw rejectedAsError(item);
      records.push(item);
    }
    await load(em, runId, records, counts);
  });
}
