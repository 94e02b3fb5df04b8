import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statements } from '../../src/db/orm.js';
import { analystHub, type AnalystHub } from './analyst-hub.js';

/** Organisation (aid) → the national entity its mapping rules name → that administrative code in finance's chart. */
let t: AnalystHub;
beforeAll(async () => {
  t = await analystHub(50);
});
afterAll(() => t?.close());

interface Entity {
  country: string;
  segment: string;
  code: string;
  matchedOn: string;
  share: string;
  chartCode: { name: string; budget: { lines: number }[] };
}
const ENTITIES = 'nationalEntities { country segment code matchedOn share chartCode { name budget(fiscalYears: ["2025/26"]) { lines } } }';

describe('an organisation’s national entity', () => {
  it('is the administrative code its org-ref rule names, with that code’s name and budget', async () => {
    const data = await t.as<{ organisation: { name: string; nationalEntities: Entity[] } }>(
      ['analyst'],
      `{ organisation(id: "MW-COA-320") { name ${ENTITIES} } }`,
    );
    expect(data.organisation.nationalEntities).toEqual([
      {
        country: 'MW',
        segment: 'administrative',
        code: '320',
        matchedOn: 'org-ref',
        share: '100',
        chartCode: { name: 'Ministry of Gender, Community Development and Social Welfare', budget: [{ lines: expect.any(Number) }] },
      },
    ]);
    expect(data.organisation.nationalEntities[0]!.chartCode.budget[0]!.lines).toBeGreaterThan(0);
  });

  it('follows an org-name rule by the organisation’s name, and none for an organisation no rule names', async () => {
    const page = await t.as<{ organisations: { nodes: { id: string; name: string | null; nationalEntities: Entity[] }[] } }>(
      ['analyst'],
      `{ organisations(first: 200) { nodes { id name nationalEntities { code } } } }`,
    );
    const unmapped = page.organisations.nodes.find((o) => o.name && o.nationalEntities.length === 0 && !o.id.startsWith('MW-COA-'))!;
    expect(unmapped).toBeDefined();
    const created = await t.asRaw(
      ['mapping-admin'],
      `mutation ($name: String!) { createMappingRule(reason: "test: by name", rule: { country: "MW", sourceScheme: "org-name", sourceCode: $name, targetScheme: "coa:administrative", targetCode: "320" }) { rule { id } } }`,
      { name: unmapped.name },
    );
    expect(created.errors).toBeUndefined();
    const data = await t.as<{ organisation: { nationalEntities: Entity[] } }>(
      ['analyst'],
      `query ($id: ID!) { organisation(id: $id) { ${ENTITIES} } }`,
      {
        id: unmapped.id,
      },
    );
    expect(data.organisation.nationalEntities.map((e) => [e.code, e.matchedOn])).toEqual([['320', 'org-name']]);
  });

  it('sends the same statements for 10 and for 100 organisations', async () => {
    const query = `query ($first: Int!) { organisations(first: $first) { nodes { id ${ENTITIES} } } }`;
    const count = async (first: number) => {
      await t.as(['analyst'], '{ organisations(first: 1) { nodes { id } } }');
      const before = statements.count;
      const data = await t.as<{ organisations: { nodes: { nationalEntities: Entity[] }[] } }>(['analyst'], query, { first });
      return { statements: statements.count - before, nodes: data.organisations.nodes };
    };
    const few = await count(10);
    const many = await count(100);
    expect(many.nodes.length).toBeGreaterThan(few.nodes.length);
    expect(many.nodes.some((o) => o.nationalEntities.length > 0)).toBe(true);
    expect(few.nodes.some((o) => o.nationalEntities.length > 0)).toBe(true);
    expect(many.statements).toBe(few.statements);
  });
});
