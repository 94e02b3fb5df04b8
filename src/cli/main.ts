#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import { importHeapFlags } from './import-heap.js';
import { asksForVersion, packageVersion } from './version.js';

/**
 * The `tributary` command. An import re-runs itself under the import heap (reexec.ts) before
 * anything else is loaded, so its waiting parent costs one bare Node start and no more; every
 * other command goes straight to the program.
 */
async function main(): Promise<void> {
  // V8 keeps the compiled code of the ~700 modules a command loads on disk (the OS temp folder;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off): the next start skips compiling them.
  enableCompileCache();
  if (asksForVersion(process.argv.slice(2))) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const heapFlags = importHeapFlags(process.argv.slice(2));
  if (heapFlags) {
    const { rerunWithImportHeap } = await import('./reexec.js');
    const rerun = await rerunWithImportHeap(heapFlags);
    if (rerun !== null) {
      process.exitCode = rerun;
      return;
    }
  }
  await import('./program.js');
}

main().catch((error: unknown) => {
  process.stderr.write(`tributary: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
