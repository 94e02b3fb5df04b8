import { sql, type RawBuilder } from 'kysely';

/**
 * The JavaScript engine computes shares with decimal.js, which rounds every result to 20
 * significant digits, half away from zero (as PostgreSQL's `round` does): the set-based statements
 * round at the same places so both write the same numbers (100 / 3 is 33.333333333333333333).
 */
export function significant20(value: RawBuilder<unknown>): RawBuilder<string> {
  // At most 6 integer digits and 14 decimals is at most 20 significant digits: nothing to round, and no logarithm to take.
  return sql<string>`(case when scale(${value}) <= 14 and abs(${value}) < 1000000 then ${value} when ${value} = 0 then 0
    else round(${value}, 19 - floor(log(abs(${value})))::int) end)`;
}

/**
 * 100 split equally over `count` items, as decimal.js gives it: 100 / n has 3 integer digits for
 * n = 1, 2 for n ≤ 10, 1 for n ≤ 100…, so it keeps 17 + (digits of n − 1) decimals.
 */
export function equalSplit(count: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(case when ${count} = 1 then 100 else round(100::numeric(1000, 40) / ${count}, 17 + length((${count} - 1)::text)) end)`;
}

/**
 * `part / whole` in per cent as text with 2 decimals, rounded half to even exactly: the engine's
 * BigInt `percent` for a part ≥ 0 and a whole > 0 (what alignment weighs: a reason whose money is
 * negative makes it count transactions instead). `div` is the exact integer quotient.
 */
export function percentText(part: RawBuilder<unknown>, whole: RawBuilder<unknown>): RawBuilder<string> {
  const scaled = sql`((${part}) * 10000)`;
  const quotient = sql`div(${scaled}, ${whole})`;
  const twiceRemainder = sql`(2 * (${scaled} - ${quotient} * (${whole})))`;
  return sql<string>`round((${quotient} + case when ${twiceRemainder} > (${whole}) or (${twiceRemainder} = (${whole}) and mod(${quotient}, 2) = 1)
    then 1 else 0 end) * 0.01, 2)::text`;
}
