import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { TributaryError } from '../../src/errors.js';
import { firstInvalidUtf8 } from './utf8.js';
import { fatal } from './problems.js';
import { describeSniffed, sniffFile } from './sniff.js';

/**
 * A `.zip` holding one CSV, as budget portals publish them. Anything else in it (a second data
 * file, an encrypted or oddly compressed entry, an entry that expands far more than text does) is
 * refused before a byte is inflated.
 */
export interface ZipLimits {
  /** Largest uncompressed size of the CSV. */
  readonly maxBytes: number;
  /** Largest uncompressed/compressed ratio; CSV text deflates about 10–40×, zip bombs 1000× and more. */
  readonly maxRatio: number;
  readonly maxEntries: number;
}

/** Entries read one by one, each inflated size checked against its header, Windows path separators accepted. */
export const ZIP_OPEN_OPTIONS = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false } as const;

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxBytes: 2 * 1024 ** 3, maxRatio: 200, maxEntries: 1000 };

export interface ZippedCsv {
  readonly entryName: string;
  readonly size: number;
  readonly stream: Readable;
  close(): void;
}

/** Mac archivers add `__MACOSX/._name` resource forks and `.DS_Store` files: never data. */
function isClutter(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return name.endsWith('/') || name.startsWith('__MACOSX/') || base.startsWith('._') || base === '.DS_Store' || base === 'Thumbs.db';
}

export async function openZippedCsv(path: string, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZippedCsv> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, ZIP_OPEN_OPTIONS);
  } catch (error) {
    const kind = await sniffFile(path).catch(() => null);
    if (kind && kind !== 'zip') throw fatal(file, 'INVALID_ZIP', `the file is ${describeSniffed(kind)}, not a zip archive`);
    throw fatal(file, 'INVALID_ZIP', `not a readable zip archive: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new TributaryError('LIMIT_EXCEEDED', `${file} holds ${zip.entryCount} entries; a budget zip holds one CSV`, { file });
    }
    const data: Entry[] = [];
    for await (const entry of zip.eachEntry()) if (!isClutter(entry.fileName)) data.push(entry);
    const entry = data[0];
    if (!entry || data.length > 1) {
      const names = data.map((e) => e.fileName).join(', ');
      throw fatal(file, 'INVALID_ZIP', `the zip must hold exactly one data file; it holds ${data.length}${names ? `: ${names}` : ''}`);
    }
    checkEntry(entry, file, limits);
    const stream = await zip.openReadStreamPromise(entry);
    return { entryName: entryName(entry), size: entry.uncompressedSize, stream, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function checkEntry(entry: Entry, file: string, limits: ZipLimits): void {
  const name = entry.fileName;
  if (!/\.(csv|txt|tsv)$/i.test(name)) {
    throw fatal(file, 'INVALID_ZIP', `the zip holds ${name}; only a CSV inside a zip can be read`);
  }
  if (entry.isEncrypted()) throw fatal(file, 'INVALID_ZIP', `${name} is encrypted`);
  if (!entry.canDecodeFileData())
    throw fatal(file, 'INVALID_ZIP', `${name} uses compression method ${entry.compressionMethod}, which cannot be read`);
  if (entry.uncompressedSize > limits.maxBytes) {
    throw new TributaryError(
      'LIMIT_EXCEEDED',
      `${file}: ${name} expands to ${entry.uncompressedSize} bytes, over the limit of ${limits.maxBytes}`,
      {
        file,
      },
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (ratio > limits.maxRatio) {
    throw new TributaryError(
      'LIMIT_EXCEEDED',
      `${file}: ${name} expands ${Math.round(ratio)}× (${entry.compressedSize} → ${entry.uncompressedSize} bytes), more than text does (limit ${limits.maxRatio}×); refused as a possible zip bomb`,
      { file },
    );
  }
}

/** Mac archivers write UTF-8 names without setting the UTF-8 flag, so yauzl reads them as CP437. */
function entryName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  return firstInvalidUtf8(raw) === raw.length ? raw.toString('utf8').normalize('NFC') : entry.fileName;
}
