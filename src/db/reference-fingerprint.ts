import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { mappingsDir } from '../paths.js';

/** Bump when the loaders change what they write from the same files. */
const LOADER_VERSION = 1;

/**
 * A hash of every file's path and content in `folders` (under `mappings/`, the reference loaders'
 * folders, in their order): equal fingerprints, equal tables.
 */
export async function referenceFingerprint(folders: readonly string[], root = mappingsDir): Promise<string> {
  const hash = createHash('sha256').update(`loaders v${LOADER_VERSION}\n`);
  for (const folder of folders) {
    const entries = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
    // Read all at once (a start waits for this), hashed in the sorted order.
    const contents = await Promise.all(files.map((file) => readFile(path.join(root, file))));
    files.forEach((file, i) =>
      hash
        .update(`${file}\n`)
        .update(contents[i] ?? '')
        .update('\n'),
    );
  }
  return hash.digest('hex');
}
