import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeRejection, importIatiFile, type ImportResult } from '../../../connectors/iati/import.js';
import { activitiesToApply, applyToActivities } from '../../mapping/apply/run.js';
import type { Config } from '../../config.js';
import { openDatabase } from '../database.js';
import { progressFor } from '../progress.js';

export interface ImportIatiOptions {
  readonly workers?: number;
  readonly json?: boolean;
  /** Stops the import (stopping.ts): the file being read rolls back, the rest are not started. */
  readonly signal?: AbortSignal;
}

/** Files named, and `.xml` / `.xml.gz` files found (recursively, sorted) in folders named. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new Error(`${input}: no such file or folder`);
    if (!info.isDirectory()) {
      files.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    files.push(
      ...entries
        .filter((e) => e.isFile() && /\.xml(\.gz)?$/i.test(e.name))
        .map((e) => path.join(e.parentPath, e.name))
        .sort(),
    );
  }
  return files;
}

function summaryLine(result: ImportResult): string {
  if (result.status === 'interrupted') return `${result.input}: INTERRUPTED: ${result.error?.message} (run ${result.runId})`;
  if (result.status !== 'succeeded' && result.error)
    return `${result.input}: ${result.status.toUpperCase()} ${result.error.code}: ${describeRejection(result.error)} (run ${result.runId}, nothing stored)`;
  const c = result.counts;
  return `${result.input}: ${c.loaded} loaded, ${c.updated} updated, ${c.unchanged} unchanged, ${c.stale} stale, ${c.quarantined} quarantined of ${c.seen} activities in ${result.seconds.toFixed(1)} s (run ${result.runId})`;
}

/** `tributary import iati <file or folder>…`: exit code 1 when any file was rejected. */
export async function importIati(config: Config, inputs: readonly string[], options: ImportIatiOptions): Promise<number> {
  const files = await expandInputs(inputs);
  if (files.length === 0) {
    process.stderr.write('no .xml or .xml.gz files found\n');
    return 2;
  }
  const orm = await openDatabase(config);
  const results: ImportResult[] = [];
  try {
    for (const file of files) {
      if (options.signal?.aborted) break;
      const progress = progressFor(path.basename(file));
      const result = await importIatiFile(orm, file, {
        limits: config.importLimits,
        workers: options.workers ?? config.importWorkers,
        onProgress: (p) => progress.update(p),
        onStart: (runId) => process.stderr.write(`${file}: import run ${runId} started\n`),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      progress.stop();
      results.push(result);
      if (!options.json) process.stdout.write(`${summaryLine(result)}\n`);
    }
    // What the imports changed gets its classification and alignment at once (the rules apply to it).
    if (!options.signal?.aborted) {
      const applied = await orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'stale')));
      if (!options.json && applied.activities > 0) process.stdout.write(`mappings applied to ${applied.activities} changed activities\n`);
    }
  } finally {
    await orm.close();
  }
  const rejected = results.filter((r) => r.status === 'rejected');
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        results.map((r) => ({ ...r, error: r.error ? { code: r.error.code, message: r.error.message, ...r.error.where } : undefined })),
        null,
        2,
      )}\n`,
    );
  } else if (files.length > 1) {
    const total = results.reduce(
      (sum, r) => ({
        loaded: sum.loaded + r.counts.loaded,
        quarantined: sum.quarantined + r.counts.quarantined,
        seconds: sum.seconds + r.seconds,
      }),
      { loaded: 0, quarantined: 0, seconds: 0 },
    );
    process.stdout.write(
      `${files.length} files: ${total.loaded} activities loaded, ${total.quarantined} quarantined, ${rejected.length} files rejected, ${total.seconds.toFixed(1)} s\n`,
    );
  }
  return results.some((r) => r.status !== 'succeeded') ? 1 : 0;
}
