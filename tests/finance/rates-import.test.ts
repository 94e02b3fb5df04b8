import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRatesFile } from '../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../connectors/rates/types.js';
import { writeRatesCsv } from '../../src/cli/demo/rates/generate-rates.js';
import { financeDb } from '../../src/finance/db.js';
import { mappingsDir } from '../../src/paths.js';
import { tableCounts, testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

const IMF = sample('iati', 'exchange-rates', 'currency_monthlyaverage.json');
const MAP = JSON.parse(readFileSync(path.join(mappingsDir, 'rates', 'reserve-bank-of-malawi.json'), 'utf8')) as RatesColumnMap;

describe('importing exchange rates', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await testDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-rates-'));
  });
  afterAll(async () => db.close());

  it('loads the IMF monthly averages exactly as written, and changes nothing on a second import', async () => {
    const first = await importRatesFile(db.orm, IMF, { format: 'imf-monthly' });
    expect(first).toMatchObject({ status: 'succeeded', counts: { seen: 17519, loaded: 17519, updated: 0 } });
    // Read without casts: the types inferred from the entity (numeric and date as text) are what both drivers return.
    const row = await financeDb(db.orm.em.fork())
      .selectFrom('fin_exchange_rate')
      .select(['rate', 'date', 'period'])
      .where('currency', '=', 'ATS')
      .where('quote', '=', 'XDR')
      .where('date', '=', '1994-01-01')
      .executeTakeFirst();
    expect(row).toEqual({ rate: '0.059409175', date: '1994-01-01', period: 'month' });
    const again = await importRatesFile(db.orm, IMF, { format: 'imf-monthly' });
    expect(again.counts).toMatchObject({ loaded: 0, updated: 0, unchanged: 17519 });
  });

  it('reads a central bank CSV through its column map, thousands separators and DD/MM/YYYY dates included', async () => {
    const file = await writeRatesCsv(dir);
    const result = await importRatesFile(db.orm, file, { format: 'csv', map: MAP });
    expect(result.status).toBe('succeeded');
    const row = await financeDb(db.orm.em.fork())
      .selectFrom('fin_exchange_rate')
      .select([
        sql<number>`count(*)::int`.as('n'),
        sql<string>`max(rate) filter (where date = '2023-11-09' and currency = 'USD')::text`.as('devalued'),
      ])
      .where('source', '=', 'reserve-bank-of-malawi')
      .executeTakeFirst();
    expect(row?.n).toBe(result.counts.seen);
    expect(row?.devalued).toBe('1700.00');
  });

  it('refuses a file with bad cells as a whole, naming every one, and keeps the rates already held', async () => {
    const before = await tableCounts(db.orm, ['import_run']);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'Date,Currency,Middle Rate\n01/01/2024,USD,"1,700.00"\n31/02/2024,USD,1701\n02/01/2024,US,1702\n03/01/2024,EUR,-5\n',
    );
    const result = await importRatesFile(db.orm, bad, { format: 'csv', map: MAP });
    expect(result.status).toBe('rejected');
    expect(result.error?.message).toContain('3 bad cells, nothing imported');
    expect(result.error?.message).toContain('row 3, column Date: "31/02/2024" is not a DD/MM/YYYY date');
    expect(result.error?.message).toContain('row 4: currency "US" is not an ISO 4217 code');
    expect(result.error?.message).toContain('row 5, column Middle Rate: "-5" is not a positive number');
    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
  });

  it('refuses a JSON file that is not the IMF layout', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '[{"year": 2020, "month": 13, "currency_id": "USD", "value": 0.7}]');
    const result = await importRatesFile(db.orm, bad, { format: 'imf-monthly' });
    expect(result.error?.message).toContain('record 1: month "13" is not 1–12');
  });
});
