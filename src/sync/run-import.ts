import type { Orm, EntityManager } from '../db/orm.js';
import { TributaryError } from '../errors.js';
import { emptyCounts, fileFacts, finishRun, recordRejectedRun, startRun, type FileFacts, type RunCounts } from './import-runs.js';

/**
 * One import of one input, as every connector does it: a transaction around the work, the run
 * logged with its counts, and on failure a rollback followed by a `rejected` run that says why.
 */
export interface ImportResult {
  readonly runId: number;
  readonly input: string;
  readonly status: 'succeeded' | 'rejected';
  readonly counts: RunCounts;
  readonly seconds: number;
  readonly error?: TributaryError;
}

export function asTributaryError(error: unknown, input: string): TributaryError {
  if (error instanceof TributaryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TributaryError('INTERNAL', `import of ${input} failed: ${message}`, { file: input });
}

export async function runImport(
  orm: Orm,
  options: { readonly source: string; readonly input: string; readonly path: string },
  work: (em: EntityManager, runId: number, counts: RunCounts) => Promise<void>,
): Promise<ImportResult> {
  const startedAt = performance.now();
  const hashing = new AbortController();
  const facts = fileFacts(options.path, hashing.signal).catch(() => null);
  const counts = emptyCounts();
  try {
    const runId = await orm.em.fork().transactional(async (em) => {
      const id = await startRun(em, options.source, options.input);
      await work(em, id, counts);
      await finishRun(em, id, counts, (await facts) ?? { sha256: '', bytes: 0 }, startedAt);
      return id;
    });
    return { runId, input: options.input, status: 'succeeded', counts, seconds: (performance.now() - startedAt) / 1000 };
  } catch (caught) {
    const error = asTributaryError(caught, options.input);
    hashing.abort(); // a hostile multi-GB input is not read to its end just to log the rejection
    const file: FileFacts | null = await facts;
    const runId = await recordRejectedRun(orm.em.fork(), options.source, options.input, error, startedAt, file);
    return {
      runId,
      input: options.input,
      status: 'rejected',
      counts: emptyCounts(),
      seconds: (performance.now() - startedAt) / 1000,
      error,
    };
  }
}
