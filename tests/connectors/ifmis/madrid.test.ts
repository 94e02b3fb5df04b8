import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { fromFiscalDataPackage } from '../../../connectors/ifmis/fdp.js';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import type { BudgetRecord } from '../../../connectors/ifmis/types.js';
import { sample } from '../../support/sample-data.js';
import { MAPS_DIR } from './support.js';

/**
 * Madrid's 2012–2015 city budget, read with the column map its own Fiscal Data Package
 * descriptor gives, against the minimal Spanish chart of accounts in mappings/coa/es/.
 */
const CSV = sample('budget', 'fiscal-data-package', 'madrid-municipal-gastos-2012-2015.csv');
const DESCRIPTOR = sample('budget', 'fiscal-data-package', 'madrid-municipal-gastos.datapackage.json');
let map: ColumnMap;
let records: BudgetRecord[];
let raw: Record<string, string>[];

beforeAll(async () => {
  map = fromFiscalDataPackage(JSON.parse(await readFile(DESCRIPTOR, 'utf8')), { name: 'madrid-gastos-2012-2015' });
  records = await readBudgetFile(CSV, map, { displayName: 'madrid.csv' });
  raw = parse(await readFile(CSV, 'utf8'), { columns: true }) as Record<string, string>[];
});

describe('the Madrid budget through its FDP-derived column map', () => {
  it('is the map saved in mappings/ifmis/', async () => {
    const saved = await loadColumnMap(path.join(MAPS_DIR, 'madrid-gastos-2012-2015.json'));
    expect({ ...saved, description: '' }).toEqual({ ...map, description: '' });
  });

  it('reads every line of every year 2012–2015, with each year summing to the raw total', () => {
    expect(records).toHaveLength(20_217);
    const years = ['2012', '2013', '2014', '2015'];
    for (const year of years) {
      const lines = records.filter((r) => r.fiscalYear === year);
      const rows = raw.filter((r) => r['AÑO'] === year);
      expect(lines.length, year).toBe(rows.length);
      const total = (values: string[]): bigint => values.reduce((sum, v) => sum + BigInt(v), 0n);
      expect(total(lines.map((l) => l.amounts.approved ?? 'x')), year).toBe(total(rows.map((r) => r.IMPORTE ?? 'x')));
    }
    expect(new Set(records.map((r) => r.fiscalYear))).toEqual(new Set(years));
  });

  it('codes each line by centre and section, programme, and chapter and item, without leading zeros', () => {
    expect(records[0]).toMatchObject({
      row: 2,
      country: 'ES',
      fiscalYear: '2012',
      currency: 'EUR',
      codes: { administrative: '1-2', programme: '91100', economic: '1-12000' },
      amounts: { approved: '102739' },
    });
  });
});
