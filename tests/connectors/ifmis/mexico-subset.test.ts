import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { BudgetSource } from '../../../connectors/ifmis/source.js';
import type { BudgetRecord } from '../../../connectors/ifmis/types.js';
import { isRejected } from '../../../connectors/source.js';
import { countryCoa } from '../../../src/finance/coa/load.js';
import { sample } from '../../support/sample-data.js';
import { MAPS_DIR } from './support.js';

/**
 * The UTF-8 subset of the Mexican budget (every line financed from abroad or by national
 * counterpart funds, and every 25th line), read through the BudgetSource as a loader would.
 */
const CSV = sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
let records: BudgetRecord[];
let raw: Record<string, string>[];

beforeAll(async () => {
  const map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016-utf8.json'));
  const source = new BudgetSource({ map });
  expect(source.name).toBe('budget');
  records = [];
  for await (const item of source.read({ path: CSV, displayName: 'subset.csv' }, new AbortController().signal)) {
    if (isRejected(item)) throw new Error(`rejected: ${item.reason}`);
    records.push(item);
  }
  raw = parse(await readFile(CSV, 'utf8'), { columns: true }) as Record<string, string>[];
});

describe('the UTF-8 subset of the Mexico PEF 2016', () => {
  it('yields its 3,104 lines, 79 financed by external loans (fund 2) and 14 by national counterpart funds', () => {
    expect(records).toHaveLength(3_104);
    expect(records.filter((r) => r.codes.fund === '2')).toHaveLength(79);
    expect(records.filter((r) => r.codes.fund === '3')).toHaveLength(14);
  });

  it('gives every line the same approved amount as the raw text, exactly', () => {
    expect(raw).toHaveLength(3_104);
    const exact = (text: string): bigint => {
      const digits = text.replace(/[ ,]/g, '');
      return digits === '-' ? 0n : BigInt(digits);
    };
    records.forEach((record, i) => expect(BigInt(record.amounts.approved ?? 'x')).toBe(exact(raw[i]?.PEF_2016 ?? '')));
  });

  it('resolves every code in the Mexican chart of accounts, with its names', () => {
    const coa = countryCoa('MX');
    const loan = records.find((r) => r.codes.fund === '2');
    expect(loan).toBeDefined();
    for (const [segment, code] of Object.entries(loan?.codes ?? {})) expect(coa.canonical(segment, code)).toBe(code);
    expect(coa.segment('fund')?.codes.get('2')?.name).toBe(
      'Gasto financiado con recursos del BID-BIRF, así como otros financiamientos externos',
    );
    expect(coa.ancestry('economic', '6200').map((c) => c.name)).toEqual(['Obra pública en bienes propios', 'Inversión pública']);
    expect(coa.ancestry('functional', '2.1.3').map((c) => c.code)).toEqual(['2.1.3', '2.1', '2']);
  });

  it('keeps the investment-project key of the lines that have one and gives none to the rest', () => {
    const withProject = raw.filter((r) => r.CLAVE_CARTERA !== '0').map((r) => r.CLAVE_CARTERA);
    expect(records.flatMap((r) => (r.codes.project ? [r.codes.project] : []))).toEqual(withProject);
  });
});
