import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centsOf, centsText } from '../../src/finance/cents.js';
import { statements } from '../../src/db/orm.js';
import { demoMalawiHub } from '../mapping/projection/demo-hub.js';
import type { TestHub } from '../support/hub.js';

/**
 * The donor transactions under a chart code and, back, a transaction's parts in the codes it is
 * placed in: on the demo's Malawi, checked against SQL over the mapping's placements, to the cent.
 */
let t: TestHub;
beforeAll(async () => {
  t = await demoMalawiHub();
}, 240_000);
afterAll(() => t?.close());

const MONEY = '{ amount currency }';
interface Part {
  transaction: { id: string };
  activity: { iatiIdentifier: string };
  code: string | null;
  share: string;
  fiscalYear: string;
  amount: { transaction: { amount: string; currency: string }; national: { amount: string | null; currency: string } };
}
const PART = `transaction { id } activity { iatiIdentifier } code share fiscalYear amount { transaction ${MONEY} national ${MONEY} }`;

/** Independent: each FY 2025/26 disbursement's share of the codes under `code`, by the placements in force (its own, else its activity's). */
async function expectedShares(segment: string, code: string) {
  return t.db.orm.em.fork().execute<{ id: number; share: string; value: string; currency: string }[]>(
    `with tx as (
       select t.id, a.id as activity, t.value, t.currency from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
        where t.type = '3' and t.date between '2025-04-01' and '2026-03-31'),
     placed as (
       select tx.id, m.target_code, m.share from tx join map_assignment m
         on m.country = 'MW' and m.target_scheme = 'coa:' || ? and (m.valid_from is null or m.valid_from <= 2025) and (m.valid_to is null or m.valid_to >= 2025)
        and (m.transaction_id = tx.id or (m.activity_id = tx.activity and m.transaction_id is null and not exists (
              select 1 from map_assignment o where o.transaction_id = tx.id and o.country = m.country and o.target_scheme = m.target_scheme))))
     select tx.id, sum(p.share)::text as share, tx.value::text as value, tx.currency from tx join placed p on p.id = tx.id
      where p.target_code in (select code from fin_coa_ancestor where country = 'MW' and segment = ? and ancestor = ?)
      group by tx.id, tx.value, tx.currency order by tx.id`,
    [segment, segment, code],
  );
}

describe('the transactions under a chart code', () => {
  for (const [segment, code] of [
    ['administrative', '320'],
    ['programme', '320-04'],
  ] as const)
    it(`lists each disbursement placed under ${segment} ${code} with its share and part, as SQL finds them`, async () => {
      const data = await t.query<{ coaCode: { transactions: Part[] } }>(
        `{ coaCode(country: "MW", segment: "${segment}", code: "${code}") { transactions(fiscalYears: ["2025/26"], types: ["3"], limit: 1000) { ${PART} } } }`,
      );
      const expected = await expectedShares(segment, code);
      expect(expected.length).toBeGreaterThan(0);
      const parts = [...data.coaCode.transactions].sort((a, b) => Number(a.transaction.id) - Number(b.transaction.id));
      expect(parts.map((p) => [Number(p.transaction.id), Number(p.share)])).toEqual(expected.map((e) => [e.id, Number(e.share)]));
      for (const [i, part] of parts.entries()) {
        const { value, currency, share } = expected[i]!;
        expect(part.code).toBe(code);
        expect(part.fiscalYear).toBe('2025/26');
        expect(part.amount.transaction.currency).toBe(currency);
        expect(part.amount.national.currency).toBe('MWK');
        // Largest remainder: within a cent of the exact share, per code split over.
        const exact = (Number(value) * Number(share)) / 100;
        expect(Math.abs(Number(part.amount.transaction.amount) - exact)).toBeLessThanOrEqual(0.01 * 5);
      }
    });

  it('gives each transaction parts over every code of the segment that add up to it exactly, the asked code’s part among them', async () => {
    const data = await t.query<{ coaCode: { transactions: (Part & { transaction: { coaShares: Part[] } })[] } }>(
      `{ coaCode(country: "MW", segment: "administrative", code: "320") { transactions(fiscalYears: ["2025/26"], limit: 200) {
          ${PART} transaction { coaShares(segment: "administrative") { ${PART} } } } } }`,
    );
    const values = new Map(
      (
        await t.db.orm.em
          .fork()
          .execute<{ id: number; value: string }[]>(`select id, value::text as value from aid_transaction where id in (?)`, [
            data.coaCode.transactions.map((p) => Number(p.transaction.id)),
          ])
      ).map((row) => [String(row.id), row.value]),
    );
    expect(data.coaCode.transactions.length).toBeGreaterThan(0);
    const under320 = new Set(
      (
        await t.db.orm.em
          .fork()
          .execute<{ code: string }[]>(
            `select code from fin_coa_ancestor where country = 'MW' and segment = 'administrative' and ancestor = '320'`,
          )
      ).map((row) => row.code),
    );
    for (const part of data.coaCode.transactions) {
      const back = part.transaction.coaShares;
      const sum = (amounts: string[]) => centsText(amounts.reduce((s, a) => s + centsOf(a), 0n));
      expect(sum(back.map((b) => b.amount.transaction.amount))).toBe(centsText(centsOf(values.get(part.transaction.id)!)));
      expect(back.reduce((s, b) => s + Number(b.share), 0)).toBeCloseTo(100, 6);
      const mine = back.filter((b) => b.code !== null && under320.has(b.code));
      expect(sum(mine.map((b) => b.amount.transaction.amount))).toBe(part.amount.transaction.amount);
      expect(sum(mine.map((b) => b.amount.national.amount!))).toBe(part.amount.national.amount);
    }
  });

  it('refuses a page out of range and an unknown segment, naming the argument', async () => {
    for (const [query, field] of [
      [`{ coaCode(country: "MW", segment: "administrative", code: "320") { transactions(limit: 1001) { share } } }`, 'limit'],
      [
        `{ coaCode(country: "MW", segment: "administrative", code: "320") { transactions(fiscalYears: ["2025/27"]) { share } } }`,
        'fiscalYears',
      ],
    ] as const) {
      const result = await t.raw(query);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result.errors?.[0]?.extensions), query).toContain(field);
    }
  });
});

describe('the statements', () => {
  async function counted(query: string) {
    await t.query('{ financeCountries { code } }');
    const before = statements.count;
    const data = await t.query<{
      financeCountry: { segments: { codes: { transactions: { transaction: { coaShares: unknown[] } }[] }[] }[] };
    }>(query);
    const parts = data.financeCountry.segments.flatMap((s) => s.codes).flatMap((c) => c.transactions);
    return { statements: statements.count - before, parts: parts.length };
  }
  it('do not grow with the codes asked nor with the transactions listed, either way', async () => {
    const query = (parent: string) =>
      `{ financeCountry(code: "MW") { segments { codes${parent} { code transactions(fiscalYears: ["2025/26"], types: ["3"], limit: 20) {
          share transaction { coaShares(segment: "programme") { code share } } } } } } }`;
    const [placed] = await t.db.orm.em.fork().execute<{ parent: string }[]>(
      `select c.parent from map_assignment m join fin_coa_code c on c.country = m.country and 'coa:' || c.segment = m.target_scheme and c.code = m.target_code
        where m.country = 'MW' and c.parent is not null order by 1 limit 1`,
    );
    const few = await counted(query(`(parent: "${placed!.parent}")`));
    const all = await counted(query(''));
    expect(few.parts).toBeGreaterThan(0);
    expect(all.parts).toBeGreaterThan(few.parts * 3);
    expect(all.statements).toBe(few.statements);
  });
});
