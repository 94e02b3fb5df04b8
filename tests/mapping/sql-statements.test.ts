import { afterAll, beforeAll, describe, it } from 'vitest';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';
import { expectStatementsNotToGrow } from '../support/statements.js';

/**
 * What the mapping subgraph adds to aid's activities and transactions (placements and
 * alignment), and the rules with their history: resolved through the request's loaders, so the
 * statements a query runs do not grow with the activities or rules it returns.
 */
const ACTIVITIES = `query ($first: Int!) {
  activities(first: $first, filter: { recipientCountry: ["TZ"] }, orderBy: { field: IDENTIFIER }) {
    nodes {
      iatiIdentifier
      coa { segment country code name share provenance ruleIds sourceScheme sourceCode }
      tz: coa(country: "TZ", segment: "coa:functional") { code share }
      alignment { weighting onBudget { status share reasons { reason share } } onTreasury { status share overridden } }
      transactions { coa { segment code share provenance } alignment { onTreasury { status reasons { reason } } } }
    }
  }
}`;

const RULES = `query ($first: Int!) {
  mappingRules(first: $first) {
    totalCount
    nodes { id sourceScheme sourceCode targetScheme targetCode share status history { operation version changedBy } }
  }
}`;

describe('the number of SQL statements for a mapping query does not grow with the rows it returns', () => {
  let t: TestHub;
  beforeAll(async () => {
    // 650 real activities; the 183 in Tanzania (DFID's; a country whose chart the hub holds) are queried.
    t = await testHub([sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), sample('iati', 'activities', 'v1', 'dfid-TZ.xml')]);
    await t.db.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
  }, 300_000);
  afterAll(async () => t.close());

  it.each([
    ['activities with their placements, alignment and transactions', ACTIVITIES, 'activities', 180],
    ['mapping rules with their history', RULES, 'mappingRules', 300],
  ] as const)('is the same for 10 and for many %s', async (_name, query, list, many) =>
    expectStatementsNotToGrow(t, { query, list, many, bound: 40, warmUp: '{ activities(first: 1) { totalCount } }' }),
  );
});
