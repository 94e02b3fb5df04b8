import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * Registry statistics checked against counts made here from the generated registry itself: exact
 * for a registry officer, and for an analyst within the cell key method's documented bound (the
 * attacks on it are in disclosure-attacks.test.ts).
 */
let hub: RegistryHub;
const K = 5;
beforeAll(async () => {
  hub = await registryHub(400);
}, 120_000);
afterAll(() => hub?.close());

interface Cell {
  programme: string | null;
  area: string | null;
  sex: string | null;
  period: string | null;
  status: string | null;
  kind: string | null;
  category: string | null;
  channel: string | null;
  priority: string | null;
  ageBand: string | null;
  count: number;
  amount: string | null;
  over: string[] | null;
}
interface Table {
  k: number;
  exact: boolean;
  cells: Cell[];
  totals: Cell[];
}

const CELL = 'programme area sex ageBand period status kind category channel priority count amount over';
const OFFICER = ['registry-officer'];

async function statistics(args: string, roles: string[] = ['analyst']): Promise<Table> {
  const result = await hub.as(roles, `{ registryStatistics(${args}) { k exact cells { ${CELL} } totals { ${CELL} } } }`);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data as { registryStatistics: Table }).registryStatistics;
}

const ACTIVE = new Set(['active', 'suspended', 'graduated']);

/** Beneficiaries active at any time from `from` to `to`, one per person per programme, keyed by `key(programme, person)`. */
function beneficiariesIn(
  from: string,
  to: string,
  key: (programme: string, person: { sex: string; areaCode: string }) => string,
): Map<string, number> {
  const people = new Map(hub.batch.individuals.map((i) => [i.key, i]));
  const members = new Map<string, string[]>();
  for (const m of hub.batch.memberships) members.set(m.householdKey, [...(members.get(m.householdKey) ?? []), m.individualKey]);
  const counts = new Map<string, number>();
  for (const e of hub.batch.enrolments) {
    if (!ACTIVE.has(e.status) || e.enrolledOn > to || (e.exitedOn !== null && e.exitedOn < from)) continue;
    for (const personKey of members.get(e.beneficiaryKey) ?? [e.beneficiaryKey]) {
      const person = people.get(personKey)!;
      const k = key(e.programmeCode, person);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

const made = () => hub.batch.payments.filter((p) => p.status === 'paid' || p.status === 'reconciled');

/** Every cell of `table` matched to its exact counterpart, by the dimensions it has. */
function pairs(perturbed: Cell[], exact: Cell[]): [Cell | undefined, Cell][] {
  const key = (c: Cell) => [c.programme, c.area, c.sex, c.ageBand, c.period, c.status, c.kind, c.category, c.channel, c.priority].join('|');
  const byKey = new Map(perturbed.map((c) => [key(c), c]));
  return exact.map((c) => [byKey.get(key(c)), c]);
}

describe('registry statistics, exact for a registry officer', () => {
  it('counts beneficiaries per programme on a day, as the registry says', async () => {
    const table = await statistics(`measure: BENEFICIARIES, by: [PROGRAMME], to: "${hub.asOf}"`, OFFICER);
    expect(table.exact).toBe(true);
    const truth = beneficiariesIn(hub.asOf, hub.asOf, (programme) => programme);
    expect(table.cells.map((c) => [c.programme, c.count])).toEqual([...truth.entries()].sort(([a], [b]) => a.localeCompare(b)));
    expect(table.totals).toEqual([expect.objectContaining({ over: [], count: [...truth.values()].reduce((a, b) => a + b, 0) })]);
  });

  it('gives the payments made in each currency when asked for no breakdown', async () => {
    const table = await statistics(`measure: PAYMENTS, from: "2024-10-01", to: "2025-09-30"`, OFFICER);
    expect(table.cells).toEqual([expect.objectContaining({ count: made().length, amount: expect.any(String) })]);
    expect(new Decimal(table.cells[0]!.amount!).equals(made().reduce((sum, p) => sum.plus(p.amount), new Decimal(0)))).toBe(true);
    expect(table.totals).toEqual([]);
  });

  it('sums payments made per programme and year to the tambala', async () => {
    const table = await statistics(
      `measure: PAYMENTS, by: [PROGRAMME, PERIOD], period: YEAR, from: "2024-10-01", to: "2025-09-30"`,
      OFFICER,
    );
    const truth = new Map<string, { count: number; amount: Decimal }>();
    for (const p of made()) {
      const key = `${p.programmeCode}|${p.cycle.slice(0, 4)}`;
      const acc = truth.get(key) ?? { count: 0, amount: new Decimal(0) };
      truth.set(key, { count: acc.count + 1, amount: acc.amount.plus(p.amount) });
    }
    expect(table.cells).toHaveLength(truth.size);
    for (const cell of table.cells) {
      const expected = truth.get(`${cell.programme}|${cell.period}`)!;
      expect(cell.count).toBe(expected.count);
      expect(new Decimal(cell.amount!).equals(expected.amount)).toBe(true);
    }
  });

  it('sums payments by Malawi’s fiscal year (April to March, named 2024/25), as finance’s calendar has it', async () => {
    const table = await statistics(
      `measure: PAYMENTS, by: [PROGRAMME, PERIOD], period: FISCAL_YEAR, from: "2024-10-01", to: "2025-09-30"`,
      OFFICER,
    );
    const fiscalYear = (cycle: string) => {
      const [year, month] = cycle.split('-').map(Number) as [number, number];
      const start = month >= 4 ? year : year - 1;
      return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    };
    const truth = new Map<string, Decimal>();
    for (const p of made()) {
      const key = `${p.programmeCode}|${fiscalYear(p.cycle)}`;
      truth.set(key, (truth.get(key) ?? new Decimal(0)).plus(p.amount));
    }
    expect([...new Set(table.cells.map((c) => c.period))]).toEqual(['2024/25', '2025/26']);
    for (const cell of table.cells) expect(new Decimal(cell.amount!).equals(truth.get(`${cell.programme}|${cell.period}`)!)).toBe(true);
    const quarters = await statistics(`measure: PAYMENTS, by: [PERIOD], period: FISCAL_QUARTER, from: "2025-04-01", to: "2025-09-30"`);
    expect(quarters.cells.map((c) => c.period)).toEqual(['2025/26 Q1', '2025/26 Q2']);
    const unknown = await hub.as(
      ['analyst'],
      `{ registryStatistics(measure: PAYMENTS, by: [PERIOD], period: FISCAL_YEAR, from: "2025-01-01", country: "ZZ") { k } }`,
    );
    expect(unknown.errors?.[0]?.message).toBe('no fiscal calendar for ZZ: finance has no chart of accounts for it');
  });

  it('counts grievances and household changes over a period', async () => {
    const grievances = await statistics(`measure: GRIEVANCES, from: "2024-10-01", to: "2025-12-31"`, OFFICER);
    const inWindow = hub.batch.grievances.filter((g) => g.openedOn >= '2024-10-01' && g.openedOn <= '2025-12-31');
    expect(grievances.cells).toEqual([expect.objectContaining({ count: inWindow.length })]);
    const changes = await statistics(`measure: HOUSEHOLD_CHANGES, by: [KIND], totals: [], from: "2024-10-01", to: "2025-12-31"`, OFFICER);
    expect(changes.cells.length).toBeGreaterThan(1);
    for (const cell of changes.cells) {
      expect(cell.count).toBe(hub.batch.changes.filter((c) => c.kind === cell.kind && c.on >= '2024-10-01' && c.on <= '2025-12-31').length);
    }
  });

  it('reconciles payments per programme and cycle: paid against due, failures', async () => {
    const result = await hub.as(
      OFFICER,
      `{ paymentReconciliation(programmes: ["SCTP"]) { programme cycle dueCount dueAmount paidCount paidAmount failedCount pendingCount paidShare } }`,
    );
    const rows = (result.data as { paymentReconciliation: Record<string, string | number | null>[] }).paymentReconciliation;
    const sctp = hub.batch.payments.filter((p) => p.programmeCode === 'SCTP');
    expect(rows.map((r) => r.cycle)).toEqual([...new Set(sctp.map((p) => p.cycle))].sort());
    for (const row of rows) {
      const cycle = sctp.filter((p) => p.cycle === row.cycle);
      const paid = cycle.filter((p) => p.status === 'paid' || p.status === 'reconciled');
      expect(row.dueCount).toBe(cycle.length);
      expect(row.paidCount).toBe(paid.length);
      expect(row.failedCount).toBe(cycle.filter((p) => p.status === 'failed').length);
      expect(new Decimal(String(row.dueAmount)).equals(cycle.reduce((s, p) => s.plus(p.amount), new Decimal(0)))).toBe(true);
    }
  });

  it('refuses a payroll cycle that is not YYYY-MM, to any role', async () => {
    for (const roles of [OFFICER, ['analyst']]) {
      const result = await hub.as(roles, `{ paymentReconciliation(fromCycle: "2025-13") { cycle } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromCycle' });
      expect(result.errors?.[0]?.message).toBe('fromCycle must be a payroll cycle YYYY-MM, not 2025-13');
    }
  });

  it('lists programmes with who funds them: budget codes and donor activities', async () => {
    const result = await hub.as(['analyst'], `{ programmes { code targeting currency funding { kind reference funder share } } }`);
    const programmes = (
      result.data as { programmes: { code: string; funding: { kind: string; reference: string; share: string | null }[] }[] }
    ).programmes;
    expect(programmes.map((p) => p.code)).toEqual(hub.batch.programmes.map((p) => p.code).sort());
    const sctp = programmes.find((p) => p.code === 'SCTP')!;
    expect(sctp.funding).toEqual([
      { kind: 'budget', reference: 'programme:320-04-01', funder: 'Government of Malawi', share: '60' },
      { kind: 'aid', reference: '44000-P160007', funder: 'World Bank', share: '40' },
    ]);
  });

  it('answers nothing to an anonymous caller, even where the other domains are public', async () => {
    const result = await hub.as([], `{ registryStatistics(measure: BENEFICIARIES) { cells { count } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a breakdown a measure does not have, and villages (exact locations)', async () => {
    const wrong = await hub.as(['analyst'], `{ registryStatistics(measure: BENEFICIARIES, by: [CATEGORY]) { k } }`);
    expect(wrong.errors?.[0]?.message).toMatch(/BENEFICIARIES cannot be broken down by CATEGORY/);
    const village = await hub.as(OFFICER, `{ registryStatistics(measure: BENEFICIARIES, by: [AREA], areaLevel: 4) { k } }`);
    expect(village.errors?.[0]?.message).toMatch(/areaLevel must be from 1 to 3/);
    const status = await hub.as(['analyst'], `{ registryStatistics(measure: PAYMENTS, statuses: ["paid", "cancelled"]) { k } }`);
    expect(status.errors?.[0]?.message).toBe('PAYMENTS has no status cancelled; its statuses are pending, paid, failed, reconciled');
    expect(status.errors?.[0]?.extensions?.field).toBe('statuses');
  });
});

describe('registry statistics for an analyst: the cell key method', () => {
  let finest: Table;
  let exact: Table;
  beforeAll(async () => {
    const args = `measure: BENEFICIARIES, by: [PROGRAMME, AREA, SEX, AGE_BAND, STATUS], to: "${hub.asOf}"`;
    finest = await statistics(args);
    exact = await statistics(args, OFFICER);
  });

  it('moves each district cell by at most 2, keeps zeros, and never shows 1 to k − 1 as itself', () => {
    expect(finest.exact).toBe(false);
    expect(finest.k).toBe(K);
    let small = 0;
    for (const [published, truth] of pairs(finest.cells, exact.cells)) {
      const count = published?.count ?? 0;
      expect(Math.abs(count - truth.count)).toBeLessThanOrEqual(2);
      expect(count).not.toBe(1);
      if (truth.count < K) {
        expect(count).not.toBe(truth.count);
        small += 1;
      }
    }
    expect(small, 'the generated registry has small cells').toBeGreaterThan(10);
    // A cell the registry does not have is never published.
    expect(pairs(exact.cells, finest.cells).every(([truth]) => truth !== undefined)).toBe(true);
  });

  it('publishes every coarser cell and total as the sum of the district cells under it', async () => {
    const coarse = await statistics(
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, SEX], to: "${hub.asOf}", totals: [[PROGRAMME, AREA], [PROGRAMME], []]`,
    );
    const sum = (match: (c: Cell) => boolean) => finest.cells.filter(match).reduce((total, c) => total + c.count, 0);
    for (const cell of coarse.cells)
      expect(cell.count).toBe(sum((c) => c.programme === cell.programme && c.area === cell.area && c.sex === cell.sex));
    for (const total of coarse.totals) {
      const keeps = (c: Cell) =>
        (total.over ?? []).every((d) => c[d.toLowerCase() as 'programme' | 'area'] === total[d.toLowerCase() as 'programme' | 'area']);
      expect(total.count).toBe(sum(keeps));
    }
    expect(coarse.totals.some((t) => t.over?.length === 0)).toBe(true);
  });

  it('perturbs households, grievances and household changes the same way, and a system administrator sees them perturbed too', async () => {
    const finestOf = [
      `measure: HOUSEHOLDS, by: [PROGRAMME, AREA, SEX, AGE_BAND, STATUS], to: "${hub.asOf}"`,
      `measure: GRIEVANCES, by: [PROGRAMME, AREA, PERIOD, STATUS, CATEGORY, CHANNEL, PRIORITY], statuses: ["open", "in-progress", "resolved", "closed"], from: "2024-10-01", to: "2025-09-30"`,
      `measure: HOUSEHOLD_CHANGES, by: [AREA, PERIOD, KIND], from: "2024-10-01", to: "2025-09-30"`,
    ];
    for (const args of finestOf) {
      const [published, truth] = await Promise.all([statistics(args, ['system-admin']), statistics(args, OFFICER)]);
      expect(published.exact).toBe(false);
      let small = 0;
      for (const [cell, exactCell] of pairs(published.cells, truth.cells)) {
        const count = cell?.count ?? 0;
        expect(Math.abs(count - exactCell.count), args).toBeLessThanOrEqual(2);
        if (exactCell.count < K) {
          expect(count, args).not.toBe(exactCell.count);
          small += 1;
        }
      }
      expect(small, args).toBeGreaterThan(0);
    }
  });

  it('moves each district cell of payments by at most 2 and its sum by at most 2.5 of its largest payment', async () => {
    const args = `measure: PAYMENTS, by: [PROGRAMME, AREA, PERIOD, SEX, AGE_BAND, STATUS], statuses: ["pending", "paid", "failed", "reconciled"], from: "2025-07-01", to: "2025-09-30"`;
    const [published, truth] = await Promise.all([statistics(args), statistics(args, OFFICER)]);
    let compared = 0;
    for (const [cell, exactCell] of pairs(published.cells, truth.cells)) {
      const count = cell?.count ?? 0;
      expect(Math.abs(count - exactCell.count)).toBeLessThanOrEqual(2);
      if (exactCell.count < K) expect(count).not.toBe(exactCell.count);
      if (!cell) continue;
      const payments = hub.batch.payments.filter(
        (p) => p.programmeCode === cell.programme && p.cycle === cell.period && p.status === cell.status,
      );
      const biggest = payments.reduce((max, p) => Decimal.max(max, p.amount), new Decimal(0));
      expect(new Decimal(cell.amount!).minus(exactCell.amount!).abs().lte(biggest.times(2.5))).toBe(true);
      if (exactCell.count < K) expect(cell.amount).not.toBe(exactCell.amount);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describe('federation references into the registry subgraph', () => {
  it('resolves programmes and admin areas other subgraphs refer to, several at once', async () => {
    const { registrySubgraph } = await import('../../src/registry/index.js');
    const { execute, parse } = await import('graphql');
    const built = await registrySubgraph.build();
    const result = await execute({
      schema: built.schema,
      document: parse(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Programme { code targeting } ... on AdminArea { code name level } } }`,
      ),
      variableValues: {
        r: [
          { __typename: 'Programme', code: 'SCTP' },
          { __typename: 'AdminArea', code: 'MW-S' },
          { __typename: 'Programme', code: 'SMP-THR' },
          { __typename: 'Programme', code: 'NONE' },
        ],
      },
      contextValue: registrySubgraph.createContext(hub.db.orm, { subject: 'gateway', roles: ['analyst'], via: 'jwt' }),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { code: 'SCTP', targeting: 'household' },
      { code: 'MW-S', name: 'Southern Region', level: 1 },
      { code: 'SMP-THR', targeting: 'individual' },
      null,
    ]);
  });
});
