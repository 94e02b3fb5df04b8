import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consistentCounts } from '../../src/registry/disclosure/ptable.js';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * The attacks of issue 11, run as an analyst against a generated registry, each judged by what the
 * attacker can deduce: the true counts consistent with every number published (the p-table is
 * public, see ptable.ts), knowing even which district cells hold anybody (more than the README's
 * threat model grants). A group of 1 to k − 1 people must never be pinned down to one value, and a
 * group that is a single district cell must never be published as itself. The registry officer's
 * exact answers are the truth the attacks are judged against.
 */
let hub: RegistryHub;
const K = 5;
const DAY = '2025-09-30';
beforeAll(async () => {
  hub = await registryHub(300);
}, 120_000);
afterAll(() => hub?.close());

interface Cell {
  programme: string | null;
  area: string | null;
  period: string | null;
  sex: string | null;
  ageBand: string | null;
  status: string | null;
  currency: string | null;
  count: number;
  over: string[] | null;
}
const CELL = 'programme area period sex ageBand status currency count over';
type Dim = 'programme' | 'area' | 'period' | 'sex' | 'ageBand' | 'status' | 'currency';
const DIMS: Dim[] = ['programme', 'area', 'period', 'sex', 'ageBand', 'status', 'currency'];
const keyOf = (cell: Cell, dims: readonly Dim[] = DIMS) => dims.map((d) => cell[d]).join('|');

async function table(roles: string[], args: string): Promise<{ cells: Cell[]; totals: Cell[] }> {
  const result = await hub.as(roles, `{ registryStatistics(${args}) { cells { ${CELL} } totals { ${CELL} } } }`);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data as { registryStatistics: { cells: Cell[]; totals: Cell[] } }).registryStatistics;
}
const analyst = (args: string) => table(['analyst'], args);
const officer = (args: string) => table(['registry-officer'], args);

/**
 * The finest cells the hub publishes from, as the analyst and as the truth: every dimension the
 * measure has, by district. Every other number must be a sum of these published cells.
 */
interface Finest {
  readonly published: Map<string, number>;
  readonly truth: Map<string, number>;
  readonly cells: Cell[];
}

async function finest(args: string): Promise<Finest> {
  const [published, truth] = await Promise.all([analyst(args), officer(args)]);
  return {
    published: new Map(published.cells.map((c) => [keyOf(c), c.count])),
    truth: new Map(truth.cells.map((c) => [keyOf(c), c.count])),
    cells: truth.cells,
  };
}

/** Every sum of one value from each set (the attacker's view of a group of cells). */
function sumsOf(sets: readonly number[][]): Set<number> {
  let sums = new Set([0]);
  for (const set of sets) sums = new Set([...sums].flatMap((sum) => set.map((value) => sum + value)));
  return sums;
}

/** What the attacker can tell of a group's true count from its district cells' published values. */
function deducible(
  table: Finest,
  inGroup: (cell: Cell) => boolean,
): { truth: number; published: number; candidates: Set<number>; cells: number } {
  const cells = table.cells.filter(inGroup);
  const values = cells.map((c) => table.published.get(keyOf(c)) ?? 0);
  // The attacker is told which cells hold anybody: 0 is no longer a candidate for them.
  const candidates = sumsOf(values.map((v) => consistentCounts(v, K).filter((n) => n > 0)));
  return {
    truth: cells.reduce((sum, c) => sum + (table.truth.get(keyOf(c)) ?? 0), 0),
    published: values.reduce((a, b) => a + b, 0),
    candidates,
    cells: cells.length,
  };
}

/**
 * Judges one derived number: it must be what the group's district cells add up to (nothing new
 * was learnt by combining requests), the truth must stay among the candidates and, for a small
 * group, not alone; a single small district cell is never published as itself. Returns whether the
 * group was small, so each attack can show it met some.
 */
function judge(label: string, derived: number, table: Finest, inGroup: (cell: Cell) => boolean): boolean {
  const group = deducible(table, inGroup);
  expect(derived, `${label}: the derived number is the sum of the published district cells`).toBe(group.published);
  if (group.truth < 1 || group.truth >= K) return false;
  expect(group.candidates.has(group.truth), `${label}: the truth is among the candidates`).toBe(true);
  expect(group.candidates.size, `${label}: ${group.truth} left among ${[...group.candidates].join(', ')}`).toBeGreaterThanOrEqual(2);
  if (group.cells === 1) expect(derived, `${label}: a small district cell is not published as itself`).not.toBe(group.truth);
  return true;
}

const BENEFICIARIES_FINEST = `measure: BENEFICIARIES, by: [PROGRAMME, AREA, SEX, AGE_BAND, STATUS], to: "${DAY}"`;
const PAYMENTS_FINEST = `measure: PAYMENTS, by: [PROGRAMME, AREA, PERIOD, SEX, AGE_BAND, STATUS], statuses: ["pending", "paid", "failed", "reconciled"], from: "2025-07-01", to: "2025-09-30"`;

describe('disclosure attacks on registry statistics, as an analyst', () => {
  let people: Finest;
  let payments: Finest;
  beforeAll(async () => {
    people = await finest(BENEFICIARIES_FINEST);
    payments = await finest(PAYMENTS_FINEST);
  });

  it('finds no label that bounds a cell: no suppression fields, no count of 1, no small district cell as itself', async () => {
    const labels = await hub.as(
      ['analyst'],
      `{ registryStatistics(measure: BENEFICIARIES) { suppressedCount cells { suppressed suppressionReason } } }`,
    );
    expect(labels.errors?.map((e) => e.extensions?.code)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    let small = 0;
    for (const cell of people.cells) {
      if (judge(`cell ${keyOf(cell)}`, people.published.get(keyOf(cell)) ?? 0, people, (c) => c === cell)) small += 1;
      expect(people.published.get(keyOf(cell))).not.toBe(1);
    }
    expect(small).toBeGreaterThan(10);
  });

  it('solves no cell of one table from its cells and totals (single-table linear programming)', async () => {
    const shown = await analyst(
      `${BENEFICIARIES_FINEST.replace('AGE_BAND, STATUS', 'STATUS')}, totals: [[PROGRAMME, AREA], [PROGRAMME], []]`,
    );
    let small = 0;
    for (const cell of [...shown.cells, ...shown.totals]) {
      const kept: Dim[] = cell.over
        ? (cell.over.map((d) => (d === 'AGE_BAND' ? 'ageBand' : d.toLowerCase())) as Dim[])
        : ['programme', 'area', 'sex', 'status'];
      if (judge(`cell or total ${keyOf(cell, kept)}`, cell.count, people, (c) => keyOf(c, kept) === keyOf(cell, kept))) small += 1;
    }
    expect(small).toBeGreaterThan(3);
  });

  it('learns nothing from a region minus its other districts', async () => {
    const areas = (await hub.as(['analyst'], `{ adminAreas(level: 2) { code parent } }`)).data as {
      adminAreas: { code: string; parent: string }[];
    };
    const regions = [...new Set(areas.adminAreas.map((a) => a.parent))];
    let small = 0;
    for (const region of regions) {
      const whole = await analyst(`measure: BENEFICIARIES, by: [PROGRAMME, SEX], to: "${DAY}", area: "${region}"`);
      const districts = areas.adminAreas.filter((a) => a.parent === region).map((a) => a.code);
      const parts = await Promise.all(
        districts.map((d) => analyst(`measure: BENEFICIARIES, by: [PROGRAMME, SEX], to: "${DAY}", area: "${d}"`)),
      );
      districts.forEach((district, i) => {
        for (const cell of whole.cells) {
          const others = parts.filter((_, j) => j !== i).flatMap((p) => p.cells.filter((c) => keyOf(c) === keyOf(cell)));
          const derived = cell.count - others.reduce((sum, c) => sum + c.count, 0);
          const inGroup = (c: Cell) => c.area === district && c.programme === cell.programme && c.sex === cell.sex;
          if (judge(`${region} minus all but ${district}, ${cell.programme} ${cell.sex}`, derived, people, inGroup)) small += 1;
        }
      });
    }
    expect(small).toBeGreaterThan(0);
  });

  it('learns nothing from programmes [A, B] minus [A]', async () => {
    const codes = [...new Set(people.cells.map((c) => c.programme!))];
    let small = 0;
    for (const [a, b] of codes.flatMap((a) => codes.filter((b) => b !== a).map((b) => [a, b] as const))) {
      const both = await analyst(`measure: BENEFICIARIES, by: [AREA, SEX], to: "${DAY}", programmes: ["${a}", "${b}"]`);
      const one = await analyst(`measure: BENEFICIARIES, by: [AREA, SEX], to: "${DAY}", programmes: ["${a}"]`);
      for (const cell of both.cells) {
        const derived = cell.count - (one.cells.find((c) => keyOf(c) === keyOf(cell))?.count ?? 0);
        const inGroup = (c: Cell) => c.programme === b && c.area === cell.area && c.sex === cell.sex;
        if (judge(`[${a}, ${b}] minus [${a}] in ${cell.area} ${cell.sex}`, derived, people, inGroup)) small += 1;
      }
    }
    expect(small).toBeGreaterThan(0);
  });

  it('learns nothing from statuses [active, suspended] minus [active]', async () => {
    const both = await analyst(`measure: BENEFICIARIES, by: [PROGRAMME, AREA], to: "${DAY}", statuses: ["active", "suspended"]`);
    const active = await analyst(`measure: BENEFICIARIES, by: [PROGRAMME, AREA], to: "${DAY}", statuses: ["active"]`);
    let small = 0;
    for (const cell of both.cells) {
      const derived = cell.count - (active.cells.find((c) => keyOf(c) === keyOf(cell))?.count ?? 0);
      const inGroup = (c: Cell) => c.status === 'suspended' && c.programme === cell.programme && c.area === cell.area;
      if (judge(`suspended in ${cell.programme} ${cell.area}`, derived, people, inGroup)) small += 1;
    }
    expect(small).toBeGreaterThan(0);
  });

  it('learns nothing from a quarter minus two of its months, and cannot ask a window a day shorter', async () => {
    const quarter = await analyst(`measure: PAYMENTS, by: [PROGRAMME, AREA], statuses: ["failed"], from: "2025-07-01", to: "2025-09-30"`);
    const julyAugust = await analyst(
      `measure: PAYMENTS, by: [PROGRAMME, AREA], statuses: ["failed"], from: "2025-07-01", to: "2025-08-31"`,
    );
    let small = 0;
    for (const cell of quarter.cells) {
      const derived = cell.count - (julyAugust.cells.find((c) => keyOf(c) === keyOf(cell))?.count ?? 0);
      const inGroup = (c: Cell) =>
        c.status === 'failed' && c.period === '2025-09' && c.programme === cell.programme && c.area === cell.area;
      if (judge(`failed payments of September in ${cell.programme} ${cell.area}`, derived, payments, inGroup)) small += 1;
    }
    expect(small).toBeGreaterThan(0);
    for (const [args, field] of [
      [`measure: PAYMENTS, from: "2025-07-01", to: "2025-09-29"`, 'to'],
      [`measure: GRIEVANCES, from: "2025-07-02", to: "2025-09-30"`, 'from'],
      [`measure: BENEFICIARIES, to: "2025-09-29"`, 'to'],
    ]) {
      const refused = await hub.as(['analyst'], `{ registryStatistics(${args}) { k } }`);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('learns nothing from payment reconciliation that the statistics hide', async () => {
    const result = await hub.as(
      ['analyst'],
      `{ paymentReconciliation(fromCycle: "2025-07", toCycle: "2025-09") { programme cycle dueCount paidCount reconciledCount failedCount pendingCount } }`,
    );
    const rows = (result.data as { paymentReconciliation: Record<string, string | number>[] }).paymentReconciliation;
    const STATUSES: Record<string, string[]> = {
      failed: ['failed'],
      pending: ['pending'],
      reconciled: ['reconciled'],
      paid: ['paid', 'reconciled'],
    };
    let small = 0;
    for (const row of rows)
      for (const [name, statuses] of Object.entries(STATUSES)) {
        const inGroup = (c: Cell) => c.programme === row.programme && c.period === row.cycle && statuses.includes(c.status!);
        if (judge(`${name} of ${row.programme} ${row.cycle}`, Number(row[`${name}Count`]), payments, inGroup)) small += 1;
      }
    expect(rows.length).toBeGreaterThan(3);
    expect(small).toBeGreaterThan(0);
  });

  it('refuses a village, as area or as area level', async () => {
    const villages = (await hub.as(['analyst'], `{ adminAreas(level: 4) { code } }`)).data as { adminAreas: { code: string }[] };
    const village = villages.adminAreas[0]!.code;
    const byVillage = await hub.as(
      ['analyst'],
      `{ registryStatistics(measure: BENEFICIARIES, by: [SEX, AGE_BAND], area: "${village}") { k } }`,
    );
    expect(byVillage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'area' });
    expect(byVillage.errors?.[0]?.message).toMatch(`area ${village} is below the district`);
    const belowDistrict = await hub.as(['analyst'], `{ registryStatistics(measure: BENEFICIARIES, by: [AREA], areaLevel: 3) { k } }`);
    expect(belowDistrict.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaLevel' });
    const officerTable = await hub.as(
      ['registry-officer'],
      `{ registryStatistics(measure: BENEFICIARIES, by: [SEX], area: "${village}") { exact } }`,
    );
    expect(officerTable.errors).toBeUndefined();
  });

  it('gets the same numbers however often and however it asks: averaging many requests gives nothing', async () => {
    const asks = [
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA], to: "${DAY}"`,
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA], to: "${DAY}", totals: [[PROGRAMME], []]`,
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, PERIOD], period: QUARTER, from: "2025-07-01", to: "${DAY}"`,
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, PERIOD], period: FISCAL_QUARTER, from: "2025-07-01", to: "${DAY}"`,
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, PERIOD], period: MONTH, from: "2025-09-01", to: "${DAY}"`,
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, SEX], to: "${DAY}"`,
    ];
    const answers = await Promise.all(asks.map(analyst));
    const summed = (cells: Cell[]) => {
      const byKey = new Map<string, number>();
      for (const c of cells) byKey.set(`${c.programme}|${c.area}`, (byKey.get(`${c.programme}|${c.area}`) ?? 0) + c.count);
      return byKey;
    };
    const first = summed(answers[0]!.cells);
    for (const answer of answers.slice(1)) expect(summed(answer.cells)).toEqual(first);
    for (const [key, count] of first) judge(`${key}, asked ${asks.length} ways`, count, people, (c) => `${c.programme}|${c.area}` === key);
    expect(first.size).toBeGreaterThan(10);
  });
});
