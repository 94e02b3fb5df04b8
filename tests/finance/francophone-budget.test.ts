import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../connectors/ifmis/column-map.js';
import { importBudgetFile } from '../../connectors/ifmis/import.js';
import { loadChart } from '../../src/finance/coa/load-chart.js';
import { testHub, type TestHub } from '../support/hub.js';
import { writeChartWorkbook } from './coa-workbook.js';
import { SENEGAL_EXPORT, SENEGAL_MAP, latin1 } from './senegal-export.js';

/**
 * A new country without touching the code: the made-up Senegal-style chart (coa-workbook.ts)
 * loaded as `coa load` loads it, then a francophone IFMIS export (senegal-export.ts) imported and
 * read back through the budget graph.
 */
let hub: TestHub;
let dir: string;

beforeAll(async () => {
  hub = await testHub([]);
  dir = await mkdtemp(path.join(tmpdir(), 'francophone-'));
  const chart = path.join(dir, 'senegal.xlsx');
  await writeChartWorkbook(chart);
  await loadChart(hub.db.orm.em.fork(), chart, { by: 'test' });
});
afterAll(() => hub?.close());

async function importExport(text: string, map: ColumnMap = SENEGAL_MAP) {
  const file = path.join(dir, `lfi-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, latin1(text));
  return importBudgetFile(hub.db.orm, { path: file, displayName: 'lfi-2026.csv' }, { map });
}

interface Total {
  group: { segment: string; code: { code: string; name: string | null } }[];
  lines: number;
  amounts: { commitmentAuthority: string | null; approved: string | null; verified: string | null; paid: string | null };
}

describe('a francophone IFMIS export for a country loaded with coa load', () => {
  it('imports the lines with AE, CP and liquidé, checks the section subtotals, and totals them in the graph', async () => {
    const result = await importExport(SENEGAL_EXPORT);
    expect(result.error?.message).toBeUndefined();
    expect(result.counts).toMatchObject({ seen: 4, loaded: 4 });
    const { budget } = await hub.query<{ budget: Total[] }>(
      `{ budget(country: "SN", fiscalYears: ["2026"], groupBy: [{ segment: "administrative", level: 1 }]) {
          group { segment code { code name } } lines amounts { commitmentAuthority approved verified paid } } }`,
    );
    expect(budget).toEqual([
      {
        group: [{ segment: 'administrative', code: { code: '21', name: 'Ministère de la Santé et de l’Action sociale' } }],
        lines: 3,
        amounts: { commitmentAuthority: '7050000.5', approved: '3200000', verified: '1360000.25', paid: null },
      },
      {
        group: [{ segment: 'administrative', code: { code: '23', name: 'Ministère de l’Éducation nationale' } }],
        lines: 1,
        amounts: { commitmentAuthority: '2000000', approved: '2000000', verified: '1999999.99', paid: null },
      },
    ]);
  });

  it("shows the loaded chart in the graph: its version and origin, and each code's COFOG link", async () => {
    const { financeCountry } = await hub.query<{ financeCountry: unknown }>(
      `{ financeCountry(code: "SN") {
          name currency fiscalYearStartMonth chartVersion chartOrigin
          chartVersions { version origin input loadedBy added changed retiredCodes }
          segments { id codes(parent: "P211") { code cofog retired } } } }`,
    );
    expect(financeCountry).toEqual({
      name: 'Sénégal (made-up test chart)',
      currency: 'XOF',
      fiscalYearStartMonth: 1,
      chartVersion: 1,
      chartOrigin: 'load',
      chartVersions: [
        {
          version: 1,
          origin: 'load',
          input: expect.stringMatching(/senegal\.xlsx$/),
          loadedBy: 'test',
          added: 203,
          changed: 0,
          retiredCodes: [],
        },
      ],
      segments: [
        { id: 'administrative', codes: [] },
        {
          id: 'programme',
          codes: [
            { code: 'P211-1', cofog: '07.2.1', retired: false },
            { code: 'P211-2', cofog: '07.4.0', retired: false },
          ],
        },
        { id: 'nature', codes: [] },
        { id: 'functional', codes: [] },
      ],
    });
  });

  it('reads COFOG written 0721, 07.4.0 and 731 as the classification spells it', async () => {
    const { budget } = await hub.query<{ budget: Total[] }>(
      `{ budget(country: "SN", fiscalYears: ["2026"], groupBy: [{ segment: "functional" }]) { group { code { code } } lines } }`,
    );
    expect(budget.map((t) => t.group[0]?.code.code)).toEqual(['07.2.1', '07.3.1', '07.4.0', '09.1.2']);
  });

  it('refuses a subtotal that does not add up, naming its row and column, and keeps the budget as it was', async () => {
    const wrong = SENEGAL_EXPORT.replace('TOTAL SECTION 21;7 050 000,50', 'TOTAL SECTION 21;7 050 000,51');
    const result = await importExport(wrong);
    expect(result.status).toBe('rejected');
    expect(result.error?.message).toMatch(
      /lfi-2026\.csv, row 5, column AE: subtotal commitment_authority 7050000\.51 does not equal 7050000\.5, the sum of the 3 lines it covers/,
    );
    const { budget } = await hub.query<{ budget: Total[] }>(`{ budget(country: "SN") { lines } }`);
    expect(budget[0]?.lines).toBe(4);
  });

  it('refuses a column map that names a column under a field it does not know, instead of leaving the column unread', async () => {
    const map = { ...SENEGAL_MAP, amount: { paid: 'Payé' } } as unknown as ColumnMap;
    const result = await importExport(SENEGAL_EXPORT, map);
    expect(result.status).toBe('rejected');
    expect(result.error?.message).toMatch(/column map sn-lfi-test, amount: not a field of a column map/);
  });

  it.each([
    ['(total', /subtotals\.pattern: not a regular expression/],
    ['x'.repeat(201), /subtotals\.pattern: give a regular expression of at most 200 characters/],
  ])('refuses a subtotal pattern that is not a usable regular expression (%#)', async (pattern, message) => {
    const result = await importExport(SENEGAL_EXPORT, { ...SENEGAL_MAP, subtotals: { column: 'Libellé', pattern } });
    expect(result.status).toBe('rejected');
    expect(result.error?.message).toMatch(message);
  });
});
