import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The source run the current work belongs to. A source run's imports go through five connectors'
 * import functions to one claimRun; rather than threading the id through each of them, the run
 * sets it here and claimRun records it in the import run's first row — so an import run whose
 * process is killed mid-file is still linked to its source run.
 */
const scope = new AsyncLocalStorage<number>();

export function inSourceRun<T>(sourceRunId: number, work: () => Promise<T>): Promise<T> {
  return scope.run(sourceRunId, work);
}

/** The source run whose work this is, or null outside one (a command-line import). */
export function currentSourceRun(): number | null {
  return scope.getStore() ?? null;
}
