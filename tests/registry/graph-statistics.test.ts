import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHub, type RegistryHub } from './graph-support.js';

/**
 * Registry statistics as an analyst sees them, checked against counts made here from the generated
 * registry itself, and small-cell suppression checked on what the graph returns.
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
  count: number | null;
  amount: string | null;
  suppressed: boolean;
  over: string[] | null;
}
interface Table {
  k: number;
  cells: Cell[];
  totals: Cell[];
  suppressedCount: number;
}

const CELL = 'programme area sex period status kind count amount suppressed over';

async function statistics(args: string): Promise<Table> {
  const result = await hub.as(['analyst'], `{ registryStatistics(${args}) { k cells { ${CELL} } totals { ${CELL} } suppressedCount } }`);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return (result.data as { registryStatistics: Table }).registryStatistics;
}

const ACTIVE = new Set(['active', 'suspended', 'graduated']);
const districtOf = (area: string) => area.split('-').slice(0, 3).join('-');

/** Beneficiaries on `day`, one per person per programme, keyed by `key(programme, person)`. */
function beneficiariesOn(day: string, key: (programme: string, person: { sex: string; areaCode: string }) => string): Map<string, number> {
  const people = new Map(hub.batch.individuals.map((i) => [i.key, i]));
  const members = new Map<string, string[]>();
  for (const m of hub.batch.memberships) members.set(m.householdKey, [...(members.get(m.householdKey) ?? []), m.individualKey]);
  const counts = new Map<string, number>();
  for (const e of hub.batch.enrolments) {
    if (!ACTIVE.has(e.status) || e.enrolledOn > day || (e.exitedOn !== null && e.exitedOn < day)) continue;
    for (const personKey of members.get(e.beneficiaryKey) ?? [e.beneficiaryKey]) {
      const person = people.get(personKey)!;
      const k = key(e.programmeCode, person);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

describe('registry statistics for an analyst', () => {
  it('counts beneficiaries per programme on a day, as the registry says', async () => {
    const table = await statistics(`measure: BENEFICIARIES, by: [PROGRAMME], to: "${hub.asOf}"`);
    const truth = beneficiariesOn(hub.asOf, (programme) => programme);
    expect(table.cells.map((c) => [c.programme, c.count])).toEqual([...truth.entries()].sort(([a], [b]) => a.localeCompare(b)));
    expect(table.totals).toEqual([expect.objectContaining({ over: [], count: [...truth.values()].reduce((a, b) => a + b, 0) })]);
  });

  it('gives the payments made in each currency when asked for no breakdown', async () => {
    const table = await statistics(`measure: PAYMENTS, from: "2024-10-01", to: "2025-09-30"`);
    const made = hub.batch.payments.filter((p) => p.status === 'paid' || p.status === 'reconciled');
    expect(table.cells).toEqual([expect.objectContaining({ count: made.length, amount: expect.any(String), suppressed: false })]);
    expect(new Decimal(table.cells[0]!.amount!).equals(made.reduce((sum, p) => sum.plus(p.amount), new Decimal(0)))).toBe(true);
    expect(table.totals).toEqual([]);
  });

  it('sums payments made per programme and year to the tambala', async () => {
    const table = await statistics(`measure: PAYMENTS, by: [PROGRAMME, PERIOD], period: YEAR, from: "2024-10-01", to: "2025-09-30"`);
    const truth = new Map<string, { count: number; amount: Decimal }>();
    for (const p of hub.batch.payments.filter((p) => p.status === 'paid' || p.status === 'reconciled')) {
      const key = `${p.programmeCode}|${p.cycle.slice(0, 4)}`;
      const acc = truth.get(key) ?? { count: 0, amount: new Decimal(0) };
      truth.set(key, { count: acc.count + 1, amount: acc.amount.plus(p.amount) });
    }
    for (const cell of table.cells.filter((c) => !c.suppressed)) {
      const expected = truth.get(`${cell.programme}|${cell.period}`)!;
      expect(cell.count).toBe(expected.count);
      expect(new Decimal(cell.amount!).equals(expected.amount)).toBe(true);
    }
    expect(table.cells.filter((c) => !c.suppressed).length).toBeGreaterThan(0);
  });

  it('sums payments by Malawi’s fiscal year (April to March, named 2024/25), as finance’s calendar has it', async () => {
    const table = await statistics(`measure: PAYMENTS, by: [PROGRAMME, PERIOD], period: FISCAL_YEAR, from: "2024-10-01", to: "2025-09-30"`);
    const fiscalYear = (cycle: string) => {
      const [year, month] = cycle.split('-').map(Number) as [number, number];
      const start = month >= 4 ? year : year - 1;
      return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    };
    const truth = new Map<string, Decimal>();
    for (const p of hub.batch.payments.filter((p) => p.status === 'paid' || p.status === 'reconciled')) {
      const key = `${p.programmeCode}|${fiscalYear(p.cycle)}`;
      truth.set(key, (truth.get(key) ?? new Decimal(0)).plus(p.amount));
    }
    expect([...new Set(table.cells.map((c) => c.period))]).toEqual(['2024/25', '2025/26']);
    for (const cell of table.cells.filter((c) => !c.suppressed))
      expect(new Decimal(cell.amount!).equals(truth.get(`${cell.programme}|${cell.period}`)!)).toBe(true);
    const quarters = await statistics(`measure: PAYMENTS, by: [PERIOD], period: FISCAL_QUARTER, from: "2025-04-01", to: "2025-09-30"`);
    expect(quarters.cells.map((c) => c.period)).toEqual(['2025/26 Q1', '2025/26 Q2']);
    const unknown = await hub.as(
      ['analyst'],
      `{ registryStatistics(measure: PAYMENTS, by: [PERIOD], period: FISCAL_YEAR, from: "2025-01-01", country: "ZZ") { k } }`,
    );
    expect(unknown.errors?.[0]?.message).toBe('no fiscal calendar for ZZ: finance has no chart of accounts for it');
  });

  it('counts grievances and household changes over a period', async () => {
    const grievances = await statistics(`measure: GRIEVANCES, from: "2024-10-01", to: "2025-12-31"`);
    const inWindow = hub.batch.grievances.filter((g) => g.openedOn >= '2024-10-01' && g.openedOn <= '2025-12-31');
    expect(grievances.cells).toEqual([expect.objectContaining({ count: inWindow.length })]);
    const changes = await statistics(`measure: HOUSEHOLD_CHANGES, by: [KIND], totals: [], from: "2024-10-01", to: "2025-12-31"`);
    for (const cell of changes.cells.filter((c) => !c.suppressed)) {
      expect(cell.count).toBe(hub.batch.changes.filter((c) => c.kind === cell.kind && c.on >= '2024-10-01' && c.on <= '2025-12-31').length);
    }
  });

  it('reconciles payments per programme and cycle: paid against due, failures', async () => {
    const result = await hub.as(
      ['analyst'],
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
    const village = await hub.as(['analyst'], `{ registryStatistics(measure: BENEFICIARIES, by: [AREA], areaLevel: 4) { k } }`);
    expect(village.errors?.[0]?.message).toMatch(/areaLevel must be from 1 to 3/);
    const status = await hub.as(['analyst'], `{ registryStatistics(measure: PAYMENTS, statuses: ["paid", "cancelled"]) { k } }`);
    expect(status.errors?.[0]?.message).toBe('PAYMENTS has no status cancelled; its statuses are pending, paid, failed, reconciled');
    expect(status.errors?.[0]?.extensions?.field).toBe('statuses');
  });
});

describe('small-cell suppression in the graph', () => {
  let table: Table;
  let truth: Map<string, number>;
  beforeAll(async () => {
    table = await statistics(
      `measure: BENEFICIARIES, by: [PROGRAMME, AREA, SEX], to: "${hub.asOf}", totals: [[PROGRAMME, AREA], [PROGRAMME], []]`,
    );
    truth = beneficiariesOn(hub.asOf, (programme, person) => `${programme}|${districtOf(person.areaCode)}|${person.sex}`);
  });

  it('shows no count from 1 to k − 1, and every count it shows is the true one', () => {
    expect(table.k).toBe(K);
    for (const cell of [...table.cells, ...table.totals]) if (!cell.suppressed) expect(cell.count === 0 || cell.count! >= K).toBe(true);
    for (const cell of table.cells) {
      const value = truth.get(`${cell.programme}|${cell.area}|${cell.sex}`)!;
      if (value < K) expect(cell.suppressed).toBe(true);
      else if (!cell.suppressed) expect(cell.count).toBe(value);
    }
    expect(table.suppressedCount).toBeGreaterThan(0);
    expect(table.cells.filter((c) => !c.suppressed).length).toBeGreaterThan(0);
  });

  it('never leaves a hidden number that a shown total minus the shown parts would give', () => {
    // Each shown total, with the parts one level finer that add up to it: never exactly one hidden.
    const finer: [string[], (c: Cell) => string, Cell[]][] = [
      [['PROGRAMME', 'AREA'], (c) => `${c.programme}|${c.area}`, table.cells],
      [['PROGRAMME'], (c) => `${c.programme}`, table.totals.filter((t) => t.over?.join() === 'PROGRAMME,AREA')],
      [[], () => '', table.totals.filter((t) => t.over?.join() === 'PROGRAMME')],
    ];
    let groups = 0;
    for (const [over, keyOf, parts] of finer) {
      for (const total of table.totals.filter((t) => t.over?.join() === over.join() && !t.suppressed)) {
        const own = parts.filter((part) => keyOf(part) === keyOf(total));
        const hidden = own.filter((part) => part.suppressed);
        expect(hidden.length, `${over.join('×') || 'grand total'} ${keyOf(total)}`).not.toBe(1);
        if (hidden.length === 0) expect(own.reduce((sum, part) => sum + part.count!, 0)).toBe(total.count);
        groups += 1;
      }
    }
    expect(groups).toBeGreaterThan(3);
  });

  it('hides the complement of a lone small cell: a district with one small sex cell hides the other too', () => {
    const byDistrict = new Map<string, Cell[]>();
    for (const cell of table.cells)
      byDistrict.set(`${cell.programme}|${cell.area}`, [...(byDistrict.get(`${cell.programme}|${cell.area}`) ?? []), cell]);
    const lone = [...byDistrict.entries()].find(([key, cells]) => {
      const small = cells.filter((c) => truth.get(`${key}|${c.sex}`)! < K);
      const total = table.totals.find((t) => t.over?.join() === 'PROGRAMME,AREA' && `${t.programme}|${t.area}` === key);
      return cells.length === 2 && small.length === 1 && !total?.suppressed;
    });
    expect(lone, 'the generated registry has such a district').toBeDefined();
    expect(lone![1].every((c) => c.suppressed)).toBe(true);
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
