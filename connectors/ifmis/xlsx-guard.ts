import yauzl from 'yauzl';
import { TributaryError } from '../../src/errors.js';
import { fatal } from './problems.js';
import type { ZipLimits } from './zip.js';

/**
 * An XLSX workbook is a zip, and the spreadsheet library inflates it without limits; its central
 * directory is checked first so that a workbook that would expand without bound is refused.
 * Sheet XML compresses better than CSV, hence a looser ratio.
 */
const XLSX_RATIO = 5;

export async function checkXlsxArchive(path: string, file: string, limits: ZipLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw fatal(file, 'INVALID_ZIP', `not an XLSX workbook (not a zip archive): ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new TributaryError('LIMIT_EXCEEDED', `${file} holds ${zip.entryCount} parts; more than a workbook needs`, { file });
    }
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (total > limits.maxBytes || ratio > limits.maxRatio * XLSX_RATIO) {
        throw new TributaryError(
          'LIMIT_EXCEEDED',
          `${file}: ${entry.fileName} expands ${Math.round(ratio)}× to ${entry.uncompressedSize} bytes; refused as a possible zip bomb`,
          { file },
        );
      }
    }
  } finally {
    zip.close();
  }
}
