import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';

/**
 * Paths into the shared sample data (TRIBUTARY_SAMPLE_DATA, default ../shared/data). A test that
 * needs it fails loudly when it is missing: never a silent skip.
 */
export const sampleDataDir = loadConfig().sampleDataDir;

export function sample(...parts: string[]): string {
  const file = path.join(sampleDataDir, ...parts);
  if (!existsSync(file)) {
    throw new Error(`sample data not found: ${file}. Set TRIBUTARY_SAMPLE_DATA to the shared data folder (see README).`);
  }
  return file;
}

export function sampleFiles(...parts: string[]): string[] {
  const dir = sample(...parts);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => path.join(dir, f));
}
