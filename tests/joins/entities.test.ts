import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetReference } from '../../src/registry/funding-query.js';
import { analystHub, type AnalystHub } from './analyst-hub.js';

/**
 * The cross-domain entities one by one: a programme's funding as finance's chart code and aid's
 * activity, a code's budget, lines and aid, a budget line's aid, and the programmes a code or an
 * activity funds; with who may see what and what is refused.
 */
let t: AnalystHub;
beforeAll(async () => {
  t = await analystHub();
});
afterAll(() => t?.close());

describe('a programme’s funding', () => {
  it('resolves a budget reference to the chart code, with its name and budget, and an aid reference to the activity', async () => {
    const data = await t.as<{
      programmes: {
        code: string;
        funding: {
          kind: string;
          reference: string;
          budgetCode: { country: string; segment: string; code: string; name: string; budget: { lines: number }[] } | null;
          activity: { iatiIdentifier: string; title: string } | null;
        }[];
      }[];
    }>(
      ['analyst'],
      `{ programmes { code funding { kind reference budgetCode { country segment code name budget(fiscalYears: ["2025/26"]) { lines } } activity { iatiIdentifier title } } } }`,
    );
    const sctp = data.programmes.find((p) => p.code === 'SCTP')!;
    expect(sctp.funding).toEqual([
      {
        kind: 'budget',
        reference: 'programme:320-04-01',
        budgetCode: { country: 'MW', segment: 'programme', code: '320-04-01', name: 'Social cash transfers', budget: [{ lines: 87 }] },
        activity: null,
      },
      {
        kind: 'aid',
        reference: '44000-P160007',
        budgetCode: null,
        activity: { iatiIdentifier: '44000-P160007', title: expect.any(String) },
      },
    ]);
    const smp = data.programmes.find((p) => p.code === 'SMP-THR')!;
    expect(smp.funding[0]?.budgetCode?.name).toBe('Early childhood development');
  });

  it('reads a reference as <segment>:<code>, and anything else as no code', () => {
    expect(budgetReference('programme:320-04-01')).toEqual({ segment: 'programme', code: '320-04-01' });
    expect(budgetReference('fund:1:2')).toEqual({ segment: 'fund', code: '1:2' });
    for (const bad of ['320-04-01', ':320', 'programme:', '']) expect(budgetReference(bad), bad).toBeNull();
  });
});

describe('a chart code and a donor activity', () => {
  it('list the programmes paid from the code or a code below it, and those an activity funds', async () => {
    const data = await t.as<Record<string, { programmes: { code: string }[] } | null>>(
      ['analyst'],
      `{
        line: coaCode(country: "MW", segment: "programme", code: "320-04") { programmes { code } }
        subProgramme: coaCode(country: "MW", segment: "programme", code: "320-04-01") { programmes { code } }
        other: coaCode(country: "MW", segment: "programme", code: "320-04-02") { programmes { code } }
        welfare: coaCode(country: "MW", segment: "programme", code: "320-03") { programmes { code } }
        vote: coaCode(country: "MW", segment: "administrative", code: "320") { programmes { code } }
        bank: activity(iatiIdentifier: "44000-P160007") { programmes { code } }
      }`,
    );
    const codes = (key: string) => data[key]?.programmes.map((p) => p.code);
    expect(codes('line')).toEqual(['SCTP']);
    expect(codes('subProgramme')).toEqual(['SCTP']);
    expect(codes('other')).toEqual([]);
    expect(codes('welfare')).toEqual(['SMP-THR']);
    // Funding names programme-segment codes: the administrative vote funds none by itself.
    expect(codes('vote')).toEqual([]);
    expect(codes('bank')).toEqual(['CS-EPWP', 'SCTP']);
  });

  it('refuse the registry’s fields to anyone not signed in, and still answer finance’s', async () => {
    const result = await t.asRaw([], `{ coaCode(country: "MW", segment: "programme", code: "320-04") { name programmes { code } } }`);
    expect(result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(JSON.stringify(result.data ?? null)).not.toContain('SCTP');
  });
});

describe('a placement', () => {
  it('leads from an activity’s national code to that code’s budget, and from COFOG to nothing', async () => {
    const data = await t.as<{
      activity: {
        coa: { segment: string; code: string | null; chartCode: { code: string; name: string; budget: { lines: number }[] } | null }[];
      };
    }>(
      ['analyst'],
      `{ activity(iatiIdentifier: "GB-GOV-1-300477") { coa(country: "MW") { segment code chartCode { code name budget(fiscalYears: ["2025/26"]) { lines } } } } }`,
    );
    const programme = data.activity.coa.find((a) => a.segment === 'coa:programme')!;
    expect(programme.chartCode).toEqual({ code: '320-04', name: 'Social cash transfer programme', budget: [{ lines: 91 }] });
    const cofog = await t.as<{ activity: { coa: { chartCode: unknown }[] } }>(
      ['analyst'],
      `{ activity(iatiIdentifier: "GB-GOV-1-300477") { coa(segment: "cofog") { chartCode { code } } } }`,
    );
    expect(cofog.activity.coa.length).toBeGreaterThan(0);
    for (const placement of cofog.activity.coa) expect(placement.chartCode).toBeNull();
  });
});

describe("a code's budget, lines and aid, and a budget line's aid", () => {
  it('adds up the lines at and below the code, and lists them', async () => {
    const data = await t.as<{
      coaCode: { budget: { fiscalYear: string; lines: number }[]; budgetLines: { id: string; fiscalYear: string }[] };
    }>(
      ['analyst'],
      `{ coaCode(country: "MW", segment: "programme", code: "320-04") { budget { fiscalYear lines } budgetLines(limit: 1000) { id fiscalYear } } }`,
    );
    expect(data.coaCode.budget.map((b) => b.fiscalYear)).toEqual(['2023/24', '2024/25', '2025/26']);
    const lines = data.coaCode.budget.reduce((n, b) => n + b.lines, 0);
    expect(data.coaCode.budgetLines).toHaveLength(lines);
  });

  it("gives a budget line the aid to its vote in its year: the vote's own aid", async () => {
    const data = await t.as<{
      budgetLines: { nodes: { fiscalYear: string; aid: { fiscalYear: string; aid: unknown } | null }[] };
      coaCode: { aid: { fiscalYear: string; aid: unknown }[] };
    }>(
      ['analyst'],
      `{
        budgetLines(country: "MW", fiscalYears: ["2025/26"], first: 3, filter: [{ segment: "administrative", codes: ["320"] }]) {
          nodes { fiscalYear aid { fiscalYear aid { disbursed { total onBudget offBudget unknown } } } }
        }
        coaCode(country: "MW", segment: "administrative", code: "320") {
          aid(fiscalYears: ["2025/26"]) { fiscalYear aid { disbursed { total onBudget offBudget unknown } } }
        }
      }`,
    );
    expect(data.coaCode.aid).toHaveLength(1);
    for (const line of data.budgetLines.nodes) expect(line.aid).toEqual(data.coaCode.aid[0]);
    expect(Number((data.coaCode.aid[0]!.aid as { disbursed: { total: string } }).disbursed.total)).toBeGreaterThan(0);
  });

  it('refuses out-of-range pages and levels and unknown fiscal years, naming the argument', async () => {
    const cases = [
      [`{ coaCode(country: "MW", segment: "programme", code: "320-04") { budgetLines(limit: 5000) { id } } }`, 'limit'],
      [`{ coaCode(country: "MW", segment: "programme", code: "320-04") { budgetLines(limit: -1) { id } } }`, 'limit'],
      [`{ budgetLines(country: "MW", first: 1) { nodes { aid(level: 0) { fiscalYear } } } }`, 'level'],
      [`{ coaCode(country: "MW", segment: "programme", code: "320-04") { aid(fiscalYears: ["2025/27"]) { fiscalYear } } }`, 'fiscalYears'],
      [`{ coaCode(country: "MW", segment: "programme", code: "320-04") { aid(currency: "K'; drop table x") { fiscalYear } } }`, 'currency'],
    ] as const;
    for (const [query, field] of cases) {
      const result = await t.asRaw(['analyst'], query);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      // Finance's and the registry's errors name it in `field`, the mapping engine's in `where`.
      const extensions = result.errors?.[0]?.extensions ?? {};
      expect(extensions.field ?? String(extensions.where).replace(/^field /, ''), query).toBe(field);
    }
  });

  it('answers a code no line or rule uses with nothing, and a hostile code with nothing either', async () => {
    const data = await t.as<{ coaCode: null; codes: { segments: { codes: unknown[] }[] } | null }>(
      ['analyst'],
      `{ coaCode(country: "MW", segment: "programme", code: "320-04'; select 1 --") { code } }`,
    );
    expect(data.coaCode).toBeNull();
    const budget = await t.as<{
      financeCountry: { segments: { id: string; codes: { code: string; budget: unknown[]; aid: unknown[] }[] }[] };
    }>(
      ['analyst'],
      `{ financeCountry(code: "MW") { segments { id codes(parent: "320-05") { code budget(fiscalYears: ["2030/31"]) { lines } aid(fiscalYears: ["2030/31"]) { fiscalYear aid { disbursed { total } } activities { code } } } } } }`,
    );
    const programme = budget.financeCountry.segments.find((s) => s.id === 'programme')!;
    expect(programme.codes.length).toBeGreaterThan(0);
    for (const code of programme.codes) {
      expect(code.budget).toEqual([]);
      expect(code.aid).toEqual([{ fiscalYear: '2030/31', aid: { disbursed: { total: '0.00' } }, activities: [] }]);
    }
  });
});
