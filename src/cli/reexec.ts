import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { STOP_SIGNALS } from './stopping.js';

/**
 * Runs this same command again in a child process with the import heap settings, unless this
 * process already has them. Resolves with the child's exit code, or null when no re-run was
 * needed (the caller then does the work itself).
 *
 * The parent only waits: a stop signal it gets is passed on to the child, and the IPC channel
 * between them closes if the parent dies (even by SIGKILL), which the child takes as a stop
 * (stopping.ts) — so no child goes on to commit an import nobody is waiting for.
 */
export async function rerunWithImportHeap(flags: readonly string[]): Promise<number | null> {
  const missing = flags.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const name of STOP_SIGNALS) process.off(name, forward);
      resolve(code ?? (signal ? 128 + constants.signals[signal] : 0));
    });
  });
}
