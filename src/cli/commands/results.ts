import { describeRejection } from '../../../connectors/iati/import.js';
import type { ImportResult } from '../../sync/run-import.js';

/** One line per input (what happened, or why it was rejected), a total, and the exit code. */
export function summaryLine(result: ImportResult, noun: string): string {
  if (result.status === 'interrupted') return `${result.input}: INTERRUPTED: ${result.error?.message} (run ${result.runId})`;
  if (result.status !== 'succeeded' && result.error) {
    // A whole-file error lists its own problems, each with file, row and column.
    const why = 'problems' in result.error ? result.error.message : describeRejection(result.error);
    return `${result.input}: ${result.status.toUpperCase()} ${result.error.code}: ${why} (run ${result.runId}, nothing stored)`;
  }
  const c = result.counts;
  const parts = [`${c.loaded} loaded`, `${c.updated} updated`, `${c.unchanged} unchanged`];
  if (c.stale) parts.push(`${c.stale} stale`);
  if (c.quarantined) parts.push(`${c.quarantined} quarantined`);
  if (c.removed) parts.push(`${c.removed} removed`);
  return `${result.input}: ${parts.join(', ')} of ${c.seen} ${noun} in ${result.seconds.toFixed(1)} s (run ${result.runId})`;
}

export function printResults(results: readonly ImportResult[], noun: string, json: boolean): number {
  if (json) {
    const shown = results.map((r) => ({
      ...r,
      error: r.error ? { code: r.error.code, message: r.error.message, ...r.error.where } : undefined,
    }));
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    for (const result of results) process.stdout.write(`${summaryLine(result, noun)}\n`);
  }
  return results.some((r) => r.status !== 'succeeded') ? 1 : 0;
}
