import { readText } from '../../connectors/iati/decode.js';
import { normaliseActivity } from '../../connectors/iati/normalise.js';
import { splitActivities } from '../../connectors/iati/split.js';
import type { ActivityRecord } from '../../connectors/iati/types.js';
import { loadConfig } from '../../src/config.js';
import { sample } from './sample-data.js';

/** One activity of a real IATI file (path under iati/activities), read by the importer's own split and normalisation. */
export async function iatiRecord(file: string, identifier: string): Promise<ActivityRecord> {
  const limits = loadConfig().importLimits;
  const full = sample('iati', 'activities', ...file.split('/'));
  let version: string | null = null;
  for await (const event of splitActivities(readText({ path: full, displayName: file }), file, limits)) {
    if (event.kind === 'root') version = event.version;
    else if (event.text.includes(`<iati-identifier>${identifier}</iati-identifier>`)) {
      const { record: found } = normaliseActivity(event.node, version);
      if (found) return found;
    }
  }
  throw new Error(`${identifier} not found in ${file}`);
}
