import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';

/** What the parent and the case children agree on. */
export const CASES = [
  'raw-parse',
  'split',
  'import-pglite',
  'import-postgresql',
  'command-postgresql',
  'budget-copy',
  'budget-pglite',
  'budget-postgresql',
  'mapping-postgresql',
  'registry-pglite',
  'registry-postgresql',
  'xlsx-read',
  'export-xlsx-100k',
  'export-xlsx-200k',
  'export-csv-100k',
  'export-csv-200k',
] as const;
export type CaseName = (typeof CASES)[number];

export function isCaseName(value: string | undefined): value is CaseName {
  return (CASES as readonly string[]).includes(value ?? '');
}

export interface CaseSpec {
  readonly name: CaseName;
  /** Cases of a group are reported in one table, against the group's baseline (its first case). */
  readonly group: 'iati' | 'budget' | 'mapping' | 'registry' | 'xlsx' | 'export';
  readonly label: string;
  /** Node flags of the child: the import runs with the CLI's heap flags. */
  readonly execArgv: readonly string[];
  /** May be reported as not measured (no server) without failing the run. */
  readonly optional?: boolean;
}

export interface ImportCounts {
  readonly loaded: number;
  readonly quarantined: number;
}

/** One case's own numbers, measured inside its child process. */
export interface Measurement {
  readonly seconds: number;
  /** Activities (IATI) or budget lines. */
  readonly records: number;
  readonly counts: ImportCounts | null;
  /** Where the case ran, when that is worth printing (e.g. the PostgreSQL server and schema). */
  readonly note: string | null;
  /** A baseline measured in the same process on the same data (mapping). */
  readonly baselineSeconds?: number;
  /** The peak RSS of the processes the case started (a command), when that, not the case's own, is measured. */
  readonly peakRssKb?: number;
}

/** Sent by a child over IPC, exactly once, before it exits. */
export type ChildReport =
  | ({ readonly kind: 'measured'; readonly maxRssKb: number } & Measurement)
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: string };

/** A case that cannot run on this machine (PostgreSQL not reachable); any other error is a failure. */
export class Unavailable extends Error {}

const BENCHMARK_FILE = ['iati', 'benchmark', 'dportal-covid19-2021-06-15.xml.gz'];

/** A file of the shared sample data; missing data fails the run, never skips it. */
export function sampleFile(...parts: readonly string[]): string {
  const file = path.join(loadConfig().sampleDataDir, ...parts);
  if (!existsSync(file)) {
    throw new Error(
      `sample file not found: ${file}. Set TRIBUTARY_SAMPLE_DATA to the shared data folder (it must hold ${parts.join('/')}).`,
    );
  }
  return file;
}

/** The benchmark file in the shared sample data. */
export function benchmarkFile(): string {
  return sampleFile(...BENCHMARK_FILE);
}
