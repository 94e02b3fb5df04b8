import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config.js';
import { prepareDatabase } from '../../src/reference.js';
import { whereItRan, withBenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
export const PROBE = fileURLToPath(new URL('../rss-probe.js', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The largest peak RSS any process of the command reported (the probe writes one line per process). */
export function peakRssKb(stderr: string): number {
  const peaks = [...stderr.matchAll(/^rss-probe: \d+ (\d+)$/gm)].map((match) => Number(match[1]));
  if (peaks.length === 0) throw new Error(`the command reported no peak RSS:\n${stderr}`);
  return Math.max(...peaks);
}

interface CommandCounts {
  readonly status: string;
  readonly counts: { readonly seen: number; readonly loaded: number; readonly quarantined: number };
}

/**
 * (c) `tributary import iati <file>` as an operator runs it, against a fresh schema on the
 * PostgreSQL server (created, migrated and its reference tables loaded first, not timed): the wall clock of the whole command
 * — start-up, the re-run under the import heap, the import, ANALYZE and the mapping rules applied
 * to what it changed — and the peak RSS of its largest process.
 */
export async function importCommand(file: string, config: Config): Promise<Measurement> {
  return withBenchDatabase('postgresql', async (orm, database) => {
    await prepareDatabase(orm);
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TRIBUTARY_DB_SCHEMA: database.schema,
      TRIBUTARY_IMPORT_WORKERS: String(config.importWorkers),
    };
    const started = performance.now();
    const finished = await runCommand(['--import', PROBE, CLI, 'import', 'iati', file, '--json'], env);
    const seconds = (performance.now() - started) / 1000;
    if (finished.code !== 0) throw new Error(`the command exited with code ${finished.code}:\n${finished.stderr}`);
    const [result] = JSON.parse(finished.stdout) as CommandCounts[];
    if (result?.status !== 'succeeded') throw new Error(`the import did not succeed: ${finished.stdout}`);
    return {
      seconds,
      records: result.counts.seen,
      counts: { loaded: result.counts.loaded, quarantined: result.counts.quarantined },
      note: `${whereItRan('postgresql', database)}, ${config.importWorkers} parse workers, mapping rules applied`,
      peakRssKb: peakRssKb(finished.stderr),
    };
  });
}
