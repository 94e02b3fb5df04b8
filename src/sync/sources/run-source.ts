import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { activitiesToApply, applyToActivities } from '../../mapping/apply/run.js';
import { asTributaryError, type ImportResult } from '../run-import.js';
import type { SourceRunState } from '../run-states.js';
import { attemptSource, retryable, type RunProgress } from './source-attempt.js';
import type { ConfiguredSource, RetryOptions } from './source-config.js';
import { tryLockSource } from './source-lock.js';
import { endSourceRun, markAttempt, markRetrying, queueRun, type RunStart, type RunTally } from './source-runs.js';

export interface SourceEnv {
  readonly orm: Orm;
  readonly config: Config;
  readonly log?: (line: string) => void;
  /** Waits out a backoff; resolves early (or rejects) when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** [0, 1): the jitter (tests fix it). */
  readonly random?: () => number;
  readonly onImportStart?: (input: string, importRunId: number) => void;
}

export type SourceRunResult =
  | {
      readonly runId: number;
      readonly status: Exclude<SourceRunState, 'queued' | 'retrying' | 'running'>;
      readonly attempts: number;
      readonly tally: RunTally;
      readonly imports: readonly ImportResult[];
      readonly error: TributaryError | null;
    }
  /** `busy`: another runner holds the source; `taken`: another scheduler already made this tick's run. */
  | { readonly skipped: 'busy' | 'taken' };

/** Exponential backoff with jitter: half the doubled delay for sure, the other half at random. */
export function backoffMs(retry: RetryOptions, attempt: number, random: () => number): number {
  const full = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return full / 2 + (random() * full) / 2;
}

function summary(progress: RunProgress): TributaryError | null {
  const [first, ...rest] = progress.refusals;
  if (!first) return null;
  const more = rest.length > 0 ? ` (and ${rest.length} more refused input(s))` : '';
  const file = first.where.file;
  const named = file && !first.message.includes(file) ? `${file}: ${first.message}` : first.message;
  return new TributaryError(first.code, `${named}${more}`, first.where);
}

/** The mapping rules re-applied to what the run changed (the stale activities), as `import iati` does. */
async function applyMappings(orm: Orm): Promise<void> {
  await orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'stale')));
}

/**
 * Runs a source now, unless another runner has it: the run recorded `queued`, then `running`
 * attempt after attempt — transient failures wait out a backoff as `retrying`, refused inputs are
 * not retried — and ended with its outcome. Every input's import is whole or not at all, so a
 * failing run leaves each input's data as its last good import left it.
 */
export async function runSource(
  env: SourceEnv,
  source: ConfiguredSource,
  start: Omit<RunStart, 'source' | 'kind'>,
  signal: AbortSignal = new AbortController().signal,
  onQueued?: (runId: number) => void,
): Promise<SourceRunResult> {
  const { orm } = env;
  const log = env.log ?? (() => undefined);
  const lock = await tryLockSource(orm, source.name);
  if (!lock) return { skipped: 'busy' };
  let workDir: string | null = null;
  try {
    const runId = await queueRun(orm, { ...start, source: source.name, kind: source.kind });
    if (runId === null) return { skipped: 'taken' };
    onQueued?.(runId);
    workDir = await mkdtemp(path.join(tmpdir(), 'tributary-source-'));
    const progress: RunProgress = {
      runId,
      tally: { inputs: 0, imported: 0, unchanged: 0, refused: 0, changedData: false },
      refusals: [],
      imports: [],
      importedInputs: new Set(),
    };
    const ctx = {
      orm,
      config: env.config,
      source,
      workDir,
      signal,
      log,
      ...(env.onImportStart ? { onImportStart: env.onImportStart } : {}),
    };
    let attempt = 0;
    let failure: TributaryError | null = null;
    for (;;) {
      attempt += 1;
      await markAttempt(orm, runId, attempt);
      try {
        await attemptSource(ctx, progress);
        failure = null;
        break;
      } catch (caught) {
        failure = signal.aborted
          ? new TributaryError('INTERRUPTED', `source ${source.name} stopped`)
          : asTributaryError(caught, source.name);
        if (failure.code === 'INTERRUPTED' || !retryable(failure) || attempt >= source.retry.attempts) break;
        const wait = backoffMs(source.retry, attempt, env.random ?? Math.random);
        log(`${source.name}: attempt ${attempt} failed (${failure.message}); retrying in ${Math.round(wait / 1000)} s`);
        await markRetrying(orm, runId, wait, failure);
        await (env.sleep ?? ((ms, s) => delay(ms, undefined, { signal: s })))(wait, signal).catch(() => undefined);
      }
    }
    if (progress.tally.changedData && !signal.aborted) await applyMappings(orm);
    const error = failure ?? summary(progress);
    const status = failure
      ? failure.code === 'INTERRUPTED'
        ? 'interrupted'
        : retryable(failure)
          ? 'failed'
          : 'rejected'
      : error
        ? 'rejected'
        : 'succeeded';
    await endSourceRun(orm, runId, status, progress.tally, error);
    return { runId, status, attempts: attempt, tally: progress.tally, imports: progress.imports, error };
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
    await lock.release();
  }
}
