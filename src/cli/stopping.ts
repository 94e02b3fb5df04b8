import { constants } from 'node:os';

/**
 * How an import command is asked to stop: SIGTERM, SIGINT or SIGHUP, or — in the child that
 * re-runs an import under the import heap (reexec.ts) — its parent going away, which closes
 * their IPC channel even when the parent was SIGKILLed. Any of these aborts the signal
 * `stopOnSignals` returns: the import rolls back, its run ends `interrupted`, and the command
 * exits 128 + the signal's number (129, as for a hangup, when the parent went away).
 */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * Work that has not stopped this long after the signal is ended by exiting: the database rolls
 * back a transaction whose connection closes, and the next start marks the run interrupted.
 */
export const STOP_GRACE_MS = 10_000;

let stopping: { readonly controller: AbortController; code: number } | null = null;

export function stopOnSignals(): AbortSignal {
  if (stopping) return stopping.controller.signal;
  const state = { controller: new AbortController(), code: 0 };
  stopping = state;
  const stop = (reason: string, code: number): void => {
    if (state.controller.signal.aborted) return; // a terminal's Ctrl-C reaches both parent and child
    state.code = code;
    process.stderr.write(`stopping: ${reason}\n`);
    state.controller.abort(reason);
    setTimeout(() => {
      process.stderr.write(`still running ${STOP_GRACE_MS / 1000} s after ${reason}: exiting\n`);
      process.exit(code);
    }, STOP_GRACE_MS).unref();
  };
  for (const name of STOP_SIGNALS) process.on(name, () => stop(name, 128 + constants.signals[name]));
  if (process.channel) {
    process.channel.unref(); // the channel only watches the parent; it must not keep this process alive
    process.once('disconnect', () => stop('the end of its parent process', 128 + constants.signals.SIGHUP));
  }
  return state.controller.signal;
}

/** The exit code a stop asks for, or null when no stop was asked. */
export function stopExitCode(): number | null {
  return stopping?.controller.signal.aborted ? stopping.code : null;
}
