import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statements } from '../../src/db/orm.js';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';
import { compiled } from './compiled-sql.js';

/** Every nested list the aid subgraph offers, so a loader missing anywhere shows up as N+1. */
const DEEP = `query ($first: Int!, $after: String) {
  activities(first: $first, after: $after, orderBy: { field: IDENTIFIER }) {
    totalCount
    nodes {
      iatiIdentifier title status { code name } reportingOrg { ref type { name } organisation { name } }
      collaborationType { name } defaultFinanceType { name } defaultAidTypes { code name }
      recipientCountries { country { code name } percentage }
      recipientRegions { region { name } vocabulary { name } }
      sectors(includeTransactionLevel: true) { vocabulary { name } code { name } name }
      participatingOrgs { role { name } type { name } organisation { id } }
      transactions { type { name } value provider { organisation { name } } receiver { name } aidTypes { name } sectors { code { name } } }
      transactionTotals { type value }
      budgets { type { name } status { name } value }
      plannedDisbursements { value provider { name } }
      countryBudgetItems { vocabulary { name } code { name } }
      relatedActivities { type { name } activity { iatiIdentifier title } }
      reports { reportId reportingOrg { name } transactions { value } importRun { id } }
      authority { rule }
    }
  }
}`;

describe('the number of SQL statements for a query does not grow with the activities it returns', () => {
  let t: TestHub;
  beforeAll(async () => {
    // 951 real activities from 19 publishers.
    t = await testHub([
      sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'),
      sample('iati', 'activities', 'v2', 'example_203_references.xml'),
    ]);
  });
  afterAll(async () => t.close());

  /**
   * Both windows start at the first activity (by identifier) whose related activity is also in
   * the hub, so every loader, nested ones included, has work to do in the small window too.
   */
  async function windowStart(): Promise<string | null> {
    const [row] = await t.db.orm.em.fork().execute<{ n: number }[]>(
      `select count(*)::int as n from aid_activity where iati_identifier < (
         select min(r.iati_identifier) from aid_activity_report r join aid_activity a on a.authoritative_report_id = r.id
         join aid_related_activity x on x.report_id = r.id join aid_activity b on b.iati_identifier = x.ref)`,
    );
    if (!row?.n) return null;
    const page = await t.query<{ activities: { pageInfo: { endCursor: string } } }>(
      `query ($n: Int!) { activities(first: $n, orderBy: { field: IDENTIFIER }) { pageInfo { endCursor } } }`,
      { n: row.n },
    );
    return page.activities.pageInfo.endCursor;
  }

  async function statementsFor(first: number): Promise<{ statements: number; activities: number; texts: string[] }> {
    const after = await windowStart();
    await t.query('{ activities(first: 1) { totalCount } }'); // warm-up, outside the count
    const before = statements.count;
    const { data, texts } = await compiled(() => t.query<{ activities: { nodes: unknown[] } }>(DEEP, { first, after }));
    return { statements: statements.count - before, activities: data.activities.nodes.length, texts };
  }

  it('is the same for 10 and for 500 activities, every nested field included', async () => {
    const ten = await statementsFor(10);
    const fiveHundred = await statementsFor(500);
    expect(ten.activities).toBe(10);
    expect(fiveHundred.activities).toBe(500);
    expect(fiveHundred.texts.map((s) => s.slice(0, 60)).sort()).toEqual(ten.texts.map((s) => s.slice(0, 60)).sort());
    expect(fiveHundred.statements).toBe(ten.statements);
    // One per loader plus the page and its count: a regression to N+1 would add hundreds.
    expect(ten.statements).toBeLessThan(30);
  });
});
