import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import type { Coa } from '../../../src/finance/coa/load.js';
import { located, rejection, testCoa } from './support.js';

/**
 * Exports that carry subtotal rows: each is checked against the lines it covers (same fiscal
 * year and currency; in each segment the subtotal codes, the line's code or an ancestor of it)
 * and never loaded itself.
 */
let dir: string;
let coa: Coa;

const map: ColumnMap = {
  name: 'zz-subtotals',
  country: 'ZZ',
  fiscalYear: 'FY',
  currency: { value: 'ZZD' },
  segments: { administrative: { columns: ['Ministry', 'Department'] }, economic: { columns: ['Economic'] } },
  amounts: { approved: 'Approved', paid: 'Paid' },
  subtotals: { column: 'Kind', values: ['Subtotal', 'Total'] },
};

const HEADER = 'Kind,FY,Ministry,Department,Economic,Approved,Paid';
const LINES = [
  'Line,2025/26,10,1,21,100,90',
  'Line,2025/26,10,1,22,50.5,',
  'Line,2025/26,10,2,21,30,30',
  'Line,2025/26,20,1,31,1000,0',
  'Line,2026/27,10,1,21,999,',
];

async function csv(name: string, rows: string[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, [HEADER, ...rows, ''].join('\n'));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-sub-'));
  coa = await testCoa(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('subtotal rows', () => {
  it('accepts subtotals that add up — by department, by ministry and chapter, and a grand total — and loads only the lines', async () => {
    const file = await csv('ok.csv', [
      ...LINES,
      'Subtotal,2025/26,10,1,,150.5,90',
      'Subtotal,2025/26,10,,2,180.5,120',
      'Subtotal,2025/26,,,3,1000,0',
      'Total,2025/26,,,,1180.50,120',
      'Total,2026/27,,,,999,',
    ]);
    const records = await readBudgetFile(file, map, { coa });
    expect(records.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
  });

  it('rejects each subtotal that does not add up, at its row and amount column, with the expected sum', async () => {
    const file = await csv('bad.csv', [
      ...LINES,
      'Subtotal,2025/26,10,,,180.5,121',
      'Total,2025/26,,,,1180.5,120',
      'Total,2026/27,,,,1000,',
    ]);
    const error = await rejection(readBudgetFile(file, map, { coa, displayName: 'bad.csv' }));
    expect(located(error)).toEqual([
      { code: 'SUBTOTAL_MISMATCH', file: 'bad.csv', row: 7, column: 'Paid' },
      { code: 'SUBTOTAL_MISMATCH', file: 'bad.csv', row: 9, column: 'Approved' },
    ]);
    expect(error.problems.map((p) => p.message)).toEqual([
      'subtotal paid 121 does not equal 120, the sum of the 3 lines it covers (fiscal year 2025/26, administrative 10)',
      'subtotal approved 1000 does not equal 999, the sum of the 1 line it covers (fiscal year 2026/27, every code)',
    ]);
  });

  it('reports a subtotal covering nothing, and a subtotal code not in the chart, with the other problems of the file', async () => {
    const file = await csv('worse.csv', [...LINES, 'Subtotal,2025/26,10,,3,5,', 'Subtotal,2025/26,30,,,1,', 'Line,2025/26,10,1,21,1,1']);
    const error = await rejection(readBudgetFile(file, map, { coa, displayName: 'worse.csv' }));
    expect(located(error)).toEqual([
      { code: 'SUBTOTAL_MISMATCH', file: 'worse.csv', row: 7, column: 'Approved' },
      { code: 'UNKNOWN_CODE', file: 'worse.csv', row: 8, column: 'Ministry' },
      { code: 'DUPLICATE_LINE', file: 'worse.csv', row: 9, column: 'Approved' },
    ]);
    expect(error.problems[0]?.message).toMatch(/the sum of the 0 lines it covers .*; rows with problems above are not counted$/);
  });
});
