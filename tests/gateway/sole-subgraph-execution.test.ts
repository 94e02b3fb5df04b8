import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

const FIXTURES = [sample('iati', 'activities', 'v2', 'fcdo-activity.xml'), sample('iati', 'activities', 'v2', 'ifad-activity.xml')];

/** Operations that stay inside one subgraph, written every way a client may write them, errors included. */
const ONE_SUBGRAPH: readonly { query: string; variables?: Record<string, unknown>; subgraph?: string }[] = [
  {
    query: `query Page($first: Int!) { activities(first: $first) { totalCount nodes { iatiIdentifier
      sectors { vocabulary { code } code { code name } percentage } transactions { type { code } date value currency } } } }`,
    variables: { first: 100 },
  },
  {
    query: `query One($withBudgets: Boolean!) { activities(first: 1) { nodes { ...Everything
      b: budgets @include(if: $withBudgets) { periodStart periodEnd value currency } } } }
      fragment Everything on Activity { iatiIdentifier reportingOrg { ref name } dates { start end }
        recipientCountries { country { code } percentage } participatingOrgs { ref name role { code } }
        transactions { provider { ref name } receiver { ref name } } transactionTotals { type currency value count }
        reports { isAuthoritative importRun { id } } }`,
    variables: { withBudgets: true },
  },
  { query: '{ activities(first: -1) { totalCount } }' },
  // A domain error thrown by a resolver (BAD_USER_INPUT naming the field), not a GraphQL error.
  { query: '{ aidProjection(filter: { country: "ZZ" }) { totalCount } }', subgraph: 'mapping' },
  { query: '{ activities(filter: { recipientCountry: ["GB"] }, first: 5) { totalCount nodes { __typename iatiIdentifier } } }' },
];

describe('an operation one subgraph answers alone goes straight to it', () => {
  let shortcut: TestHub;
  let planned: TestHub;
  const routed: string[] = [];

  beforeAll(async () => {
    shortcut = await testHub(FIXTURES, { onSoleSubgraph: (name) => routed.push(name) });
    planned = await testHub(FIXTURES, { soleSubgraphShortcut: false });
  });
  afterAll(async () => {
    await shortcut?.close();
    await planned?.close();
  });

  it('answers exactly what the gateway planner answers, data and errors alike', async () => {
    for (const { query, variables, subgraph = 'aid' } of ONE_SUBGRAPH) {
      routed.length = 0;
      const viaPlanner = await planned.raw(query, variables);
      // Run twice: the second time the subgraph runs the operation compiled (compiled-operations.ts).
      for (const run of ['first', 'compiled']) {
        expect(await shortcut.raw(query, variables), `${run}: ${query}`).toEqual(viaPlanner);
      }
      expect(routed, query).toEqual([subgraph, subgraph]);
    }
    // The answers are not empty: the fixtures are read.
    const first = await shortcut.raw(ONE_SUBGRAPH[0]!.query, ONE_SUBGRAPH[0]!.variables);
    expect(JSON.stringify(first)).toContain('GB-1-103662-101');
    expect(JSON.stringify(first)).toContain('XM-DAC-41108-1100001761');
  });

  it('still plans an operation that spans subgraphs, with the same answer as without the shortcut', async () => {
    routed.length = 0;
    const query = '{ activities(first: 2) { nodes { iatiIdentifier reports { importRun { status loaded } } } } }';
    const direct = await shortcut.raw(query);
    expect(routed).toEqual([]);
    expect(direct).toEqual(await planned.raw(query));
    expect(JSON.stringify(direct)).toContain('succeeded');
  });

  it('keeps the cost limit and the credentials check on the shortcut', async () => {
    const expensive = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: activities(first: 1000) { nodes { iatiIdentifier reportingOrg { ref } dates { start } } }`).join(' ')} }`;
    routed.length = 0;
    const costly = await shortcut.raw(expensive);
    expect(routed).toEqual(['aid']);
    expect(costly.errors?.map((error) => error.extensions?.code)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);

    // The registry is never public: anonymous, straight to it, still a request to sign in.
    routed.length = 0;
    const anonymous = await shortcut.raw('{ programmes { code name } }');
    expect(routed).toEqual(['registry']);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();
    // The response-size cap and cancellation on the shortcut: tests/gateway/request-safety.test.ts
    // (its `codelists` and `slowItems` operations each stay inside one subgraph).
  });

  it('prices every request by its own values, though the estimate is kept per operation and values', async () => {
    const selection = 'nodes { iatiIdentifier reportingOrg { ref } dates { start } }';
    const query = `query Pages($first: Int!) { ${Array.from({ length: 20 }, (_, i) => `a${i}: activities(first: $first) { ${selection} }`).join(' ')} }`;
    // 20 × (1 + first × 3): 80 at first 1, 60,020 at first 1,000 (over TRIBUTARY_MAX_COST's 50,000).
    for (const first of [1, 1000, 1, 1000, 1000, 2]) {
      routed.length = 0;
      const result = await shortcut.raw(query, { first });
      expect(routed, `first: ${first}`).toEqual(['aid']);
      const codes = result.errors?.map((error) => error.extensions?.code) ?? [];
      expect(codes, `first: ${first}`).toEqual(first === 1000 ? ['COST_ESTIMATED_TOO_EXPENSIVE'] : []);
    }
  });

  it('answers each of many concurrent requests of one operation by its own values', async () => {
    const query = 'query Page($first: Int!) { activities(first: $first) { nodes { iatiIdentifier } } }';
    const firsts = Array.from({ length: 12 }, (_, i) => (i % 3) + 1);
    const answers = await Promise.all(firsts.map((first) => shortcut.raw(query, { first })));
    for (const [i, answer] of answers.entries()) {
      const nodes = (answer.data as { activities: { nodes: unknown[] } } | undefined)?.activities.nodes ?? [];
      expect(nodes.length, `request ${i}`).toBe(Math.min(firsts[i]!, 2));
    }
  });
});
