import { afterAll, beforeAll, describe, it } from 'vitest';
import { financeDemoSteps } from '../../src/cli/demo/finance.js';
import { loadConfig } from '../../src/config.js';
import { testHub, type TestHub } from '../support/hub.js';
import { expectStatementsNotToGrow } from '../support/statements.js';

/**
 * Finance's nested lists, each resolved through a request's loaders: the statements a query runs
 * must not grow with the lines or loans it returns (a loader missing anywhere shows up as N+1).
 */
const LINES = `query ($first: Int!) {
  budgetLines(country: "MW", first: $first) {
    totalCount
    nodes {
      id fiscalYear currency dataset sourceRow amounts { approved revised paid }
      codes { segment code { code level name parent { code name } ancestors { code } children { code } } }
      usd: amount(currency: "USD", stage: APPROVED) { amount rate date method source rates { rate date source } }
    }
  }
}`;

const LOANS = `query ($first: Int!) {
  loans(first: $first, filter: { source: ["dmfas", "ibrd-statement"] }) {
    totalCount
    nodes {
      id loanNumber status currency committed outstanding activityIdentifiers importRun { id }
      terms { name value }
      usd: amount(currency: "USD", field: COMMITTED) { amount rate rates { rate } }
      flows { type date value amount(currency: "USD") { amount rate } fiscalPeriod { fiscalYear quarter } }
    }
  }
}`;

describe('the number of SQL statements for a finance query does not grow with the rows it returns', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub([]);
    for (const step of await financeDemoSteps(loadConfig(), () => undefined)) {
      const result = await step.run(t.db.orm, step.name);
      if (result.error) throw new Error(`${step.name}: ${result.error.message}`);
    }
  }, 300_000);
  afterAll(async () => t.close());

  it.each([
    ['budget lines with their codes, ancestors and conversions', LINES, 'budgetLines', 500],
    ['loans with their flows, terms and conversions', LOANS, 'loans', 300],
  ] as const)('is the same for 10 and for many %s', async (_name, query, list, many) =>
    expectStatementsNotToGrow(t, { query, list, many, bound: 30, warmUp: '{ financeCountries { code } }' }),
  );
});
