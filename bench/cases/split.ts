import path from 'node:path';
import type { ImportLimits } from '../../src/config.js';
import { readText } from '../../connectors/iati/decode.js';
import { splitActivities } from '../../connectors/iati/split.js';
import type { Measurement } from '../shared.js';

/** (b) The importer's streaming split alone: read, gunzip, decode and cut into activity chunks. */
export async function split(file: string, limits: ImportLimits): Promise<Measurement> {
  const displayName = path.basename(file);
  const started = performance.now();
  let activities = 0;
  for await (const event of splitActivities(readText({ path: file, displayName }), displayName, limits)) {
    if (event.kind === 'chunk') activities += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, records: activities, counts: null, note: null };
}
