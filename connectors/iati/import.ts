import type { ImportLimits } from '../../src/config.js';
import type { Orm } from '../../src/db/orm.js';
import { describeWhere, type TributaryError } from '../../src/errors.js';
import { runImport, type ImportResult } from '../../src/sync/run-import.js';
import { isRejected, type Progress, type Rejected } from '../source.js';
import { IatiSource } from './source.js';
import { IMPORT_TABLES, writeReports } from '../../src/aid/load/index.js';
import { quarantine } from '../../src/sync/quarantine.js';
import type { PreparedActivity } from './prepare.js';

export type { ImportResult };

export interface IatiImportOptions {
  readonly limits: ImportLimits;
  /** Parser threads (0: parse on this thread). */
  readonly workers: number;
  /** How the file is named in messages and in the run log (defaults to the path). */
  readonly displayName?: string;
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the import: it rolls back and its run ends `interrupted`. */
  readonly signal?: AbortSignal;
  readonly onStart?: (runId: number) => void;
  readonly batchSize?: number;
}

/**
 * Imports one IATI activity file in one transaction: valid activities load, invalid ones are
 * quarantined with their reasons, and a file that cannot be read as a whole leaves the data
 * exactly as it was (the rejected run is logged afterwards).
 */
export async function importIatiFile(orm: Orm, path: string, options: IatiImportOptions): Promise<ImportResult> {
  const input = options.displayName ?? path;
  const signal = options.signal ?? new AbortController().signal;
  const batchSize = options.batchSize ?? 250;
  const source = new IatiSource({ limits: options.limits, workers: options.workers });
  const run = { source: 'iati', input, path, signal, analyze: IMPORT_TABLES, ...(options.onStart ? { onStart: options.onStart } : {}) };
  return runImport(orm, run, async (em, runId, counts) => {
    let batch: PreparedActivity[] = [];
    let rejected: Rejected[] = [];
    let pending: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const [activities, rejects] = [batch, rejected];
      batch = [];
      rejected = [];
      await pending;
      pending = (async () => {
        const c = await writeReports(em, runId, activities);
        counts.loaded += c.loaded;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
        counts.stale += c.stale;
        await quarantine(em, runId, rejects);
      })();
      // Parsing continues while this batch is written; the error, if any, surfaces at the next await.
      pending.catch(() => undefined);
    };
    try {
      for await (const item of source.read({ path, displayName: input, onProgress: options.onProgress }, signal)) {
        counts.seen += 1;
        if (isRejected(item)) {
          counts.quarantined += 1;
          rejected.push(item);
        } else {
          batch.push(item);
        }
        if (batch.length + rejected.length >= batchSize) await flush();
      }
      await flush();
      await pending;
    } catch (error) {
      // A batch may still be writing: let it finish inside this transaction, or its statements
      // would run after the rollback, outside any transaction, and stay in the database.
      await pending.catch(() => undefined);
      throw error;
    }
  });
}

/** "file, line 4, column 2: message" for the command line. */
export function describeRejection(error: TributaryError): string {
  const where = describeWhere(error.where);
  return where ? `${where}: ${error.message}` : error.message;
}
