import { text } from 'node:stream/consumers';
import yauzl from 'yauzl';

/** Every entry of a zip held in memory, by name, as text (tests read back what an export wrote). */
export async function zipTexts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const texts = new Map<string, string>();
  try {
    for await (const entry of zip.eachEntry()) texts.set(entry.fileName, await text(await zip.openReadStreamPromise(entry)));
  } finally {
    zip.close();
  }
  return texts;
}
