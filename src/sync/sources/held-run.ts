import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { activitiesToApply, applyToActivities } from '../../mapping/apply/run.js';
import { stateChange } from '../notify/notice.js';
import type { Notifier } from '../notify/notifier.js';
import { asTributaryError, type ImportResult } from '../run-import.js';
import type { SourceRunState } from '../run-states.js';
import { inSourceRun } from '../source-run-scope.js';
import { publicReason } from './public-reason.js';
import { attemptSource, retryable, type RunProgress } from './source-attempt.js';
import type { ConfiguredSource, RetryOptions } from './source-config.js';
import { endSourceRun, markAttempt, markRetrying, previousOutcome, type RunTally } from './source-runs.js';

export interface SourceEnv {
  readonly orm: Orm;
  readonly config: Config;
  readonly log?: (line: string) => void;
  /** Waits out a backoff; resolves early (or rejects) when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** [0, 1): the jitter (tests fix it). */
  readonly random?: () => number;
  readonly onImportStart?: (input: string, importRunId: number) => void;
  /** Told when a source turns failing or recovers (the sources file's `notify`). */
  readonly notifier?: Notifier | null;
}

export interface EndedRun {
  readonly runId: number;
  readonly status: Exclude<SourceRunState, 'queued' | 'retrying' | 'running'>;
  readonly attempts: number;
  readonly tally: RunTally;
  readonly imports: readonly ImportResult[];
  readonly error: TributaryError | null;
}

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

function statusOf(failure: TributaryError | null, error: TributaryError | null): EndedRun['status'] {
  if (failure) return failure.code === 'INTERRUPTED' ? 'interrupted' : retryable(failure) ? 'failed' : 'rejected';
  return error ? 'rejected' : 'succeeded';
}

/**
 * Tells the notifier when this run changed the source's health. Called while the source's lock is
 * held, so the run before it is settled and one change makes one notice, however many processes
 * run the source. A notifier's trouble is logged, never the run's.
 */
async function tellStateChange(env: SourceEnv, source: ConfiguredSource, trigger: string, run: EndedRun): Promise<void> {
  if (!env.notifier) return;
  try {
    const state = stateChange(await previousOutcome(env.orm, source.name, run.runId), run.status);
    if (!state) return;
    const reason =
      state === 'failing' && run.error
        ? { code: run.error.code, message: publicReason({ source: source.name, kind: source.kind }, run.error.message) }
        : null;
    env.notifier.notify({
      source: source.name,
      kind: source.kind,
      state,
      run: { id: run.runId, status: run.status, trigger, attempts: run.attempts },
      reason,
      at: new Date().toISOString(),
    });
  } catch (error) {
    env.log?.(`${source.name}: could not decide whether to notify: ${(error as Error).message}`);
  }
}

/**
 * Runs a queued source run while the caller holds the source's lock: `running` attempt after
 * attempt — transient failures wait out a backoff as `retrying`, refused inputs are not retried —
 * then ended with its outcome. Every input's import is whole or not at all (and records this run
 * as its source run from its first row), so a failing run leaves each input's data as its last
 * good import left it.
 */
export async function runHeld(
  env: SourceEnv,
  source: ConfiguredSource,
  runId: number,
  trigger: string,
  signal: AbortSignal,
): Promise<EndedRun> {
  const { orm } = env;
  const log = env.log ?? (() => undefined);
  const workDir = await mkdtemp(path.join(tmpdir(), 'tributary-source-'));
  try {
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
        await inSourceRun(runId, () => attemptSource(ctx, progress));
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
    const ended: EndedRun = {
      runId,
      status: statusOf(failure, error),
      attempts: attempt,
      tally: progress.tally,
      imports: progress.imports,
      error,
    };
    await endSourceRun(orm, runId, ended.status, progress.tally, error);
    await tellStateChange(env, source, trigger, ended);
    return ended;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
