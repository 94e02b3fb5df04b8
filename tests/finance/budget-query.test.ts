import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBudgetFile, resolveColumnMap } from '../../connectors/ifmis/import.js';
import { importRatesFile } from '../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../connectors/rates/types.js';
import { generateMalawiBudget } from '../../src/cli/demo/budget/generate.js';
import { writeMalawiBudgetXlsx } from '../../src/cli/demo/budget/xlsx.js';
import { writeRatesCsv } from '../../src/cli/demo/rates/generate-rates.js';
import { mappingsDir } from '../../src/paths.js';
import { testHub, type TestHub } from '../support/hub.js';
import { sample } from '../support/sample-data.js';

/**
 * Budget totals through the gateway, checked against sums computed here straight from the real
 * Mexican file (BigInt pesos) and from the generated Malawi budget (integer tambala).
 */
type Row = Record<string, string>;
const subset = () => sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
/** Amounts as the export writes them: " 99,305,000 ", and " - " (accounting) for zero. */
const pesos = (row: Row): bigint => {
  const text = (row.PEF_2016 ?? '').replace(/[\s,]/g, '');
  return text === '-' || text === '' ? 0n : BigInt(text);
};
const sumBy = (rows: readonly Row[], key: (row: Row) => string): Map<string, bigint> => {
  const sums = new Map<string, bigint>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0n) + pesos(row));
  return sums;
};

interface Total {
  fiscalYear: string;
  currency: string;
  lines: number;
  executionRate: string | null;
  group: { segment: string; code: { code: string; level: number; name: string | null } }[];
  amounts: Record<string, string | null>;
}
const TOTAL = 'fiscalYear currency lines executionRate group { segment code { code level name } } amounts { approved revised paid }';

let hub: TestHub;
let rows: Row[];

beforeAll(async () => {
  hub = await testHub([]);
  rows = parse(readFileSync(subset(), 'utf8'), { columns: true }) as Row[];
  const mexico = await importBudgetFile(hub.db.orm, { path: subset() }, { map: await resolveColumnMap('mexico-pef-2016-utf8') });
  expect(mexico.status).toBe('succeeded');
  const dir = await mkdtemp(path.join(tmpdir(), 'tributary-budget-'));
  const { file } = await writeMalawiBudgetXlsx(path.join(dir, 'malawi.xlsx'));
  const malawi = await importBudgetFile(hub.db.orm, { path: file }, { map: await resolveColumnMap('malawi-demo') });
  expect(malawi.status, malawi.error?.message).toBe('succeeded');
}, 120_000);

afterAll(() => hub?.close());

describe('budget totals', () => {
  it('totals the Mexican 2016 budget to the peso', async () => {
    const { budget } = await hub.query<{ budget: Total[] }>(`{ budget(country: "MX", fiscalYears: ["2016"]) { ${TOTAL} } }`);
    const total = rows.reduce((sum, row) => sum + pesos(row), 0n);
    expect(budget).toHaveLength(1);
    expect(budget[0]).toMatchObject({ fiscalYear: '2016', currency: 'MXN', lines: rows.length, amounts: { approved: String(total) } });
  });

  it('rolls the functional segment up to finalidad and función, with names, and keeps the total', async () => {
    const query = `query($level: Int) { budget(country: "MX", groupBy: [{ segment: "functional", level: $level }]) { ${TOTAL} } }`;
    const byGroup = (await hub.query<{ budget: Total[] }>(query, { level: 1 })).budget;
    const expected = sumBy(rows, (r) => r.GF ?? '');
    expect(new Map(byGroup.map((t) => [t.group[0]?.code.code, BigInt(t.amounts.approved ?? '')]))).toEqual(expected);
    expect(byGroup.every((t) => t.group[0]?.code.level === 1 && (t.group[0]?.code.name ?? '').length > 0)).toBe(true);
    expect(byGroup.find((t) => t.group[0]?.code.code === '1')?.group[0]?.code.name).toBe('Gobierno');

    const byFunction = (await hub.query<{ budget: Total[] }>(query, { level: 2 })).budget;
    expect(new Map(byFunction.map((t) => [t.group[0]?.code.code, BigInt(t.amounts.approved ?? '')]))).toEqual(
      sumBy(rows, (r) => `${r.GF}.${r.FN}`),
    );
  });

  it('crosses two segments at different levels (ramo × finalidad) and filters by a code and everything below it', async () => {
    const { budget } = await hub.query<{ budget: Total[] }>(
      `{ budget(country: "MX", groupBy: [{ segment: "administrative", level: 1 }, { segment: "functional", level: 1 }],
          filter: [{ segment: "functional", codes: ["2"] }]) { ${TOTAL} } }`,
    );
    const social = rows.filter((r) => r.GF === '2');
    const expected = sumBy(social, (r) => `${r.Ramo}|${r.GF}`);
    expect(new Map(budget.map((t) => [`${t.group[0]?.code.code}|${t.group[1]?.code.code}`, BigInt(t.amounts.approved ?? '')]))).toEqual(
      expected,
    );
    expect(budget.reduce((n, t) => n + t.lines, 0)).toBe(social.length);
  });

  it('finds the lines financed by external credit (fund source 2), page by page', async () => {
    const external = rows.filter((r) => r.FF === '2');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        budgetLines: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { sourceRow: number }[] };
      } = await hub.query(
        `query($after: String) { budgetLines(country: "MX", filter: [{ segment: "fund", codes: ["2"] }], first: 50, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { sourceRow } } }`,
        { after },
      );
      expect(page.budgetLines.totalCount).toBe(external.length);
      seen.push(...page.budgetLines.nodes.map((n) => String(n.sourceRow)));
      if (!page.budgetLines.pageInfo.hasNextPage) break;
      after = page.budgetLines.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(external.length);
    expect(new Set(seen).size).toBe(external.length);
  });

  it('gives each fiscal year of the Malawi budget its execution rate: paid over revised (else approved)', async () => {
    const { budget } = await hub.query<{ budget: Total[] }>(`{ budget(country: "MW") { ${TOTAL} } }`);
    const lines = generateMalawiBudget().lines;
    expect(budget.map((t) => t.fiscalYear)).toEqual(['2023/24', '2024/25', '2025/26']);
    for (const total of budget) {
      const year = lines.filter((l) => l.fiscalYear === total.fiscalYear);
      const paid = year.reduce((s, l) => s + BigInt(l.amounts.paid ?? 0), 0n);
      const base = year.reduce((s, l) => s + BigInt(l.amounts.revised ?? l.amounts.approved ?? 0), 0n);
      const tambala = (n: bigint) => `${n / 100n}.${String(n % 100n).padStart(2, '0')}`;
      expect(total.amounts.paid ?? '0.00').toBe(tambala(paid));
      // Rounded half away from zero to four decimals, as PostgreSQL's round(numeric) does.
      const scaled = (paid * 100_000n) / base;
      const rate = (scaled + 5n) / 10n;
      expect(total.executionRate).toBe(`${rate / 10_000n}.${String(rate % 10_000n).padStart(4, '0')}`);
    }
    expect(Number(budget[0]?.executionRate)).toBeGreaterThan(0.8);
  });
});

describe('budget totals in another currency', () => {
  beforeAll(async () => {
    const rbm = JSON.parse(readFileSync(path.join(mappingsDir, 'rates', 'reserve-bank-of-malawi.json'), 'utf8')) as RatesColumnMap;
    const bank = await writeRatesCsv(await mkdtemp(path.join(tmpdir(), 'tributary-rates-')));
    for (const result of [
      await importRatesFile(hub.db.orm, bank, { format: 'csv', map: rbm }),
      await importRatesFile(hub.db.orm, sample('iati', 'exchange-rates', 'currency_monthlyaverage.json'), { format: 'imf-monthly' }),
    ])
      expect(result.status, result.error?.message).toBe('succeeded');
  }, 120_000);

  it('values kwacha at the bank’s last rate before the fiscal year, and in SDR through the dollar, bank then IMF', async () => {
    type Money = { amount: string; rate: string; date: string; method: string; source: string; rates: { date: string; source: string }[] };
    const { budget } = await hub.query<{ budget: { fiscalYear: string; amounts: { paid: string }; usd: Money; xdr: Money }[] }>(
      `{ budget(country: "MW", fiscalYears: ["2023/24"]) { fiscalYear amounts { paid }
        usd: amount(currency: "USD", stage: PAID) { amount rate date method source rates { date source } }
        xdr: amount(currency: "XDR", stage: PAID) { amount rate date method source rates { date source } } } }`,
    );
    const [total] = budget;
    expect(total?.usd).toMatchObject({ date: '2023-04-01', method: 'nearest-earlier', source: 'reserve-bank-of-malawi' });
    expect(total?.usd.rates).toEqual([{ date: '2023-03-31', source: 'reserve-bank-of-malawi' }]);
    expect(total?.xdr).toMatchObject({ method: 'nearest-earlier', source: 'reserve-bank-of-malawi + imf-monthly-average' });
    expect(total?.xdr.rates).toEqual([
      { date: '2023-03-31', source: 'reserve-bank-of-malawi' },
      { date: '2023-04-01', source: 'imf-monthly-average' },
    ]);
    for (const money of [total?.usd, total?.xdr]) {
      expect(money?.amount).toBe(
        new Decimal(total?.amounts.paid ?? '')
          .times(money?.rate ?? '')
          .toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN)
          .toFixed(2),
      );
    }
  });
});
