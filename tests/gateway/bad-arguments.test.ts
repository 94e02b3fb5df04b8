import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/viewer.js';
import { statements } from '../../src/db/orm.js';
import { testHub, type TestHub } from '../support/hub.js';

/**
 * Bad arguments, in every domain, answer BAD_USER_INPUT naming the argument (or variable) — never
 * INTERNAL_SERVER_ERROR: non-numeric or out-of-range ids, impossible dates, NUL characters and
 * over-long text. Caller: one with every role, so no refusal hides the answer.
 */
const LONG = 'x'.repeat(1001);

const CASES: readonly (readonly [domain: string, what: string, query: string, names: string])[] = [
  ['aid', 'a NUL character in an identifier', '{ activity(iatiIdentifier: "XM-1\\u0000") { iatiIdentifier } }', 'argument iatiIdentifier'],
  ['aid', 'over-long search text', `{ codelist(name: "${LONG}") { name } }`, 'argument name'],
  [
    'aid',
    'an impossible date in a filter',
    '{ transactions(filter: { dateFrom: "2025-02-30" }) { totalCount } }',
    'argument filter.dateFrom',
  ],
  ['finance', 'an impossible date', '{ fiscalPeriod(country: "MX", date: "2025-02-30") { fiscalYear } }', 'argument date'],
  ['finance', 'a month 13', '{ exchangeRates(currency: "EUR", from: "2025-13-01") { date } }', 'argument from'],
  ['mapping', 'a non-numeric id', '{ mappingRule(id: "abc") { id } }', 'argument id of Query.mappingRule'],
  ['registry', 'a non-numeric id', '{ household(id: "abc") { id } }', 'argument id of Query.household'],
  ['registry', 'a non-numeric id', '{ individual(id: "1; drop table x") { id } }', 'argument id of Query.individual'],
  ['registry', 'an impossible date', '{ registryStatistics(measure: BENEFICIARIES, from: "2024-02-30") { __typename } }', 'argument from'],
  ['registry', 'a NUL character in a list', '{ programmes(codes: ["A\\u0000"]) { code } }', 'argument codes'],
  ['sync', 'a non-numeric id', '{ importRun(id: "abc") { id } }', 'argument id of Query.importRun'],
  ['sync', 'an id past bigint', '{ importRun(id: "99999999999999999999") { id } }', 'argument id of Query.importRun'],
];

describe('bad arguments in every domain', () => {
  let t: TestHub;
  let authorization: string;
  beforeAll(async () => {
    t = await testHub([]);
    authorization = `Bearer ${await t.token('tester', ...ROLES)}`;
  });
  afterAll(async () => t.close());

  it.each(CASES)('%s: %s answers BAD_USER_INPUT naming it', async (_domain, _what, query, names) => {
    const result = await t.raw(query, {}, { authorization });
    const codes = (result.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    expect(codes[0]).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(names);
  });

  it.each([
    ['an impossible date', 'query ($day: Date!) { fiscalPeriod(country: "MX", date: $day) { fiscalYear } }', { day: '2025-02-29' }, '$day'],
    ['a NUL character', 'query ($id: ID!) { activity(iatiIdentifier: $id) { iatiIdentifier } }', { id: 'a\u0000' }, '$id'],
    [
      'over-long text nested in an input',
      'query ($f: TransactionFilter) { transactions(filter: $f) { totalCount } }',
      { f: { type: [LONG] } },
      '$f.type[0]',
    ],
  ])('refuses %s given as a variable, naming the variable, before any SQL', async (_what, query, variables, names) => {
    const before = statements.count;
    const result = await t.raw(query, variables, { authorization });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(`variable ${names}`);
    expect(statements.count).toBe(before);
  });

  it('still takes good values: a real leap day, text at the limit', async () => {
    const result = await t.raw('{ fiscalPeriod(country: "MX", date: "2024-02-29") { fiscalYear } }', {}, { authorization });
    expect(result.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('BAD_USER_INPUT');
    const atLimit = await t.raw(`{ codelist(name: "${'x'.repeat(1000)}") { name } }`, {}, { authorization });
    expect(atLimit.errors).toBeUndefined();
  });
});
