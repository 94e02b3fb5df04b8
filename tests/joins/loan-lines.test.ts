import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDebtFile } from '../../connectors/debt/import.js';
import { writeDemoDebt } from '../../src/cli/demo/debt/generate-debt.js';
import { statements } from '../../src/db/orm.js';
import { analystHub, type AnalystHub } from './analyst-hub.js';

/**
 * The demo's Malawi with its debt office's loans: a loan-financed budget line carries fund 2
 * (external loans) and the loan's project id in the open `project` segment, so a loan reaches the
 * lines it finances and their source of funds, and a line its loans; and a programme funded from
 * a code of that open segment, which no list names, is still found from the code.
 */
let t: AnalystHub;
beforeAll(async () => {
  t = await analystHub(100);
  const dmfas = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-dmfas-')), 'mw');
  await writeDemoDebt(dmfas);
  const debt = await importDebtFile(t.db.orm, { path: dmfas });
  expect(debt.status, debt.error?.message).toBe('succeeded');
}, 240_000);
afterAll(() => t?.close());

const sqlRows = <R>(text: string, params: unknown[] = []) => t.db.orm.em.fork().execute<R[]>(text, params);

interface LoanAnswer {
  id: string;
  projectId: string | null;
  budgetLines: { id: string }[];
  fundCodes: { segment: string; code: string; name: string | null }[];
}

const LOANS = `{ loans(first: 100, filter: { country: ["MW"] }) { nodes { id projectId budgetLines(limit: 300) { id } fundCodes { segment code name } } } }`;

describe('a loan and the budget lines it finances', () => {
  it('gives each loan the lines coded with its project, their source of funds, and each line its loans, as SQL finds them', async () => {
    const data = await t.as<{ loans: { nodes: LoanAnswer[] } }>(['analyst'], LOANS);
    // Independent: the lines whose project code is the loan's project id, and their fund codes.
    const expected = await sqlRows<{ id: string; lines: number[] | null; funds: string[] | null }>(
      `select lo.source || ':' || lo.loan_number as id,
              array_agg(l.id order by l.id) filter (where l.id is not null) as lines,
              array_agg(distinct l.codes->>'fund') filter (where l.id is not null) as funds
         from fin_loan lo left join fin_budget_line l on l.country = lo.country and l.codes->>'project' = lo.project_id
        where lo.country = 'MW' group by 1`,
    );
    const byId = new Map(expected.map((row) => [row.id, row]));
    expect(data.loans.nodes).toHaveLength(expected.length);
    let financing = 0;
    for (const loan of data.loans.nodes) {
      const want = byId.get(loan.id)!;
      expect(
        loan.budgetLines.map((line) => Number(line.id)),
        loan.id,
      ).toEqual(want.lines ?? []);
      expect(loan.fundCodes.map((code) => code.code).sort(), loan.id).toEqual([...(want.funds ?? [])].sort());
      if (loan.budgetLines.length > 0) financing += 1;
    }
    // The bank's loan-financed projects on the budget (P160003, P160004…) each have lines.
    expect(financing).toBeGreaterThanOrEqual(3);
    const shire = data.loans.nodes.find((loan) => loan.projectId === 'P160004')!;
    expect(shire.fundCodes).toEqual([{ segment: 'fund', code: '2', name: 'External loans' }]);
  });

  it('gives each line its loans, as SQL finds them, and a line of the government’s own funds none', async () => {
    const lines = await t.as<{ budgetLines: { nodes: { id: string; loans: { id: string }[] }[] } }>(
      ['analyst'],
      `{ budgetLines(country: "MW", first: 1000, filter: [{ segment: "fund", codes: ["2", "3"] }]) { nodes { id loans { id } } } }`,
    );
    const expected = await sqlRows<{ id: number; loans: string[] | null }>(
      `select l.id, array_agg(lo.source || ':' || lo.loan_number order by lo.source, lo.loan_number) filter (where lo.id is not null) as loans
         from fin_budget_line l left join fin_loan lo on lo.country = l.country and lo.project_id = l.codes->>'project'
        where l.country = 'MW' and l.codes->>'fund' in ('2', '3') group by l.id order by l.id`,
    );
    expect(lines.budgetLines.nodes.map((line) => [Number(line.id), line.loans.map((l) => l.id)])).toEqual(
      expected.map((row) => [row.id, row.loans ?? []]),
    );
    expect(lines.budgetLines.nodes.some((line) => line.loans.length > 0)).toBe(true);
    const data = await t.as<{ budgetLines: { nodes: { codes: { segment: string; code: { code: string } }[]; loans: unknown[] }[] } }>(
      ['analyst'],
      `{ budgetLines(country: "MW", fiscalYears: ["2025/26"], first: 50, filter: [{ segment: "fund", codes: ["1"] }]) { nodes { codes { segment code { code } } loans { id } } } }`,
    );
    expect(data.budgetLines.nodes).toHaveLength(50);
    for (const line of data.budgetLines.nodes) expect(line.loans).toEqual([]);
  });

  it('sends the same statements for every loan as for one', async () => {
    const count = async (filter: string) => {
      await t.as(['analyst'], '{ loans(first: 1) { nodes { id } } }');
      const before = statements.count;
      const data = await t.as<{ loans: { nodes: LoanAnswer[] } }>(['analyst'], LOANS.replace('country: ["MW"]', filter));
      return { statements: statements.count - before, loans: data.loans.nodes.length };
    };
    // One loan with lines (Shire Valley, P160004), then all of them.
    const one = await count('projectId: ["P160004"]');
    const all = await count('country: ["MW"]');
    expect(one.loans).toBe(1);
    expect(all.loans).toBeGreaterThan(30);
    expect(all.statements).toBe(one.statements);
  });

  it('refuses a page of lines out of range, naming the argument', async () => {
    const result = await t.asRaw(['analyst'], `{ loans(first: 1) { nodes { budgetLines(limit: 1001) { id } } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('limit');
  });
});

describe('a code of an open segment no list names', () => {
  it('is a code (no name, no level) with its budget lines, its loans’ lines and the programmes whose funding names it', async () => {
    await sqlRows(`insert into reg_programme_funding (programme_code, kind, reference) values ('SCTP', 'budget', 'project:P160007')`);
    try {
      const data = await t.as<{
        coaCode: { code: string; name: string | null; level: number | null; programmes: { code: string }[]; budgetLines: unknown[] };
        closed: null;
        programmes: { code: string; funding: { reference: string; budgetCode: { code: string; name: string | null } | null }[] }[];
      }>(
        ['analyst'],
        `{
          coaCode(country: "MW", segment: "project", code: "P160007") { code name level programmes { code } budgetLines(limit: 1000) { id } }
          closed: coaCode(country: "MW", segment: "programme", code: "999-99") { code }
          programmes { code funding { reference budgetCode { code name programmes { code } } } }
        }`,
      );
      expect(data.coaCode).toMatchObject({ code: 'P160007', name: null, level: null, programmes: [{ code: 'SCTP' }] });
      const [{ n }] = (await sqlRows<{ n: number }>(
        `select count(*)::int as n from fin_budget_line where country = 'MW' and codes->>'project' = 'P160007'`,
      )) as [{ n: number }];
      expect(data.coaCode.budgetLines).toHaveLength(n);
      // A closed segment's unlisted code is no code.
      expect(data.closed).toBeNull();
      const reference = data.programmes.find((p) => p.code === 'SCTP')!.funding.find((f) => f.reference === 'project:P160007')!;
      expect(reference.budgetCode).toEqual({ code: 'P160007', name: null, programmes: [{ code: 'SCTP' }] });
    } finally {
      await sqlRows(`delete from reg_programme_funding where reference = 'project:P160007'`);
    }
  });
});
