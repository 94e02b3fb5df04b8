import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDemoIati } from '../../src/cli/demo/generate-iati.js';

/**
 * A volume of aid for a second country: the demo's three publishers' activities copied `copies`
 * times under new identifiers, their recipient country made `country`. Big enough that a download
 * of it outlasts every socket buffer between a client that stops reading and the hub.
 */
export async function writeBulkIati(dir: string, country: string, copies: number): Promise<string[]> {
  const files: string[] = [];
  for (const file of generateDemoIati()) {
    const open = file.xml.indexOf('<iati-activity ');
    const close = file.xml.lastIndexOf('</iati-activities>');
    const activities = file.xml.slice(open, close).replaceAll('recipient-country code="MW"', `recipient-country code="${country}"`);
    const copied = Array.from({ length: copies }, (_, i) =>
      activities.replace(
        /<iati-identifier>([^<]+)<\/iati-identifier>/g,
        (_, id: string) => `<iati-identifier>${id}-BULK${i}</iati-identifier>`,
      ),
    );
    const target = path.join(dir, `bulk-${country}-${file.fileName}`);
    await writeFile(target, file.xml.slice(0, open) + copied.join('') + file.xml.slice(close), 'utf8');
    files.push(target);
  }
  return files;
}
