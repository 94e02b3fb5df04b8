import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHub, type RegistryHub } from '../registry/graph-support.js';

/**
 * A programme's statistics nested under the programme go through the same disclosure control as
 * registryStatistics: the same cells for the same question, the same refusals, and nothing gained
 * by subtracting one path's answer from the other's.
 */
let hub: RegistryHub;
beforeAll(async () => {
  hub = await registryHub(400);
});
afterAll(() => hub?.close());

interface Cell {
  programme: string | null;
  area: string | null;
  period: string | null;
  sex: string | null;
  ageBand: string | null;
  status: string | null;
  count: number;
  amount: string | null;
  over: string[] | null;
}
interface Table {
  exact: boolean;
  cells: Cell[];
  totals: Cell[];
}
const CELL = 'programme area period sex ageBand status count amount over';
const CELLS = `exact cells { ${CELL} } totals { ${CELL} }`;

async function run<T>(roles: string[], query: string): Promise<T> {
  const result = await hub.as(roles, query);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

async function nested(roles: string[], args: string): Promise<Record<string, Table>> {
  const data = await run<{ programmes: { code: string; statistics: Table }[] }>(
    roles,
    `{ programmes { code statistics(${args}) { ${CELLS} } } }`,
  );
  return Object.fromEntries(data.programmes.map((p) => [p.code, p.statistics]));
}

async function topLevel(roles: string[], args: string, programmes: string[]): Promise<Table> {
  const list = programmes.map((p) => JSON.stringify(p)).join(', ');
  return (await run<{ registryStatistics: Table }>(roles, `{ registryStatistics(${args}, programmes: [${list}]) { ${CELLS} } }`))
    .registryStatistics;
}

const QUESTIONS = [
  'measure: PAYMENTS, by: [AREA], from: "2025-04-01", to: "2025-09-30"',
  'measure: PAYMENTS, by: [AREA, PERIOD, SEX], from: "2025-07-01", to: "2025-09-30", totals: [[AREA], []]',
  'measure: BENEFICIARIES, by: [AREA, SEX], to: "2025-09-30", totals: [[AREA], []]',
  'measure: GRIEVANCES, by: [AREA], from: "2024-10-01", to: "2025-09-30"',
];
/** The same question asked at the top level, PROGRAMME in `by` and in every total (the nested default total is the programme's). */
const WITH_PROGRAMME = (args: string) =>
  args.includes('totals:')
    ? args.replace('by: [', 'by: [PROGRAMME, ').replace('totals: [[AREA], []]', 'totals: [[PROGRAMME, AREA], [PROGRAMME]]')
    : `${args.replace('by: [', 'by: [PROGRAMME, ')}, totals: [[PROGRAMME]]`;

describe("a programme's statistics, nested", () => {
  for (const roles of [['analyst'], ['registry-officer']])
    it(`are registryStatistics' cells and totals for that programme, as ${roles[0]}`, async () => {
      for (const args of QUESTIONS) {
        const byProgramme = await nested(roles, args);
        const codes = Object.keys(byProgramme);
        expect(codes.length).toBeGreaterThanOrEqual(3);
        const all = await topLevel(roles, WITH_PROGRAMME(args), codes);
        for (const code of codes) {
          const mine = byProgramme[code]!;
          expect(mine.exact, args).toBe(roles[0] === 'registry-officer');
          expect(mine.cells, `${args} ${code}`).toEqual(all.cells.filter((c) => c.programme === code));
          expect(mine.totals, `${args} ${code}`).toEqual(all.totals.filter((c) => c.programme === code));
        }
      }
    });

  it('give an analyst, for one programme asked alone at the top level, the same perturbed numbers', async () => {
    const args = 'measure: PAYMENTS, by: [AREA], from: "2025-04-01", to: "2025-09-30"';
    const byProgramme = await nested(['analyst'], args);
    for (const [code, table] of Object.entries(byProgramme)) {
      const alone = await topLevel(['analyst'], WITH_PROGRAMME(args), [code]);
      const numbers = (cells: Cell[]) => cells.map((c) => [c.area, c.count, c.amount === null ? null : new Decimal(c.amount).toFixed(2)]);
      expect(numbers(table.cells), code).toEqual(numbers(alone.cells));
    }
  });

  it('leave nothing to subtract: nested minus top-level gives back perturbed cells, never the true small ones', async () => {
    // Differencing across the two paths: the national figure by the top-level query minus the
    // nested cells of every district but one is that district's published (perturbed) figure. The
    // cells are the finest ones (every dimension, by district), where the guarantee is stated.
    const args = 'measure: BENEFICIARIES, by: [AREA, SEX, AGE_BAND, STATUS], to: "2025-09-30"';
    const byProgramme = await nested(['analyst'], args);
    const exactByProgramme = await nested(['registry-officer'], args);
    let small = 0;
    for (const [code, table] of Object.entries(byProgramme)) {
      const national = await topLevel(['analyst'], 'measure: BENEFICIARIES, by: [PROGRAMME], to: "2025-09-30"', [code]);
      const total = national.cells[0]?.count ?? 0;
      for (const cell of table.cells) {
        const rest = table.cells.filter((c) => c !== cell).reduce((n, c) => n + c.count, 0);
        expect(total - rest, `${code} ${cell.area}`).toBe(cell.count);
        const same = (c: Cell) =>
          JSON.stringify([c.area, c.sex, c.ageBand, c.status]) === JSON.stringify([cell.area, cell.sex, cell.ageBand, cell.status]);
        const truth = exactByProgramme[code]!.cells.find(same)?.count ?? 0;
        if (truth > 0 && truth < 5) {
          small += 1;
          expect(total - rest, `${code} ${cell.area}`).not.toBe(truth);
        }
      }
      for (const truth of exactByProgramme[code]!.cells)
        if (
          truth.count > 0 &&
          truth.count < 5 &&
          !table.cells.some(
            (c) =>
              JSON.stringify([c.area, c.sex, c.ageBand, c.status]) === JSON.stringify([truth.area, truth.sex, truth.ageBand, truth.status]),
          )
        )
          small += 1;
    }
    expect(small, 'the test registry has small district cells').toBeGreaterThan(0);
  });

  it('refuse an analyst what registryStatistics refuses, naming the argument', async () => {
    const areas = await run<{ adminAreas: { code: string }[] }>(['analyst'], '{ adminAreas(level: 3) { code } }');
    const ta = areas.adminAreas[0]!.code;
    const refusals = [
      ['measure: BENEFICIARIES, by: [AREA], areaLevel: 3, to: "2025-09-30"', 'areaLevel'],
      ['measure: PAYMENTS, by: [AREA], from: "2025-04-02", to: "2025-09-30"', 'from'],
      ['measure: PAYMENTS, by: [AREA], from: "2025-04-01", to: "2025-09-29"', 'to'],
      [`measure: BENEFICIARIES, area: "${ta}", to: "2025-09-30"`, 'area'],
      ['measure: HOUSEHOLD_CHANGES, from: "2025-04-01", to: "2025-09-30"', 'measure'],
    ] as const;
    for (const [args, field] of refusals) {
      const result = await hub.as(['analyst'], `{ programmes { code statistics(${args}) { exact cells { count } } } }`);
      expect(result.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field, args).toBe(field);
      const data = result.data as { programmes: { statistics: unknown }[] } | null;
      for (const programme of data?.programmes ?? []) expect(programme.statistics, args).toBeNull();
    }
  });

  it('are refused to anyone not signed in, like every registry field', async () => {
    const result = await hub.as([], '{ programmes { code statistics(measure: PAYMENTS) { exact } } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });
});
