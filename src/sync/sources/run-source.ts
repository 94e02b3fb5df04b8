import { type EndedRun, runHeld, type SourceEnv } from './held-run.js';
import type { ConfiguredSource } from './source-config.js';
import { tryLockSource } from './source-lock.js';
import { nextQueuedRun, queueManualRun } from './source-queue.js';
import { queueRun, type RunStart } from './source-runs.js';

export { backoffMs, type EndedRun, type SourceEnv } from './held-run.js';

export type SourceRunResult =
  | EndedRun
  /** `busy`: a scheduled tick while another runner holds the source; `taken`: another scheduler already made this tick's run. */
  | { readonly skipped: 'busy' | 'taken' }
  /** Started by hand while another runner holds the source: the follow-up run, queued to run when that one ends. */
  | { readonly queued: number };

export const describeRun = (name: string, run: EndedRun) =>
  `${name}: run ${run.runId} ${run.status}${run.error ? `: ${run.error.message}` : ''}`;

/** Runs the source's waiting manual runs one after the other while the caller holds the source's lock. */
async function runWaiting(env: SourceEnv, source: ConfiguredSource, signal: AbortSignal, ran: EndedRun[]): Promise<void> {
  for (let runId = await nextQueuedRun(env.orm, source.name); runId !== null && !signal.aborted;) {
    env.log?.(`${source.name}: starting queued source run ${runId}`);
    const ended = await runHeld(env, source, runId, 'manual', signal);
    env.log?.(describeRun(source.name, ended));
    ran.push(ended);
    runId = await nextQueuedRun(env.orm, source.name);
  }
}

/**
 * Runs the source's waiting manual runs for as long as this process can take the source's lock
 * (when it cannot, the holder runs them once its own run ends).
 */
export async function runQueued(env: SourceEnv, source: ConfiguredSource, signal: AbortSignal): Promise<EndedRun[]> {
  const ran: EndedRun[] = [];
  while (!signal.aborted && (await nextQueuedRun(env.orm, source.name)) !== null) {
    const lock = await tryLockSource(env.orm, source.name);
    if (!lock) break;
    try {
      await runWaiting(env, source, signal, ran);
    } finally {
      await lock.release();
    }
  }
  return ran;
}

/**
 * Runs a source now under its lock (see runHeld), then the manual runs queued meanwhile. When
 * another runner holds the source, a scheduled tick is skipped, and a start by hand queues one
 * follow-up run instead (or is answered with the one already waiting), run when that runner ends.
 * `onQueued` is told the run's id as soon as it is recorded.
 */
export async function runSource(
  env: SourceEnv,
  source: ConfiguredSource,
  start: Omit<RunStart, 'source' | 'kind'>,
  signal: AbortSignal = new AbortController().signal,
  onQueued?: (runId: number) => void,
): Promise<SourceRunResult> {
  const { orm } = env;
  const row = { ...start, source: source.name, kind: source.kind };
  const lock = await tryLockSource(orm, source.name);
  if (!lock) {
    if (start.trigger !== 'manual') return { skipped: 'busy' };
    const queued = await queueManualRun(orm, row);
    onQueued?.(queued);
    // The holder may have looked for waiting runs just before this one was queued, and let go since: then it is run here.
    const ran = await runQueued(env, source, signal);
    return ran.find((run) => run.runId === queued) ?? { queued };
  }
  let result: SourceRunResult;
  try {
    const runId = start.trigger === 'manual' ? await queueManualRun(orm, row, true) : await queueRun(orm, row);
    if (runId !== null) onQueued?.(runId);
    result = runId === null ? { skipped: 'taken' } : await runHeld(env, source, runId, start.trigger, signal);
    // Follow-ups queued meanwhile run before the lock is let go: a queued run is never left without a holder,
    // where a starting process's sweep would take it for one abandoned.
    await runWaiting(env, source, signal, []);
  } finally {
    await lock.release();
  }
  // One queued in the moment between the last look and letting go.
  await runQueued(env, source, signal);
  return result;
}
