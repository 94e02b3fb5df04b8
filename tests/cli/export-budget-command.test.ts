import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

describe('tributary export budget (the built command)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-export-budget-'));
    db = path.join(dir, 'db');
    // The Global Fund's real grants to Malawi, whose chart of accounts ships with the hub.
    const imported = await tributary(['import', 'iati', sample('iati', 'activities', 'v1', 'IATIfromGF.xml')], db);
    expect(imported.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the workbook with a summary and leaves no partial file', async () => {
    const file = path.join(dir, 'mw.xlsx');
    const result = await tributary(['export', 'budget', '--country', 'mw', '--by', 'budget office', '-o', file], db);
    expect(result.stderr).not.toMatch(/tributary export budget:/);
    expect(result.code).toBe(0);
    const summary = /mw\.xlsx: (\d+) rows for (\d+) activities \(XLSX\); \d+ rates used and \d+ unmapped sources listed/.exec(
      result.stdout,
    );
    expect(summary).not.toBeNull();
    expect(Number(summary?.[1])).toBeGreaterThan(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Aid on budget', 'Filters', 'Rates used', 'Unmapped']);
    expect(workbook.worksheets[0]?.rowCount).toBe(Number(summary?.[1]) + 1);
    expect(workbook.worksheets[1]?.getCell('B15').value).toBe('budget office');
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('writes CSV for a .csv name, filtered by fiscal year', async () => {
    const file = path.join(dir, 'mw.csv');
    const result = await tributary(['export', 'budget', '--country', 'MW', '--fy', '2008/09,2009/10', '-o', file], db);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/mw\.csv: \d+ rows for \d+ activities \(CSV\)/);
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /,(2008\/09|2009\/10),/.test(line))).toBe(true);
  });

  it.each([
    [['--country', 'MW', '--treasury', 'sideways'], /tributary export budget: treasury: "sideways" is not one of on, off, partly, unknown/],
    [['--country', 'MW', '--fy', 'FY25'], /tributary export budget: fiscalYears: "FY25" is not a fiscal year of MW/],
    [['--country', 'KE'], /tributary export budget: country: the hub holds no chart of accounts for KE/],
    [['--country', 'MW', '--format', 'pdf'], /tributary export budget: --format: "pdf" is neither xlsx nor csv/],
  ])('%j: exit 2 with a clear message and no file', async (args, message) => {
    const file = path.join(dir, 'refused.xlsx');
    const result = await tributary(['export', 'budget', ...args, '-o', file], db);
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
