import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import type { Coa } from '../../../src/finance/coa/load.js';
import { located, rejection, testCoa } from './support.js';

/**
 * Long-format exports (one amount column and a stage column), as XLSX workbooks made here with
 * exceljs: rows that share the fiscal year and every code are one line; a stage given twice and a
 * stage the map does not know are errors.
 */
let dir: string;
let coa: Coa;

const map: ColumnMap = {
  name: 'zz-long',
  country: 'ZZ',
  format: 'xlsx',
  headerRow: 3,
  fiscalYear: 'FY',
  currency: 'Currency',
  numbers: { thousands: ',', decimal: '.' },
  segments: {
    administrative: { columns: ['Ministry', 'Department'] },
    economic: { columns: ['Economic'] },
    project: { columns: ['Project'] },
  },
  long: { amount: 'Amount', stage: 'Stage', stages: { Budget: 'approved', Revised: 'revised', Spent: 'paid' } },
};

type Cell = string | number | null;
const HEADER = ['FY', 'Ministry', 'Department', 'Economic', 'Project', 'Currency', 'Stage', 'Amount'];

async function workbook(name: string, rows: Cell[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Budget');
  sheet.addRow(['Ministry of Finance: budget and outturn']);
  sheet.addRow([]);
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await book.xlsx.writeFile(file);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-long-'));
  coa = await testCoa(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('long-format XLSX', () => {
  it('merges the stages of each line, whatever their order in the (first) sheet', async () => {
    const file = await workbook('long.xlsx', [
      ['2025/26', 10, 1, 21, 'P-001', 'ZZD', 'Budget', 1_000_000],
      ['2025/26', 10, 2, 22, null, 'ZZD', 'Budget', '250,000.50'],
      ['2025/26', 10, 1, 21, 'P-001', 'ZZD', 'Spent', 987_654.32],
      ['2025/26', 10, 2, 22, null, 'ZZD', 'Revised', '(1,000)'],
      ['2025/26', 10, 1, 21, 'P-001', 'ZZD', 'Revised', 1_100_000],
      ['2025/26', 10, 1, 7021, 'P-002', 'ZZD', 'Budget', 5],
    ]);
    const records = await readBudgetFile(file, map, { coa, displayName: 'long.xlsx' });
    expect(records).toEqual([
      {
        kind: 'budget-line',
        file: 'long.xlsx',
        row: 4,
        country: 'ZZ',
        fiscalYear: '2025/26',
        currency: 'ZZD',
        codes: { administrative: '10-1', economic: '21', project: 'P-001' },
        amounts: { approved: '1000000', paid: '987654.32', revised: '1100000' },
      },
      {
        kind: 'budget-line',
        file: 'long.xlsx',
        row: 5,
        country: 'ZZ',
        fiscalYear: '2025/26',
        currency: 'ZZD',
        codes: { administrative: '10-2', economic: '22' },
        amounts: { approved: '250000.5', revised: '-1000' },
      },
      {
        kind: 'budget-line',
        file: 'long.xlsx',
        row: 9,
        country: 'ZZ',
        fiscalYear: '2025/26',
        currency: 'ZZD',
        codes: { administrative: '10-1', economic: '21', project: 'P-002' },
        amounts: { approved: '5' },
      },
    ]);
  });

  it('buckets a date in the fiscal-year column into the country’s July–June year', async () => {
    const file = await workbook('dates.xlsx', [
      ['2026-06-30', 20, 1, 31, null, 'ZZD', 'Budget', 1],
      ['2026-07-01', 20, 1, 31, null, 'ZZD', 'Budget', 2],
    ]);
    const records = await readBudgetFile(file, map, { coa });
    expect(records.map((r) => [r.fiscalYear, r.amounts.approved])).toEqual([
      ['2025/26', '1'],
      ['2026/27', '2'],
    ]);
  });

  it('rejects an unknown stage, a stage given twice and a second currency for one line, all together', async () => {
    const file = await workbook('bad-long.xlsx', [
      ['2025/26', 10, 1, 21, null, 'ZZD', 'Budget', 100],
      ['2025/26', 10, 1, 21, null, 'ZZD', 'Commitment', 50],
      ['2025/26', 10, 1, 21, null, 'ZZD', 'Budget', 100],
      ['2025/26', 10, 1, 21, null, 'USD', 'Spent', 10],
      ['2025/26', 20, 9, 21, null, 'ZZD', 'Budget', 1],
    ]);
    const error = await rejection(readBudgetFile(file, map, { coa, displayName: 'bad-long.xlsx' }));
    expect(located(error)).toEqual([
      { code: 'UNKNOWN_STAGE', file: 'bad-long.xlsx', row: 5, column: 'Stage' },
      { code: 'DUPLICATE_STAGE', file: 'bad-long.xlsx', row: 6, column: 'Stage' },
      { code: 'CURRENCY_MISMATCH', file: 'bad-long.xlsx', row: 7, column: 'Currency' },
      { code: 'UNKNOWN_CODE', file: 'bad-long.xlsx', row: 8, column: 'Department' },
    ]);
    expect(error.problems.map((p) => p.message)).toEqual([
      'stage "Commitment" is not one the map knows ("Budget", "Revised", "Spent")',
      'stage approved of this line was already given in row 4',
      'currency USD differs from ZZD in row 4, the same line',
      "code 20-9 (Ministry 20, Department 9) is not in ZZ's administrative segment",
    ]);
  });
});
