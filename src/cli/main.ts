#!/usr/bin/env node
import { needsImportHeap } from './import-heap.js';

/**
 * The `tributary` command. An import re-runs itself under the import heap (reexec.ts) before
 * anything else is loaded, so its waiting parent costs one bare Node start and no more; every
 * other command goes straight to the program.
 */
async function main(): Promise<void> {
  if (needsImportHeap(process.argv.slice(2))) {
    const { rerunWithImportHeap } = await import('./reexec.js');
    const rerun = await rerunWithImportHeap();
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
