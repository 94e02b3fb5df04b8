import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAreaSheet } from '../../src/cli/demo/registry/area-sheet.js';
import { applyMappingSheet } from '../../src/mapping/rules/sheet-apply.js';
import { projectRoot } from '../../src/paths.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/** The README's registry queries, run on the demo's registry as the roles the README says. */
let hub: RegistryHub;
let blocks: Map<string, string>;

beforeAll(async () => {
  hub = await registryHub(2000);
  await hub.db.orm.em.fork().transactional((em) => applyMappingSheet(em, Buffer.from(demoAreaSheet()), 'areas.csv', 'test'));
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  blocks = new Map(
    [...readme.matchAll(/```graphql\n# ([^\n]*)\n([\s\S]*?)```/g)].map((match) => [match[1] ?? '', `# ${match[1]}\n${match[2]}`]),
  );
}, 300_000);
afterAll(() => hub?.close());

function block(title: string): string {
  const found = [...blocks.entries()].find(([name]) => name.startsWith(title));
  if (!found) throw new Error(`no README query starting "${title}"`);
  return found[1];
}

interface Cell {
  areaName: string;
  sex: string;
  count: number;
}
type Table = { exact: boolean; cells: Cell[]; totals: Cell[] };

describe('the README registry queries', () => {
  it('answers the aggregate query exactly for a registry officer and, within the documented bound, for an analyst', async () => {
    const query = block('As an analyst: SCTP beneficiaries');
    const exact = (await hub.as(['registry-officer'], query)).data as { registryStatistics: Table };
    const dedza = (table: Table) => table.cells.filter((c) => c.areaName === 'Dedza').map((c) => [c.sex, c.count]);
    expect(exact.registryStatistics.exact).toBe(true);
    expect(dedza(exact.registryStatistics)).toEqual([
      ['F', 101],
      ['M', 77],
    ]);
    const likoma = exact.registryStatistics.cells.find((c) => c.areaName === 'Likoma' && c.sex === 'F');
    expect(likoma?.count).toBeLessThan(5);
    const result = await hub.as(['analyst'], query);
    expect(result.errors).toBeUndefined();
    const table = (result.data as { registryStatistics: Table }).registryStatistics;
    expect(table.exact).toBe(false);
    // Dedza's women and men are each the sum of their district cells (status × age band): ±2 per cell.
    const finest = await hub.as(
      ['registry-officer'],
      `{ registryStatistics(measure: BENEFICIARIES, by: [AREA, SEX, AGE_BAND, STATUS], programmes: ["SCTP"], to: "2025-09-30") { cells { areaName sex } } }`,
    );
    const cells = (finest.data as { registryStatistics: { cells: Cell[] } }).registryStatistics.cells;
    for (const [sex, truth] of [
      ['F', 101],
      ['M', 77],
    ] as const) {
      const under = cells.filter((c) => c.areaName === 'Dedza' && c.sex === sex).length;
      const shown = table.cells.find((c) => c.areaName === 'Dedza' && c.sex === sex)!.count;
      expect(Math.abs(shown - truth)).toBeLessThanOrEqual(2 * under);
    }
    const total = (t: Table) => t.totals.find((c) => c.areaName === null)!.count;
    expect(total(table)).toBe(table.cells.reduce((sum, c) => sum + c.count, 0));
    expect(total(exact.registryStatistics)).toBe(exact.registryStatistics.cells.reduce((sum, c) => sum + c.count, 0));
  });

  it('answers payments and reconciliation for an analyst', async () => {
    const result = await hub.as(['analyst'], block('As an analyst: payments made'));
    expect(result.errors).toBeUndefined();
    const data = result.data as { paymentReconciliation: { cycle: string; paidShare: string }[] };
    expect(data.paymentReconciliation.map((r) => r.cycle)).toEqual(['2025-07', '2025-08', '2025-09']);
  });

  it('refuses the personal-data query to an analyst and answers it, audited, for a registry officer', async () => {
    const query = block('Personal data:');
    const analyst = await hub.as(['analyst'], query);
    expect(analyst.errors?.[0]?.message).toMatch(
      /Query\.households needs the role registry-officer \(or system-admin\).*has the roles analyst/,
    );
    expect(analyst.data ?? null).toBeNull();
    const admin = await hub.as(['system-admin'], query);
    expect(admin.errors?.[0]?.message).toMatch(/is personal data: only a registry officer may read it/);
    const officer = await hub.as(['registry-officer'], query);
    expect(officer.errors).toBeUndefined();
    const households = (officer.data as { households: { nodes: { members: { individual: { givenName: string } }[] }[] } }).households.nodes;
    expect(households).toHaveLength(2);
    expect(households[0]?.members[0]?.individual.givenName).toEqual(expect.any(String));
    const log = await hub.as(['system-admin'], block('As a system administrator: who read personal data'));
    const entries = (log.data as { personalDataReads: { nodes: { operationName: string; fields: string[] }[] } }).personalDataReads.nodes;
    expect(entries.filter((e) => e.operationName === 'BlantyreHouseholds').flatMap((e) => e.fields)).toContain('Individual.givenName');
  });

  it('lists programmes with their funding and districts with their location codes', async () => {
    const result = await hub.as(['analyst'], block('Programmes with who funds them'));
    expect(result.errors).toBeUndefined();
    const areas = (result.data as { adminAreas: { name: string; location: { code: string } | null }[] }).adminAreas;
    expect(areas.find((a) => a.name === 'Dedza')?.location?.code).toBe('208');
  });
});
