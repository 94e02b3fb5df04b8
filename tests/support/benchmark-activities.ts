import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { sample } from './sample-data.js';

/**
 * A few real activities of the d-portal benchmark export (iati/benchmark, 13,200 activities),
 * cut out by plain text and written as a small IATI 2.03 file at `target`: real data for a test
 * without importing 170 MB. Each d-portal activity declares its own namespaces, so it stands alone.
 */
export async function benchmarkActivities(target: string, identifiers: readonly string[]): Promise<string> {
  const wanted = new Set(identifiers);
  const found = new Map<string, string>();
  let pending = '';
  const stream = createReadStream(sample('iati', 'benchmark', 'dportal-covid19-2021-06-15.xml.gz'))
    .pipe(createGunzip())
    .setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    pending += chunk;
    let end = pending.indexOf('</iati-activity>');
    while (end >= 0) {
      const close = end + '</iati-activity>'.length;
      const activity = pending.slice(pending.lastIndexOf('<iati-activity ', end), close);
      const id = /<iati-identifier>([^<]+)<\/iati-identifier>/.exec(activity)?.[1];
      if (id && wanted.has(id)) found.set(id, activity);
      pending = pending.slice(close);
      end = pending.indexOf('</iati-activity>');
    }
    if (found.size === wanted.size) break;
  }
  const missing = identifiers.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`not in the benchmark export: ${missing.join(', ')}`);
  const body = identifiers.map((id) => found.get(id)).join('\n');
  await writeFile(target, `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n${body}\n</iati-activities>\n`);
  return target;
}
