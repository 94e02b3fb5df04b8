import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { MAX_PROBLEMS } from '../../../connectors/formats/problems.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import { BudgetSource } from '../../../connectors/ifmis/source.js';
import { sample } from '../../support/sample-data.js';
import { MAPS_DIR, located, rejection } from './support.js';

/**
 * Real Mexican budget lines with cells spoiled, written to a temporary folder. Each problem is
 * reported with file, row and column; all of a file's problems come in one error; and a file
 * with any problem yields no line at all.
 */
const real = parse(await readFile(sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv'), 'utf8')) as string[][];
const header = real[0] ?? [];
const col = (name: string): number => header.indexOf(name);
let dir: string;
let map: ColumnMap;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-'));
  map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016-utf8.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The header and the first `n` lines (rows 2 … n+1), with `edits` applied: row → column → new text. */
async function variant(name: string, n: number, edits: Record<number, Record<string, string>>): Promise<string> {
  const rows = real.slice(1, n + 1).map((cells, i) => {
    const copy = [...cells];
    for (const [column, value] of Object.entries(edits[i + 2] ?? {})) copy[col(column)] = value;
    return copy;
  });
  const file = path.join(dir, name);
  await writeFile(file, stringify([header, ...rows]));
  return file;
}

const read = (file: string) => readBudgetFile(file, map, { displayName: path.basename(file) });

describe('a budget file with bad lines', () => {
  it.each([
    [
      'a unit not in the ramo',
      { UNIDAD: '999' },
      'UNKNOWN_CODE',
      'UNIDAD',
      /code 1-999 \(Ramo 1, UNIDAD 999\) is not in MX's administrative segment/,
    ],
    [
      'an object-of-expenditure concept not in the CoA',
      { CONCEPTO: '6250' },
      'UNKNOWN_CODE',
      'CONCEPTO',
      /code 6250 is not in MX's economic/,
    ],
    ['a fund source not in the CoA', { FF: '7' }, 'UNKNOWN_CODE', 'FF', /code 7 is not in MX's fund segment/],
    ['a non-numeric amount', { PEF_2016: ' 1,2x3 ' }, 'NOT_A_NUMBER', 'PEF_2016', /approved amount " 1,2x3 " is not a number/],
    ['a thousands group cut short', { PEF_2016: '1,23' }, 'NOT_A_NUMBER', 'PEF_2016', /"1,23" is not a number/],
    ['an empty required code', { EF: '' }, 'EMPTY_CODE', 'EF', /segment location needs a code/],
    ['a level missing above a filled one', { FN: '' }, 'EMPTY_CODE', 'FN', /this level is empty but SF below it is not/],
    ['a fiscal year that is not one', { Ciclo: 'dos mil' }, 'BAD_FISCAL_YEAR', 'Ciclo', /"dos mil" is not a fiscal year/],
  ])('rejects %s, naming file, row and column', async (_, edit, code, column, message) => {
    const file = await variant(`${code}-${column}.csv`, 5, { 4: edit });
    const error = await rejection(read(file));
    expect(located(error)).toEqual([{ code, file: path.basename(file), row: 4, column }]);
    expect(error.problems[0]?.message).toMatch(message);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.where).toEqual({ file: path.basename(file), line: 4, field: column });
    expect(error.message).toContain(`${path.basename(file)}, row 4, column ${column}:`);
  });

  it('rejects a duplicate line, naming the row it repeats', async () => {
    const rows = real.slice(1, 4);
    const file = path.join(dir, 'duplicate.csv');
    await writeFile(file, stringify([header, ...rows, rows[1] ?? []]));
    const error = await rejection(read(file));
    expect(located(error)).toEqual([{ code: 'DUPLICATE_LINE', file: 'duplicate.csv', row: 5, column: 'PEF_2016' }]);
    expect(error.problems[0]?.message).toMatch(/duplicates the line in row 3 \(same fiscal year 2016 and codes administrative 1-100/);
  });

  it('reports every problem of the file together, in row order, and stops yielding lines at the first', async () => {
    const file = await variant('many.csv', 12, {
      3: { CONCEPTO: '6250' },
      5: { PEF_2016: ' 1,2x3 ', FF: '7' },
      9: { EF: '' },
    });
    const source = new BudgetSource({ map });
    const yielded: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of source.read({ path: file, displayName: 'many.csv' }, new AbortController().signal)) yielded.push(item);
      })(),
    );
    // Lines before the first problem may already be written: the importer's transaction voids them.
    expect(yielded).toMatchObject([{ row: 2 }]);
    expect(error.total).toBe(4);
    expect(located(error)).toEqual([
      { code: 'UNKNOWN_CODE', file: 'many.csv', row: 3, column: 'CONCEPTO' },
      { code: 'UNKNOWN_CODE', file: 'many.csv', row: 5, column: 'FF' },
      { code: 'NOT_A_NUMBER', file: 'many.csv', row: 5, column: 'PEF_2016' },
      { code: 'EMPTY_CODE', file: 'many.csv', row: 9, column: 'EF' },
    ]);
    expect(error.message.split('\n')[0]).toBe('many.csv was not loaded: 4 problems');
  });

  it(`lists the first ${MAX_PROBLEMS} problems and counts them all`, async () => {
    const edits = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [i + 2, { PEF_2016: 'n/a' }]));
    const error = await rejection(read(await variant('capped.csv', 300, edits)));
    expect(error.total).toBe(300);
    expect(error.problems).toHaveLength(MAX_PROBLEMS);
    expect(error.message).toMatch(/… and 280 more$/);
  });

  it('rejects a header without a column the map needs, naming it and the header found', async () => {
    const file = path.join(dir, 'no-ff.csv');
    const without = (cells: readonly string[]): string[] => cells.filter((_, i) => i !== col('FF'));
    await writeFile(file, stringify(real.slice(0, 3).map(without)));
    const error = await rejection(read(file));
    expect(located(error)).toEqual([{ code: 'MISSING_COLUMN', file: 'no-ff.csv', row: 1, column: 'FF' }]);
    expect(error.problems[0]?.message).toMatch(/column "FF" \(segment fund\) is not in the header row 1; found: "Ciclo", "Ramo"/);
  });

  it('names a missing column once, though three segments use it', async () => {
    const file = path.join(dir, 'no-ramo.csv');
    const without = (cells: readonly string[]): string[] => cells.filter((_, i) => i !== col('Ramo'));
    await writeFile(file, stringify(real.slice(0, 3).map(without)));
    const error = await rejection(read(file));
    expect(located(error)).toEqual([{ code: 'MISSING_COLUMN', file: 'no-ramo.csv', row: 1, column: 'Ramo' }]);
  });

  it('rejects a row with a field too many or too few', async () => {
    const file = path.join(dir, 'ragged.csv');
    await writeFile(file, stringify([header, real[1] ?? [], [...(real[2] ?? []), 'extra']]));
    const error = await rejection(read(file));
    expect(located(error)).toEqual([{ code: 'FIELD_COUNT', file: 'ragged.csv', row: 3, column: undefined }]);
  });
});
