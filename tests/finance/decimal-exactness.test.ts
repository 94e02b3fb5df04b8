import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { financeDb } from '../../src/finance/db.js';
import { testHub, type TestHub } from '../support/hub.js';

/**
 * A million small amounts with awkward cents (0.1, 0.07…, which binary floating point cannot
 * hold), summed by the graph, must come out to the cent; so must their conversion.
 */
const LINES = 1_000_000;
/** The amount of line i, in cents: 1 to 997 cents, spread so no two neighbours are equal. */
const centsOf = (i: number): bigint => BigInt(((i * 7919) % 997) + 1);

function formatCents(cents: bigint): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

let hub: TestHub;
let exact: bigint;

beforeAll(async () => {
  hub = await testHub([]);
  const db = financeDb(hub.db.orm.em.fork());
  const { id } = await db
    .insertInto('fin_budget_dataset')
    .values({ country: 'MW', name: 'exactness', fiscal_year: '2024/25', currency: 'MWK', input: 'generated', import_run_id: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fin_budget_line')
    .columns(['dataset_id', 'country', 'fiscal_year', 'line_key', 'codes', 'currency', 'source_row', 'approved'])
    .expression(
      sql`select ${id}, 'MW', '2024/25', i::text, '{}'::jsonb, 'MWK', i, ((((i::bigint * 7919) % 997) + 1)::numeric / 100)::numeric(12, 2)
        from generate_series(1, ${LINES}) as i`,
    )
    .execute();
  await db
    .insertInto('fin_exchange_rate')
    .values({ source: 'test', currency: 'USD', quote: 'MWK', period: 'day', date: '2024-04-01', rate: '1751.37', import_run_id: 0 })
    .execute();
  exact = 0n;
  for (let i = 1; i <= LINES; i++) exact += centsOf(i);
}, 120_000);

afterAll(() => hub?.close());

describe('decimal exactness', () => {
  it('binary floating point would get this sum wrong (so the test can tell)', () => {
    let float = 0;
    for (let i = 1; i <= LINES; i++) float += Number(centsOf(i)) / 100;
    expect(float.toFixed(10)).not.toBe(`${formatCents(exact)}00000000`);
  });

  it('sums a million small amounts to the exact total and converts it exactly', async () => {
    const data = await hub.query<{
      budget: { lines: number; amounts: { approved: string }; amount: { amount: string; rate: string; method: string } }[];
    }>(`{ budget(country: "MW", fiscalYears: ["2024/25"]) {
      lines amounts { approved } amount(stage: APPROVED, currency: "USD") { amount rate method } } }`);
    const [total] = data.budget;
    expect(total?.lines).toBe(LINES);
    expect(total?.amounts.approved).toBe(formatCents(exact));
    // USD = MWK / 1751.37, rounded half-even to the cent: computed here in integers.
    const numerator = exact * 100n; // MWK cents / 1751.37 = USD; ×100 for USD cents, ÷100 for the rate's decimals
    const quotient = numerator / 175137n;
    const remainder = numerator % 175137n;
    const twice = remainder * 2n;
    const rounded = twice > 175137n || (twice === 175137n && quotient % 2n === 1n) ? quotient + 1n : quotient;
    expect(total?.amount).toEqual({ amount: formatCents(rounded), rate: expect.any(String), method: 'value-date' });
  });
});
