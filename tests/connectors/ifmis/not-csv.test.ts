import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../connectors/formats/decode.js';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import { sample } from '../../support/sample-data.js';
import { zip } from '../../support/zip-writer.js';
import { located, MAPS_DIR, rejection, writeIn } from './support.js';

/**
 * A budget export that is not text at all, told by its bytes rather than its name: the real
 * Mexican subset gzipped or zipped under a .csv name, or a portal's HTML page saved as the export.
 */
const CSV = sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
let dir: string;
let map: ColumnMap;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-not-csv-'));
  map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016-utf8.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Buffer) => writeIn(dir, name, bytes);

describe('a budget export that is not a CSV', () => {
  it('gzipped under a .csv name: refused as gzip, not as bytes that are not UTF-8', async () => {
    const file = await write('pef.csv', gzipSync(await readFile(CSV)));
    const error = await rejection(readBudgetFile(file, map, { displayName: 'pef.csv' }));
    expect(located(error)).toEqual([{ code: 'INVALID_CSV', file: 'pef.csv', row: 1, column: undefined }]);
    expect(error.problems[0]?.message).toBe(
      'the file is a gzip-compressed file, not a CSV: decompress it (gunzip) and read the CSV inside',
    );
  });

  it('an HTML page saved as the export: refused as an HTML page', async () => {
    const page = '<!DOCTYPE html>\n<html><head><title>Portal de Transparencia</title></head><body>Sesión expirada</body></html>\n';
    const error = await rejection(readBudgetFile(await write('pef-page.csv', Buffer.from(page)), map, { displayName: 'pef-page.csv' }));
    expect(error.problems[0]?.message).toMatch(/^the file is an HTML page, not a CSV: perhaps a portal's error or login page/);
  });

  it('a gzip file named .zip: refused as gzip, not as a broken zip', async () => {
    const file = await write('pef.csv.zip', gzipSync(await readFile(CSV)));
    const error = await rejection(readBudgetFile(file, map, { displayName: 'pef.csv.zip' }));
    expect(error.problems[0]).toMatchObject({ code: 'INVALID_ZIP', message: 'the file is a gzip-compressed file, not a zip archive' });
  });

  it('decodeBytes sees a zip archive even when it arrives one byte at a time', async () => {
    const archive = zip([{ name: 'pef.csv', data: await readFile(CSV) }]);
    const bytes = (async function* () {
      for (const byte of archive.subarray(0, 2048)) yield Buffer.from([byte]);
    })();
    const read = (async () => {
      for await (const piece of decodeBytes(bytes, undefined, 'pef-zip.csv')) void piece;
    })();
    const error = await rejection(read);
    expect(error.problems[0]?.message).toMatch(/^the file is a zip archive, not a CSV/);
  });

  it('while the real CSV still reads whole', async () => {
    expect(await readBudgetFile(CSV, map)).toHaveLength(3_104);
  });
});
