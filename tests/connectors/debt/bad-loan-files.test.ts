import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkColumnMap } from '../../../connectors/debt/column-map-check.js';
import type { LoanColumnMap } from '../../../connectors/debt/column-map.js';
import { DebtFileError, PROBLEM_CAP } from '../../../connectors/debt/problems.js';
import { LoanSource } from '../../../connectors/debt/source.js';
import { TributaryError } from '../../../src/errors.js';
import { sample } from '../../support/sample-data.js';
import { ibrdMap, IBRD_MAP, readLoans } from './support.js';

/**
 * Hostile variants of the IBRD statement, written to a temporary folder: the first rows of the
 * real file with one cell spoiled (or one column dropped). A file with problems yields nothing,
 * and one error lists every problem with file, row and column.
 */
const real = parse(readFileSync(sample('debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv'), 'utf8')) as string[][];
const header = real[0] ?? [];
const col = (name: string): number => header.indexOf(name);
let dir: string;
let map: LoanColumnMap;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-debt-'));
  map = await ibrdMap();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Header and the first `n` loans of the real file, each changed by `edit(row, index)`. */
async function variant(name: string, n: number, edit: (row: string[], i: number) => string[] = (row) => row): Promise<string> {
  const rows = real.slice(1, n + 1).map((row, i) => edit([...row], i));
  const file = path.join(dir, name);
  await writeFile(file, stringify([header, ...rows]));
  return file;
}

const set = (row: string[], column: string, value: string): string[] => {
  row[col(column)] = value;
  return row;
};

async function failure(file: string, m: LoanColumnMap = map): Promise<DebtFileError> {
  const error = await readLoans(file, m).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DebtFileError);
  return error as DebtFileError;
}

describe('loan CSV files with problems', () => {
  it('reads the untouched first rows (the variants below differ by one cell each)', async () => {
    expect((await readLoans(await variant('clean.csv', 6), map)).loans).toHaveLength(6);
  });

  it.each([
    [
      'a date that is not MM/DD/YYYY',
      'Agreement Signing Date',
      '13/45/2020 12:00:00 AM',
      /"13\/45\/2020 12:00:00 AM" is not a date in the format MM\/DD\/YYYY hh:mm:ss AM/,
    ],
    ['an amount that is not a number', 'Disbursed Amount', '12,5OO', /"12,5OO" is not an amount/],
    [
      'a status word the map does not know',
      'Loan Status',
      'Fully Paid',
      /"Fully Paid" is not a status the map knows \(known: "Approved", "Signed", .*"Fully Transferred"\)/,
    ],
    ['a country code that is not ISO 3166-1 alpha-2', 'Country Code', 'FRA', /"FRA" is not an ISO 3166-1 alpha-2 country code/],
    ['a country code in the right shape that ISO never assigned', 'Country Code', 'QQ', /"QQ" is not an ISO 3166-1 alpha-2/],
    ['an empty loan number', 'Loan Number', '', /empty; every row needs it/],
    ['a currency code that is not ISO 4217', 'Currency of Commitment', 'DOLLARS', /"DOLLARS" is not an ISO 4217 currency code/],
  ])('rejects %s, naming file, row and column', async (_what, column, value, message) => {
    const file = await variant(`bad-${col(column)}.csv`, 5, (row, i) => (i === 2 ? set(row, column, value) : row));
    const error = await failure(file);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.total).toBe(1);
    expect(error.problems[0]).toMatchObject({ file, row: 4, column });
    expect(error.problems[0]?.message).toMatch(message);
    expect(error.where).toEqual({ file, line: 4, field: column });
    expect(error.message).toContain(`${file}, row 4, column "${column}": `);
  });

  it('rejects a loan number that is already on an earlier row, naming both rows', async () => {
    const file = await variant('duplicate.csv', 5, (row, i) =>
      i === 3 ? set(row, 'Loan Number', real[2]?.[col('Loan Number')] ?? '') : row,
    );
    const error = await failure(file);
    expect(error.problems).toEqual([
      { file, row: 5, column: 'Loan Number', message: expect.stringMatching(/loan number IBRD00020 is already on row 3/) as unknown },
    ]);
  });

  it('rejects a file without a column the map reads, before looking at any row', async () => {
    const drop = col('Loan Status');
    const file = await variant('missing-column.csv', 3, (row) => row.filter((_, i) => i !== drop));
    const content = readFileSync(file, 'utf8').split('\n');
    await writeFile(
      file,
      [
        content[0]
          ?.split(',')
          .filter((c) => c !== 'Loan Status')
          .join(','),
        ...content.slice(1),
      ].join('\n'),
    );
    const error = await failure(file);
    expect(error.problems).toEqual([
      {
        file,
        row: 1,
        column: 'Loan Status',
        message: 'column not found in the header; the map "ibrd-statement-of-loans" reads status from it',
      },
    ]);
  });

  it('reports every problem of a file together, in row order, and yields no loan at all', async () => {
    const file = await variant('many.csv', 8, (row, i) => {
      if (i === 1) set(row, 'Board Approval Date', '2020-01-01');
      if (i === 3) set(row, 'Loan Status', 'Paid Off');
      if (i === 4) set(row, 'Loan Number', 'IBRD00010');
      if (i === 6) set(row, 'Country Code', 'Malawi');
      if (i === 7) set(row, 'Repaid to IBRD', 'n/a');
      return row;
    });
    const seen: unknown[] = [];
    const source = new LoanSource({ map });
    const error = await (async () => {
      for await (const item of source.read({ path: file }, new AbortController().signal)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(DebtFileError);
    const problems = (error as DebtFileError).problems;
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Board Approval Date'],
      [5, 'Loan Status'],
      [6, 'Loan Number'],
      [8, 'Country Code'],
      [9, 'Repaid to IBRD'],
    ]);
    expect((error as DebtFileError).message).toMatch(/^.*many\.csv: 5 problems, so nothing was read from it:\n/);
  });

  it(`keeps the first ${PROBLEM_CAP} problems of a very bad file and counts them all`, async () => {
    const file = await variant('hopeless.csv', 300, (row) => set(row, 'End of Period', 'yesterday'));
    const error = await failure(file);
    expect(error.total).toBe(300);
    expect(error.problems).toHaveLength(PROBLEM_CAP);
    expect(error.message).toMatch(/300 problems/);
    expect(error.message).toMatch(/… and 100 more$/);
  });

  it('rejects bytes that are not UTF-8, a quote left open, and a row with too many cells', async () => {
    const latin1 = path.join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.concat([Buffer.from(`${header.join(',')}\n`), Buffer.from('Bogot\xe1', 'latin1')]));
    expect((await failure(latin1)).problems[0]?.message).toMatch(/not UTF-8/);
    const open = await variant('open-quote.csv', 3);
    await writeFile(open, `${readFileSync(open, 'utf8')}"IBRD99999,unfinished\n`);
    expect((await failure(open)).problems[0]?.message).toMatch(/quoted cell is not closed/);
    const wide = await variant('wide.csv', 3, (row, i) => (i === 1 ? [...row, 'extra'] : row));
    expect((await failure(wide)).problems[0]).toMatchObject({ row: 3, message: 'the row has 34 cells, the header 33' });
  });

  it('needs a column map for a CSV, and says so', async () => {
    const file = await variant('no-map.csv', 1);
    const error = await readLoans(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).message).toMatch(/give the column map/);
  });

  it('refuses a column map with mistakes, naming each one', () => {
    const json = JSON.parse(readFileSync(IBRD_MAP, 'utf8')) as Record<string, unknown>;
    const bad = {
      ...json,
      dateFormat: 'DD/MM',
      instrument: { column: 'Loan Type', values: { GURB: 'guaranty' } },
      currency: { column: 'Currency of Commitment', whenEmpty: 'DOLLAR' },
      country: { column: 'Country Code', aliases: { ZR: 'ZAR' } },
      amount: 'typo',
    };
    expect(() => checkColumnMap(bad, 'bad.json')).toThrow(
      new RegExp(
        [
          'column map bad.json is not valid:',
          '  \\(map\\).amount: unknown key',
          '  dateFormat: date format "DD/MM" has no year',
          '  instrument.values.GURB: "guaranty" is not one of loan, credit, grant, guarantee, bond, other',
          '  country.aliases.ZR: "ZAR" is not an ISO 3166-1 alpha-2 code',
          '  currency.whenEmpty: expected an ISO 4217 code',
        ].join('[^]*'),
      ),
    );
  });
});
