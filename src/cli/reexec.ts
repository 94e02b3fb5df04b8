import { spawn } from 'node:child_process';
import { IMPORT_NODE_FLAGS } from './import-heap.js';

/**
 * Runs this same command again in a child process with the import heap settings, unless this
 * process already has them. Resolves with the child's exit code, or null when no re-run was
 * needed (the caller then does the work itself).
 */
export async function rerunWithImportHeap(): Promise<number | null> {
  const missing = IMPORT_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
