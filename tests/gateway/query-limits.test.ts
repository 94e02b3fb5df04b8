import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statements } from '../../src/db/orm.js';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

/**
 * The attacks that took the hub down (issue 11), each refused by the default limits before any
 * subgraph resolver or SQL statement runs.
 */
function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

/** activity → loans → activities → loans … `levels` fields deep (the reproduced one was 34). */
function loanNesting(levels: number): string {
  let inner = 'iatiIdentifier';
  for (let level = levels - 2; level > 0; level -= 1) {
    inner = level % 2 === 1 ? `loans { id ${inner} }` : `activities { iatiIdentifier ${inner} }`;
  }
  return `{ activities(first: 1000) { nodes { ${inner} } } }`;
}

describe('query limits at the gateway (defaults)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub([sample('iati', 'activities', 'v2', 'ifad-activity.xml')]);
    // A hub's first request also loads the supergraph: time the refusals, not that.
    await t.query('{ activities(first: 1) { totalCount } }');
  });
  afterAll(async () => t.close());

  /** Sends the query and returns the first error's code, the HTTP status and how long it took; asserts no SQL ran. */
  async function refused(query: string): Promise<{ code: unknown; status: number; elapsed: number; message: string }> {
    const before = statements.count;
    const started = performance.now();
    const response = await t.hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: unknown } }[] };
    const elapsed = performance.now() - started;
    expect(statements.count, 'no SQL statement ran').toBe(before);
    expect(body.data ?? null).toBeNull();
    return { code: body.errors?.[0]?.extensions?.code, status: response.status, elapsed, message: body.errors?.[0]?.message ?? '' };
  }

  it('refuses 1,000 aliases of activities(first: 1000) at once, running nothing', async () => {
    const query = aliases(1000, 'activities(first: 1000) { nodes { iatiIdentifier title } }');
    const result = await refused(query);
    // The document is refused while it is read, at its 2,001st token, before the aliases are counted.
    expect(result.code).toBe('QUERY_TOO_LONG');
    expect(result.elapsed).toBeLessThan(1000);
  });

  it('refuses 200 aliases (2 GB before), and 31 short ones: the alias limit alone', async () => {
    expect((await refused(aliases(200, 'activities(first: 1000) { nodes { iatiIdentifier } }'))).code).toMatch(
      /^(QUERY_TOO_LONG|TOO_MANY_ALIASES)$/,
    );
    const result = await refused(aliases(31, 'activities(first: 1) { totalCount }'));
    expect(result).toMatchObject({ code: 'TOO_MANY_ALIASES', status: 400 });
    expect(result.message).toContain('TRIBUTARY_MAX_ALIASES');
    expect((await t.raw(aliases(30, 'activities(first: 1) { totalCount }'))).errors).toBeUndefined();
  });

  it('refuses the 34-level activity → loans → activities nesting (16.8 MB in 11 s before), running nothing', async () => {
    const query = loanNesting(34);
    expect(query.length).toBeLessThan(1000);
    const result = await refused(query);
    expect(result).toMatchObject({ code: 'QUERY_TOO_DEEP', status: 400 });
    expect(result.message).toContain('TRIBUTARY_MAX_DEPTH');
    expect(result.elapsed).toBeLessThan(1000);
  });

  it('refuses a query whose estimated cost is too high though each alias is allowed: first: n multiplies', async () => {
    const query = aliases(20, 'activities(first: 1000) { nodes { iatiIdentifier reportingOrg { ref } dates { start } } }');
    const result = await refused(query);
    expect(result.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    // The same selection on small pages is cheap: the cost follows `first`, not the field count.
    const small = await t.raw(aliases(20, 'activities(first: 10) { nodes { iatiIdentifier reportingOrg { ref } dates { start } } }'));
    expect(small.errors).toBeUndefined();
  });

  it('refuses a document of too many tokens, and one of too many directives', async () => {
    const fields = Array.from({ length: 2000 }, () => 'iatiIdentifier').join(' ');
    const long = await refused(`{ activities(first: 1) { nodes { ${fields} } } }`);
    expect(long).toMatchObject({ code: 'QUERY_TOO_LONG' });
    expect(long.message).toContain('TRIBUTARY_MAX_TOKENS');
    const directives = Array.from({ length: 30 }, () => '@include(if: true)').join(' ');
    expect(await refused(`{ activities(first: 1) { nodes { iatiIdentifier ${directives} } } }`)).toMatchObject({
      code: 'TOO_MANY_DIRECTIVES',
    });
  });

  it('counts fragments when measuring depth (a fragment cannot hide nesting)', async () => {
    const query = `
      query { activities(first: 1) { nodes { ...A } } }
      fragment A on Activity { loans { activities { loans { activities { loans { activities { loans { activities { loans { activities { loans { id } } } } } } } } } } } }`;
    expect(await refused(query)).toMatchObject({ code: 'QUERY_TOO_DEEP' });
  });
});
