import { readFile } from 'node:fs/promises';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analystHub, type AnalystHub } from './analyst-hub.js';
import { ANALYST_QUERY, type AnalystAnswer } from './analyst-query.js';

/**
 * The analyst's one query on the demo's Malawi, checked against SQL written here from the tables
 * themselves: budget and aid exactly, the registry's payments by district exactly for a registry
 * officer and, for an analyst, within the cell key method's documented bound (each district off by
 * at most 2 per non-empty finest cell under it; a sum by at most 2.5 × the cell's largest payment).
 */
let t: AnalystHub;
beforeAll(async () => {
  t = await analystHub();
});
afterAll(() => t?.close());

const sql = <T>(text: string, params: unknown[] = []) => t.db.orm.em.fork().execute<T[]>(text, params);

/** Paid and reconciled SCTP payments of cycles 2025-04 to 2025-09 by district: count, sum, largest, and how many finest cells. */
async function paymentsByDistrict() {
  return sql<{ district: string; n: number; total: string; largest: string; cells: number }>(`
    with recursive up(code, district) as (
        select code, code from reg_area where level = 2
        union all select a.code, up.district from reg_area a join up on a.parent = up.code),
      paid as (
        select up.district, p.cycle, p.status, p.amount,
               coalesce(i.sex, r.sex) as sex,
               extract(year from age(p.due_date, coalesce(i.date_of_birth, r.date_of_birth))) as age
        from reg_payment p
        left join reg_individual i on i.id = p.individual_id
        left join reg_household h on h.id = p.household_id
        left join lateral (select x.sex, x.date_of_birth from reg_membership m join reg_individual x on x.id = m.individual_id
                           where m.household_id = p.household_id order by m.recipient desc, (m.role = 'head') desc, x.id limit 1) r on true
        join up on up.code = coalesce(h.area_code, i.area_code)
        where p.programme_code = 'SCTP' and p.status in ('paid', 'reconciled') and p.cycle between '2025-04' and '2025-09')
    select district, count(*)::int as n, sum(amount)::text as total, max(amount)::text as largest,
           count(distinct (cycle, status, sex, case when age >= 60 then 3 when age >= 18 then 2 when age >= 5 then 1 else 0 end))::int as cells
    from paid group by district order by district`);
}

describe("the analyst's one query", () => {
  let officer: AnalystAnswer;
  let analyst: AnalystAnswer;
  beforeAll(async () => {
    officer = await t.as<AnalystAnswer>(['registry-officer'], ANALYST_QUERY);
    analyst = await t.as<AnalystAnswer>(['analyst'], ANALYST_QUERY);
  });

  it('is the query the README shows', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(ANALYST_QUERY);
  });

  it("gives the line's approved and paid budget in FY 2025/26 as its lines add up", async () => {
    const [truth] = await sql<{ lines: number; approved: string; paid: string }>(
      `select count(*)::int as lines, sum(approved)::text as approved, sum(paid)::text as paid from fin_budget_line
       where country = 'MW' and fiscal_year = '2025/26' and (codes->>'programme' = '320-04' or codes->>'programme' like '320-04-%')`,
    );
    expect(truth!.lines).toBeGreaterThan(0);
    for (const answer of [officer, analyst]) {
      expect(answer.coaCode.name).toBe('Social cash transfer programme');
      expect(answer.coaCode.budget).toEqual([
        { fiscalYear: '2025/26', currency: 'MWK', lines: truth!.lines, amounts: { approved: truth!.approved, paid: truth!.paid } },
      ]);
    }
  });

  it('gives the donor activities mapped to it with their disbursements in FY 2025/26, converted to MWK at the rate shown', async () => {
    const truth = await sql<{ iati_identifier: string; code: string; share: string; disbursed: string; currency: string }>(`
      select a.iati_identifier, m.target_code as code, m.share::text as share, sum(t.value)::text as disbursed, t.currency
      from map_assignment m
      join aid_activity a on a.id = m.activity_id
      join aid_transaction t on t.report_id = a.authoritative_report_id
      where m.transaction_id is null and m.target_scheme = 'coa:programme' and m.country = 'MW'
        and (m.target_code = '320-04' or m.target_code like '320-04-%')
        and t.type = '3' and t.date between '2025-04-01' and '2026-03-31'
      group by 1, 2, 3, 5 order by 1`);
    expect(truth.length).toBeGreaterThan(0);
    const [year] = analyst.coaCode.aid;
    expect(year?.fiscalYear).toBe('2025/26');
    const shown = year!.activities.map((row) => ({
      iati_identifier: row.activity.iatiIdentifier,
      code: row.code,
      share: row.share,
      disbursed: row.amounts.disbursed.transaction.amount,
      currency: row.amounts.disbursed.transaction.currency,
    }));
    const expected = truth.map((row) => ({ ...row, disbursed: new Decimal(row.disbursed).times(row.share).div(100).toFixed(2) }));
    expect(shown.map((row) => ({ ...row, disbursed: new Decimal(row.disbursed).toFixed(2) }))).toEqual(expected);
    let total = new Decimal(0);
    for (const row of year!.activities) {
      const { transaction, presented } = row.amounts.disbursed;
      expect(presented.currency).toBe('MWK');
      expect(row.activity.title).toBeTruthy();
      expect(
        new Decimal(presented.amount!).minus(new Decimal(transaction.amount).times(presented.rate!)).abs().toNumber(),
      ).toBeLessThanOrEqual(0.01);
      total = total.plus(presented.amount!);
    }
    expect(year!.aid.disbursed.total).toBe(total.toFixed(2));
    expect(officer.coaCode.aid).toEqual(analyst.coaCode.aid);
  });

  it('gives the programmes it funds, as the registry holds their funding', async () => {
    const truth = await sql<{ programme_code: string }>(
      `select distinct programme_code from reg_programme_funding where kind = 'budget' and reference like 'programme:320-04%' order by 1`,
    );
    expect(truth.map((r) => r.programme_code)).toEqual(['SCTP']);
    for (const answer of [officer, analyst]) expect(answer.coaCode.programmes.map((p) => p.code)).toEqual(['SCTP']);
  });

  it("gives a registry officer each district's payments exactly", async () => {
    const truth = await paymentsByDistrict();
    const statistics = officer.coaCode.programmes[0]!.statistics;
    expect(statistics.exact).toBe(true);
    expect(statistics.cells.map((c) => ({ district: c.area, n: c.count, total: new Decimal(c.amount).toFixed(2) }))).toEqual(
      truth.map((r) => ({ district: r.district, n: r.n, total: new Decimal(r.total).toFixed(2) })),
    );
    const sum = truth.reduce((s, r) => s.plus(r.total), new Decimal(0));
    expect(statistics.totals).toEqual([{ count: truth.reduce((n, r) => n + r.n, 0), amount: expect.any(String) }]);
    expect(new Decimal(statistics.totals[0]!.amount).equals(sum)).toBe(true);
  });

  it("gives an analyst each district's payments within the documented bound, never exactly a small one", async () => {
    const truth = new Map((await paymentsByDistrict()).map((r) => [r.district, r]));
    const statistics = analyst.coaCode.programmes[0]!.statistics;
    expect(statistics.exact).toBe(false);
    let moved = 0;
    for (const cell of statistics.cells) {
      const real = truth.get(cell.area)!;
      expect(Math.abs(cell.count - real.n), cell.area).toBeLessThanOrEqual(2 * real.cells);
      const slack = new Decimal(real.largest).times(2.5).times(real.cells);
      expect(new Decimal(cell.amount).minus(real.total).abs().lte(slack), cell.area).toBe(true);
      if (cell.count !== real.n) moved += 1;
    }
    expect(moved, 'the noise is there').toBeGreaterThan(0);
    // A district is left out only when its cells add up to 0 after perturbation: each moves by at most 2,
    // so only a district of small cells can be (the record keys, and so the noise, differ from run to run).
    for (const [district, real] of truth)
      if (!statistics.cells.some((c) => c.area === district)) expect(real.n, district).toBeLessThanOrEqual(2 * real.cells);
  });
});
