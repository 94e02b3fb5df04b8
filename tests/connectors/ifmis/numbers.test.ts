import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { DecimalSum, numberText, parseAmount, sumOf, type NumberFormat } from '../../../connectors/formats/numbers.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import type { Coa } from '../../../src/finance/coa/load.js';
import { located, rejection, testCoa } from './support.js';

/** Amounts are exact decimal text from every way exports write them; never a float on the way. */
const US: NumberFormat = { thousands: ',', decimal: '.' };
const EUROPEAN: NumberFormat = { thousands: '.', decimal: ',' };

describe('parseAmount', () => {
  it.each([
    [' 99,305,000 ', US, '99305000'],
    ['-8,660,451,340 ', US, '-8660451340'],
    [' -   ', US, '0'],
    ['(1,500.25)', US, '-1500.25'],
    ['0001234.5000', US, '1234.5'],
    ['1234567', US, '1234567'],
    ['1.234.567,89', EUROPEAN, '1234567.89'],
    ['-0,50', EUROPEAN, '-0.5'],
    ['1 234 567,89', { thousands: ' ', decimal: ',' }, '1234567.89'],
    ['\u00a012,5\u00a0', { decimal: ',' }, '12.5'],
    ['-0', {}, '0'],
    ['.5', {}, '0.5'],
  ])('reads %j as %s', (text, format, value) => {
    expect(parseAmount(text, format)).toEqual({ value });
  });

  it.each([
    [' 1,2x3 ', US],
    ['1,23', US],
    ['12,345,67', US],
    ['1.234,5', US],
    ['1,234.567,89', EUROPEAN],
    ['1.5E+07', US],
    ['USD 12', US],
    ['--5', US],
    ['1,234', {}],
    ['.', US],
  ])('refuses %j', (text, format) => {
    expect(parseAmount(text, format)).toMatchObject({ error: expect.stringContaining('not a number') as unknown });
  });

  it('takes an empty cell as no amount', () => {
    expect(parseAmount('  ', US)).toBeNull();
  });

  it('suggests declaring the separator when a comma is not expected', () => {
    expect(parseAmount('1,234', {})).toEqual({ error: expect.stringMatching(/declare it in the column map's "numbers"/) as unknown });
  });
});

describe('exact sums', () => {
  it('adds a million small amounts to the exact total, where floats drift', () => {
    const sum = new DecimalSum();
    let float = 0;
    for (let i = 0; i < 1_000_000; i += 1) {
      sum.add('0.1');
      float += 0.1;
    }
    expect(sum.toString()).toBe('100000');
    expect(float).not.toBe(100000);
  });

  it('mixes scales and signs', () => {
    expect(sumOf(['1.5', '-0.25', '10', '-11.25'])).toBe('0');
    expect(sumOf(['99999999999999999999.99', '0.01'])).toBe('100000000000000000000');
    expect(sumOf(['-3.5', '1'])).toBe('-2.5');
  });

  it('writes spreadsheet numbers without exponents', () => {
    expect([numberText(1e21), numberText(1.5e-7), numberText(-2.5), numberText(123456789.12)]).toEqual([
      '1000000000000000000000',
      '0.00000015',
      '-2.5',
      '123456789.12',
    ]);
  });
});

describe('a CSV with decimal commas and semicolons', () => {
  let dir: string;
  let coa: Coa;
  const map: ColumnMap = {
    name: 'zz-european',
    country: 'ZZ',
    delimiter: ';',
    fiscalYear: { value: '2025/26' },
    currency: { value: 'ZZD' },
    numbers: { thousands: '.', decimal: ',' },
    segments: { administrative: { columns: ['Ministerio', 'Departamento'], trimZeros: true }, economic: { columns: ['Económico'] } },
    amounts: { approved: 'Aprobado', paid: 'Pagado' },
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-num-'));
    coa = await testCoa(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads "1.234.567,89" exactly, and leaves a stage without an amount absent', async () => {
    const file = path.join(dir, 'european.csv');
    await writeFile(
      file,
      'Ministerio;Departamento;Económico;Aprobado;Pagado\n010;01;21;1.234.567,89;1.000.000,5\n010;002;22;"  12,00 ";\n',
    );
    const records = await readBudgetFile(file, map, { coa });
    expect(records.map((r) => [r.codes, r.amounts])).toEqual([
      [
        { administrative: '10-1', economic: '21' },
        { approved: '1234567.89', paid: '1000000.5' },
      ],
      [{ administrative: '10-2', economic: '22' }, { approved: '12' }],
    ]);
  });

  it('rejects a point used as the decimal separator, naming row and column', async () => {
    const file = path.join(dir, 'mixed.csv');
    await writeFile(file, 'Ministerio;Departamento;Económico;Aprobado;Pagado\n10;1;21;1234.56;0\n');
    const error = await rejection(readBudgetFile(file, map, { coa, displayName: 'mixed.csv' }));
    expect(located(error)).toEqual([{ code: 'NOT_A_NUMBER', file: 'mixed.csv', row: 2, column: 'Aprobado' }]);
  });
});
