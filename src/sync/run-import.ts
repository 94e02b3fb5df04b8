import { sql } from 'kysely';
import type { Orm, EntityManager } from '../db/orm.js';
import { TributaryError } from '../errors.js';
import { syncDb } from './db.js';
import { emptyCounts, endRun, fileFacts, finishRun, type FileFacts, type RunCounts } from './import-runs.js';
import { claimRun } from './run-claim.js';
import type { RunOutcome } from './run-states.js';

/**
 * One import of one input, as every connector does it: the run committed as `running` first (with
 * its lock, see run-claim.ts), a transaction around the work, and the outcome written at the end —
 * `succeeded` in the same transaction as the data; `rejected`, `failed` or `interrupted` after the
 * rollback, saying why.
 */
export interface ImportResult {
  readonly runId: number;
  readonly input: string;
  readonly status: RunOutcome;
  readonly counts: RunCounts;
  readonly seconds: number;
  readonly error?: TributaryError;
}

export interface RunImportOptions {
  readonly source: string;
  readonly input: string;
  readonly path: string;
  /** Aborted when the process is asked to stop: the run then commits nothing and ends `interrupted`. */
  readonly signal?: AbortSignal;
  /** Told the run's id once the run is recorded, before its work starts. */
  readonly onStart?: (runId: number) => void;
  /**
   * The tables the work writes, ANALYZEd once it commits: the planner otherwise plans reads for
   * the tables' old sizes (plans were 5× slower on a freshly imported IATI benchmark).
   */
  readonly analyze?: readonly string[];
}

/** Statistics only speed reads up: the import has committed, so failing to gather them is not its failure. */
async function analyzeWritten(orm: Orm, tables: readonly string[] | undefined): Promise<void> {
  if (!tables?.length) return;
  const names = sql.join(tables.map((table) => sql.table(table)));
  await sql<never>`analyze ${names}`.execute(syncDb(orm.em.fork())).catch(() => undefined);
}

export function asTributaryError(error: unknown, input: string): TributaryError {
  if (error instanceof TributaryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TributaryError('INTERNAL', `import of ${input} failed: ${message}`, { file: input });
}

/** Why a stop signal was given, as the abort reason says it (a signal name, "the parent process ended"). */
function interruption(signal: AbortSignal, input: string): TributaryError {
  const why = typeof signal.reason === 'string' ? signal.reason : 'a stop signal';
  return new TributaryError('INTERRUPTED', `import of ${input} interrupted by ${why} before it finished; nothing it read was stored`);
}

/** An input refused is `rejected`; an unexpected error is the hub's, so the run `failed`. */
function outcomeOf(error: TributaryError): Exclude<RunOutcome, 'succeeded'> {
  if (error.code === 'INTERRUPTED') return 'interrupted';
  return error.code === 'INTERNAL' ? 'failed' : 'rejected';
}

export async function runImport(
  orm: Orm,
  options: RunImportOptions,
  work: (em: EntityManager, runId: number, counts: RunCounts) => Promise<void>,
): Promise<ImportResult> {
  const startedAt = performance.now();
  const run = await claimRun(orm, options.source, options.input);
  options.onStart?.(run.id);
  const hashing = new AbortController();
  const facts = fileFacts(options.path, hashing.signal).catch(() => null);
  const counts = emptyCounts();
  try {
    await orm.em.fork().transactional(async (em) => {
      await work(em, run.id, counts);
      // Work that did not watch the signal still commits nothing once it is given.
      if (options.signal?.aborted) throw interruption(options.signal, options.input);
      await finishRun(em, run.id, counts, (await facts) ?? { sha256: '', bytes: 0 }, startedAt);
    });
    await analyzeWritten(orm, options.analyze);
    return { runId: run.id, input: options.input, status: 'succeeded', counts, seconds: (performance.now() - startedAt) / 1000 };
  } catch (caught) {
    const error = options.signal?.aborted ? interruption(options.signal, options.input) : asTributaryError(caught, options.input);
    hashing.abort(); // a hostile multi-GB input is not read to its end just to log the rejection
    const file: FileFacts | null = await facts;
    const outcome = outcomeOf(error);
    await endRun(orm.em.fork(), run.id, outcome, error, startedAt, file);
    return {
      runId: run.id,
      input: options.input,
      status: outcome,
      counts: emptyCounts(),
      seconds: (performance.now() - startedAt) / 1000,
      error,
    };
  } finally {
    await run.release();
  }
}
