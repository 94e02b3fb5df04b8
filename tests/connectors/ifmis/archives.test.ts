import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import { TributaryError } from '../../../src/errors.js';
import { sample } from '../../support/sample-data.js';
import { located, MAPS_DIR, rejection, writeIn } from './support.js';
import { zip } from '../../support/zip-writer.js';

/**
 * Zips and workbooks: a zip holding one CSV (Mac clutter ignored) is read; a zip with two data
 * files, or one that expands like a bomb, is refused before anything is inflated; a workbook is
 * read from its named sheet and its missing columns are named.
 */
const SUBSET = sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
let dir: string;
let map: ColumnMap;
let csv: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-zip-'));
  map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016-utf8.json'));
  csv = Buffer.from((await readFile(SUBSET, 'utf8')).split('\n').slice(0, 31).join('\n'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Buffer) => writeIn(dir, name, bytes);

describe('zipped CSV', () => {
  it('reads the one CSV of a zip and ignores __MACOSX, folders and .DS_Store', async () => {
    const file = await write(
      'ok.csv.zip',
      zip([
        { name: 'data/', data: Buffer.alloc(0) },
        { name: 'data/pef.csv', data: csv },
        { name: '__MACOSX/data/._pef.csv', data: Buffer.from('resource fork') },
        { name: 'data/.DS_Store', data: Buffer.from('finder') },
      ]),
    );
    expect(await readBudgetFile(file, map)).toHaveLength(30);
  });

  it('refuses a zip with two CSVs, naming them', async () => {
    const file = await write(
      'two.zip',
      zip([
        { name: 'a.csv', data: csv },
        { name: 'b.csv', data: csv },
      ]),
    );
    const error = await rejection(readBudgetFile(file, map, { displayName: 'two.zip' }));
    expect(located(error)).toEqual([{ code: 'INVALID_ZIP', file: 'two.zip', row: undefined, column: undefined }]);
    expect(error.problems[0]?.message).toBe('the zip must hold exactly one data file; it holds 2: a.csv, b.csv');
  });

  it('refuses a zip bomb by its expansion ratio before inflating it', async () => {
    const bomb = Buffer.concat([csv, Buffer.alloc(20 * 1024 * 1024, 0x20)]);
    const file = await write('bomb.zip', zip([{ name: 'budget.csv', data: bomb }]));
    const error = await readBudgetFile(file, map, { displayName: 'bomb.zip' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', where: { file: 'bomb.zip' } });
    expect((error as Error).message).toMatch(/^bomb\.zip: budget\.csv expands \d+× .*refused as a possible zip bomb$/);
  });

  it('stops reading an entry that inflates past the size its headers declare', async () => {
    const file = await write('liar.zip', zip([{ name: 'budget.csv', data: csv, declaredSize: 1000 }]));
    const error = await rejection(readBudgetFile(file, map, { displayName: 'liar.zip' }));
    expect(error.problems[0]).toMatchObject({ code: 'INVALID_ZIP', file: 'liar.zip' });
    expect(error.problems[0]?.message).toMatch(/too many bytes in the stream/);
  });

  it('refuses a zip whose one entry is larger than the limit', async () => {
    const file = await write('big.zip', zip([{ name: 'budget.csv', data: csv }]));
    const limits = { maxBytes: 1000, maxRatio: 200, maxEntries: 10 };
    await expect(readBudgetFile(file, map, { zipLimits: limits })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('refuses a file named .zip that is not one', async () => {
    const error = await rejection(readBudgetFile(await write('fake.zip', csv), map, { displayName: 'fake.zip' }));
    expect(error.problems[0]).toMatchObject({ code: 'INVALID_ZIP', file: 'fake.zip' });
  });
});

describe('XLSX workbooks', () => {
  const rows = (): string[][] => (parse(csv.toString('utf8')) as string[][]).slice(0, 6);

  async function workbook(name: string, columns: (header: string[]) => number[], amountsAsNumbers: boolean): Promise<string> {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['Exported from the IFMIS']);
    const sheet = book.addWorksheet('PEF');
    const [header = [], ...data] = rows();
    const keep = columns(header);
    sheet.addRow(keep.map((i) => header[i]));
    for (const row of data) {
      sheet.addRow(keep.map((i) => (amountsAsNumbers && header[i] === 'PEF_2016' ? Number((row[i] ?? '').replace(/[ ,]/g, '')) : row[i])));
    }
    const file = path.join(dir, name);
    await book.xlsx.writeFile(file);
    return file;
  }

  it('reads the named sheet, amounts stored as numbers or as text with separators', async () => {
    const all = (header: string[]): number[] => header.map((_, i) => i);
    for (const numbers of [true, false]) {
      const file = await workbook(`pef-${String(numbers)}.xlsx`, all, numbers);
      const records = await readBudgetFile(file, { ...map, format: 'xlsx', sheet: 'PEF' });
      expect(records.map((r) => r.amounts.approved)).toEqual(
        rows()
          .slice(1)
          .map((r) => (r.at(-1) ?? '').replace(/[ ,]/g, '')),
      );
      expect(records[0]?.row).toBe(2);
    }
  });

  it('rejects a workbook without the FF column, naming it, the row of the header and the sheet it read', async () => {
    const file = await workbook('no-ff.xlsx', (header) => header.flatMap((name, i) => (name === 'FF' ? [] : [i])), true);
    const error = await rejection(readBudgetFile(file, { ...map, format: 'xlsx', sheet: 'PEF' }, { displayName: 'no-ff.xlsx' }));
    expect(located(error)).toEqual([{ code: 'MISSING_COLUMN', file: 'no-ff.xlsx', row: 1, column: 'FF' }]);
  });

  it('says a workbook is one when the map reads CSV', async () => {
    const file = await workbook('as-csv.xlsx', (header) => header.map((_, i) => i), true);
    const error = await rejection(readBudgetFile(file, map, { displayName: 'as-csv.xlsx' }));
    expect(error.problems[0]?.message).toMatch(/zip archive \(an XLSX workbook\?\) but the column map reads CSV: set "format": "xlsx"/);
  });

  it('names the sheets when the one asked for is not there', async () => {
    const file = await workbook('sheets.xlsx', (header) => header.map((_, i) => i), true);
    const error = await rejection(readBudgetFile(file, { ...map, format: 'xlsx', sheet: 'Budget' }, { displayName: 'sheets.xlsx' }));
    expect(error.problems[0]?.message).toBe('the workbook has no sheet named "Budget"; its sheets are: Notes, PEF');
  });
});
