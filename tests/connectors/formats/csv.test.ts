import { readFileSync, globSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { mulberry32 } from '../../../src/cli/demo/random.js';
import { CsvNumber, readCsvRecords, readCsvRows, writeCsv, writeCsvCells, writeSpreadsheetCsv } from '../../../connectors/formats/csv.js';

/** The small-file CSV reader and writer every reference table goes through. */
describe('CSV files read and written whole', () => {
  it('writes what the shipped mapping files hold, byte for byte', () => {
    const files = globSync('mappings/**/*.csv');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const [header = [], ...rows] = readCsvRows(text);
      expect(writeCsv(rows, header), file).toBe(text);
    }
  });

  it('quotes only cells that need it, and ends every row with a line break', () => {
    expect(writeCsv([['a', 'b,c', 'x"y', 'q\nr', 1, null, true, false]])).toBe('a,"b,c","x""y","q\nr",1,,1,\n');
    expect(writeCsv([], ['code', 'name'])).toBe('code,name\n');
    expect(writeCsv([])).toBe('');
  });

  it('writes rows of text cells exactly as papaparse does, whatever the cells hold', () => {
    const random = mulberry32(31);
    const pieces = ['a', '1234.50', '-12', ' ', ',', '"', '\n', '\r', '\uFEFF', '\t', "'", '=', 'é', '😀', ';'];
    const cell = () =>
      Array.from({ length: Math.floor(random.next() * 5) }, () => pieces[Math.floor(random.next() * pieces.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const rows = Array.from({ length: 1 + Math.floor(random.next() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(random.next() * 5) }, cell),
      );
      expect(writeCsvCells(rows), JSON.stringify(rows)).toBe(`${Papa.unparse(rows, { newline: '\n', delimiter: ',' })}\n`);
    }
    expect(writeCsvCells([])).toBe('');
    expect(writeCsvCells([['a b', ' lead', 'trail ', 'x,y']])).toBe('a b," lead","trail ","x,y"\n');
  });

  it('reads records by header, dropping a byte-order mark and empty lines', () => {
    expect(readCsvRecords('\uFEFFcode,name\n\n01, Health \n', { trim: true })).toEqual([{ code: '01', name: 'Health' }]);
    expect(() => readCsvRecords('code,name\n01\n', { file: 'x.csv' })).toThrow(/x\.csv, record 1: not valid CSV/);
  });

  it('reads raw rows with empty lines kept and no record for the last line break', () => {
    expect(readCsvRows('a,b\n\n1\n')).toEqual([['a', 'b'], [''], ['1']]);
    expect(readCsvRows('')).toEqual([]);
    expect(() => readCsvRows('a\n"open\n')).toThrow(/not valid CSV/);
  });

  it('neutralises text a spreadsheet would run as a formula, but not the numbers', () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', 'plain', '=', ''];
    const text = writeSpreadsheetCsv(
      [['first', ...hostile, new CsvNumber('-1234.50'), new CsvNumber('=1'), 7]],
      ['=header', ...hostile.map((_, i) => `c${i}`), 'n', 'm', 'k'],
    );
    const [header, row] = readCsvRows(text);
    expect(header?.[0]).toBe("'=header");
    expect(row).toEqual([
      'first',
      '\'=HYPERLINK("http://evil.example","x")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      "'\rcmd",
      'plain',
      "'=",
      '',
      '-1234.50',
      '=1',
      '7',
    ]);
  });
});
