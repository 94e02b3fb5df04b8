import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { tableCounts } from '../support/db.js';
import { testHub, type TestHub } from '../support/hub.js';
import { sample } from '../support/sample-data.js';

/**
 * The mapping subgraph through the gateway, on real IATI files: DFID in Tanzania (whose chart of
 * accounts is COFOG), IFAD (DAC 3-digit sectors), the Global Fund in Malawi (ministries named as
 * implementers).
 */
let hub: TestHub;
let admin: Record<string, string>;
let analyst: Record<string, string>;

beforeAll(async () => {
  hub = await testHub([
    sample('iati', 'activities', 'v1', 'dfid-TZ.xml'),
    sample('iati', 'activities', 'v2', 'ifad-activity.xml'),
    sample('iati', 'activities', 'v1', 'IATIfromGF.xml'),
  ]);
  await hub.db.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
  admin = { authorization: `Bearer ${await hub.token('amina@mof.example', 'mapping-admin')}` };
  analyst = { authorization: `Bearer ${await hub.token('joseph@mof.example', 'analyst')}` };
}, 180_000);

afterAll(() => hub?.close());

const IFAD = 'XM-DAC-41108-1100001761';
const COVERAGE = `query { mappingCoverage(limit: 3) { totals { currency total mapped unmapped mappedShare } unmapped { donorRef sourceScheme sourceCode currency amount } } }`;
type Coverage = {
  mappingCoverage: {
    totals: { currency: string; total: string; mapped: string; unmapped: string; mappedShare: string }[];
    unmapped: { donorRef: string; sourceScheme: string; sourceCode: string; currency: string; amount: string }[];
  };
};

describe('classification of aid in the graph', () => {
  it('gives an activity its COFOG and Tanzanian functional codes with provenance, and its transactions theirs', async () => {
    const [row] = await hub.db.orm.em
      .fork()
      .execute<{ id: string }[]>(
        `select a.iati_identifier as id from aid_activity a join map_assignment m on m.activity_id = a.id and m.country = 'TZ' and m.target_code is not null order by 1 limit 1`,
      );
    const data = await hub.query<{
      activity: {
        coa: {
          segment: string;
          country: string | null;
          code: string;
          name: string;
          share: string;
          provenance: string;
          ruleIds: number[];
        }[];
        transactions: { coa: { segment: string; own: boolean }[] }[];
      };
    }>(
      `query($id: ID!) { activity(iatiIdentifier: $id) {
        coa { segment country code name share provenance ruleIds }
        transactions { coa(segment: "cofog") { segment own } } } }`,
      { id: row!.id },
    );
    const { coa } = data.activity;
    for (const segment of ['cofog', 'coa:functional']) {
      const shares = coa.filter((a) => a.segment === segment).reduce((sum, a) => sum + Number(a.share), 0);
      expect(shares, segment).toBeCloseTo(100, 6);
    }
    const national = coa.find((a) => a.segment === 'coa:functional' && a.code)!;
    expect(national).toMatchObject({ country: 'TZ', provenance: 'sector-rule' });
    expect(national.name).toBeTruthy();
    expect(coa.some((a) => a.segment === 'cofog' && a.code === national.code)).toBe(true);
    for (const t of data.activity.transactions) expect(t.coa.map((a) => a.segment)).toContain('cofog');
  });

  it('reports coverage by currency and the codes leaving the most money unmapped', async () => {
    const { mappingCoverage } = await hub.query<Coverage>(COVERAGE);
    const gbp = mappingCoverage.totals.find((t) => t.currency === 'GBP')!;
    expect(Number(gbp.mappedShare)).toBeGreaterThan(99);
    expect(mappingCoverage.unmapped.find((u) => u.donorRef === 'XM-DAC-41108')).toMatchObject({ sourceScheme: 'dac3', sourceCode: '430' });
  });

  it('counts in a national chart only the activities in that country', async () => {
    type Totals = { mappingCoverage: { totals: { currency: string; total: string }[] } };
    const tanzania = await hub.query<Totals>(`{ mappingCoverage(segment: "coa:functional", country: "TZ") { totals { currency total } } }`);
    expect(tanzania.mappingCoverage.totals.map((t) => t.currency)).toContain('GBP');
    expect(tanzania.mappingCoverage.totals.map((t) => t.currency)).not.toContain('XDR'); // IFAD's activity is not in Tanzania
    const malawi = await hub.query<Totals>(
      `{ mappingCoverage(segment: "coa:administrative", country: "MW") { totals { currency total } } }`,
    );
    expect(malawi.mappingCoverage.totals.map((t) => t.currency)).toEqual(['USD']); // the Global Fund's Malawi grants only
  });

  it('derives budget alignment with reasons on activities and transactions', async () => {
    const data = await hub.query<{
      activity: {
        alignment: { weighting: string; onTreasury: { status: string; reasons: { reason: string; share: string }[] } };
        transactions: { alignment: { onTreasury: { status: string } } }[];
      };
    }>(
      `query($id: ID!) { activity(iatiIdentifier: $id) {
        alignment { weighting onTreasury { status share reasons { reason share } } }
        transactions { alignment { onTreasury { status } } } } }`,
      { id: IFAD },
    );
    const { alignment } = data.activity;
    expect(['YES', 'NO', 'PARTLY', 'UNKNOWN']).toContain(alignment.onTreasury.status);
    expect(alignment.onTreasury.reasons.length).toBeGreaterThan(0);
    expect(alignment.weighting).toMatch(/^(value in [A-Z]{3}|count: )/);
    expect(data.activity.transactions.length).toBeGreaterThan(0);
    for (const t of data.activity.transactions) expect(['YES', 'NO', 'UNKNOWN']).toContain(t.alignment.onTreasury.status);
  });
});

describe('mapping administration', () => {
  const CREATE = `mutation($reason: String!) { createMappingRule(rule: { sourceScheme: "dac3", sourceCode: "430", targetScheme: "cofog", targetCode: "04.2.1" }, reason: $reason) {
    reapplied rule { id version changedBy } } }`;

  it('refuses changes to anonymous users and analysts', async () => {
    for (const headers of [{}, analyst]) {
      const result = await hub.raw(CREATE, { reason: 'agriculture' }, headers);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('lets a mapping admin map a category, and the coverage moves at once', async () => {
    const before = await hub.query<Coverage>(COVERAGE);
    const result = await hub.raw(CREATE, { reason: 'IFAD’s multisector rural development is agriculture' }, admin);
    expect(result.errors).toBeUndefined();
    const created = (result.data as { createMappingRule: { reapplied: number; rule: { id: string; changedBy: string } } })
      .createMappingRule;
    expect(created.reapplied).toBeGreaterThan(0);
    expect(created.rule.changedBy).toBe('amina@mof.example');
    const after = await hub.query<Coverage>(COVERAGE);
    expect(after.mappingCoverage.unmapped.some((u) => u.sourceCode === '430')).toBe(false);
    const usd = (c: Coverage) => c.mappingCoverage.totals.find((t) => t.currency === 'USD')!;
    expect(Number(usd(after).mapped)).toBeGreaterThan(Number(usd(before).mapped));
    const history = await hub.query<{ mappingRule: { history: { operation: string; changedBy: string; reason: string }[] } }>(
      `query($id: ID!) { mappingRule(id: $id) { history { operation changedBy reason } } }`,
      { id: created.rule.id },
    );
    expect(history.mappingRule.history).toEqual([
      { operation: 'create', changedBy: 'amina@mof.example', reason: 'IFAD’s multisector rural development is agriculture' },
    ]);
  });

  it('refuses an invalid sheet whole, listing every problem with its row, and changes nothing', async () => {
    const sheet = [
      'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason',
      ',dac5,99999,cofog,07.1.1,100,,,no such DAC code',
      ',dac5,12220,cofog,07.2.1,60,,,basic health care is outpatient services',
      ',dac5,12220,cofog,07.3.1,30,,,and part hospital services',
      'MW,dac5,11110,coa:functional,09.8.0,100,,,',
    ].join('\n');
    const counts = await tableCounts(hub.db.orm);
    const result = await hub.raw(
      `mutation($content: String!) { uploadMappingSheet(fileName: "health.csv", content: $content) { created } }`,
      { content: Buffer.from(sheet).toString('base64') },
      admin,
    );
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('INVALID_MAPPING');
    const problems = error?.extensions?.problems as { row: number; field: string; code: string }[];
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, 'source_code', 'UNKNOWN_CODE'],
      [3, 'share', 'SHARES_NOT_100'],
      [5, 'reason', 'MISSING_REASON'],
    ]);
    expect(await tableCounts(hub.db.orm)).toEqual(counts);
  });

  it('applies a valid sheet: a split over two classes, with the history of the rule it replaced', async () => {
    const sheet = [
      'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason',
      ',dac5,12220,cofog,07.2.1,60,,,basic health care is mostly outpatient services',
      ',dac5,12220,cofog,07.3.1,40,,,and partly district hospitals',
    ].join('\n');
    const result = await hub
      .query<{ uploadMappingSheet: { created: number; updated: number; retired: number } }>(
        `mutation($content: String!) { uploadMappingSheet(fileName: "health.csv", content: $content) { created updated retired unchanged reapplied } }`,
        { content: Buffer.from(sheet).toString('base64') },
      )
      .catch(() => null);
    expect(result).toBeNull(); // anonymous: refused
    const answer = await hub.raw(
      `mutation($content: String!) { uploadMappingSheet(fileName: "health.csv", content: $content) { created updated retired unchanged reapplied } }`,
      { content: Buffer.from(sheet).toString('base64') },
      admin,
    );
    expect(answer.errors).toBeUndefined();
    const shipped = (
      await hub.query<{ mappingRules: { nodes: { targetCode: string; share: string; origin: string }[] } }>(
        `{ mappingRules(filter: { sourceScheme: ["dac5"], sourceCode: ["12220"] }) { nodes { targetCode share origin } } }`,
      )
    ).mappingRules.nodes;
    expect(shipped).toEqual(
      expect.arrayContaining([
        { targetCode: '07.2.1', share: '60', origin: expect.any(String) },
        { targetCode: '07.3.1', share: '40', origin: 'sheet' },
      ]),
    );
    expect(shipped).toHaveLength(2);
  });

  it('overrides an alignment dimension of an activity, keeping what the rules said', async () => {
    const result = await hub.raw(
      `mutation { setAlignmentOverride(iatiIdentifier: "${IFAD}", dimension: "onBudget", value: true, reason: "in the 2023/24 development budget, vote 130") {
        onBudget { status share overridden reasons { reason } derived } } }`,
      undefined,
      admin,
    );
    expect(result.errors).toBeUndefined();
    const onBudget = (result.data as { setAlignmentOverride: { onBudget: Record<string, unknown> } }).setAlignmentOverride.onBudget;
    expect(onBudget).toMatchObject({ status: 'YES', share: '100.00', overridden: true });
    expect(onBudget.derived).toHaveProperty('status');
    const history = await hub.query<{ mappingHistory: { operation: string; changedBy: string }[] }>(
      `{ mappingHistory(subject: "alignment-override", key: "${IFAD}:onBudget") { operation changedBy } }`,
    );
    expect(history.mappingHistory).toEqual([{ operation: 'create', changedBy: 'amina@mof.example' }]);
  });

  it('suggests Malawi’s Ministry of Health for the Global Fund’s implementer, and maps it once approved', async () => {
    type Suggestions = {
      organisationSuggestions: { sourceScheme: string; sourceCode: string; suggestions: { code: string; name: string }[] }[];
    };
    const { organisationSuggestions } = await hub.query<Suggestions>(
      `{ organisationSuggestions(country: "MW") { sourceScheme sourceCode activities suggestions { code name score } } }`,
    );
    const moh = organisationSuggestions.find((o) => o.sourceCode === 'The Ministry of Health of the Republic of Malawi')!;
    expect(moh.sourceScheme).toBe('org-name');
    expect(moh.suggestions[0]).toMatchObject({ code: '310', name: 'Ministry of Health' });
    const approve = await hub.raw(
      `mutation($code: String!) { createMappingRule(rule: { country: "MW", sourceScheme: "org-name", sourceCode: $code, targetScheme: "coa:administrative", targetCode: "310" },
        reason: "suggestion approved") { reapplied } }`,
      { code: moh.sourceCode },
      admin,
    );
    expect(approve.errors).toBeUndefined();
    const after = await hub.query<Suggestions>(
      `{ organisationSuggestions(country: "MW") { sourceScheme sourceCode suggestions { code } } }`,
    );
    expect(after.organisationSuggestions.some((o) => o.sourceCode === moh.sourceCode)).toBe(false);
  });

  it('replaces the alignment rules whole or not at all, and re-applies every activity', async () => {
    const { alignmentRulesSheet } = await hub.query<{ alignmentRulesSheet: string }>(`{ alignmentRulesSheet }`);
    const REPLACE = `mutation($sheet: String!) { replaceAlignmentRules(sheet: $sheet, reason: "treasury rules reviewed with the accountant general") }`;
    const bad = await hub.raw(REPLACE, { sheet: `${alignmentRulesSheet}extra,5,onTreasry,disbursementChannel = 9,yes,typo\n` }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_MAPPING');
    expect((bad.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort()).toEqual(['condition', 'dimension']);
    const stricter = alignmentRulesSheet.replace(/^treasury-channel,30,/m, 'treasury-channel,30,');
    const unchanged = await hub.raw(REPLACE, { sheet: stricter }, admin);
    expect(unchanged.data).toEqual({ replaceAlignmentRules: 0 });
    const edited = alignmentRulesSheet.replace(/^(not-in-aid-data,900,[^,]*,\*,)unknown,/m, '$1no,');
    expect(edited).not.toEqual(alignmentRulesSheet);
    const replaced = await hub.raw(REPLACE, { sheet: edited }, admin);
    expect(replaced.errors).toBeUndefined();
    const activities = await hub.db.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from map_applied`);
    expect(replaced.data).toEqual({ replaceAlignmentRules: activities[0]!.n });
    const history = await hub.query<{ mappingHistory: { changedBy: string; reason: string }[] }>(
      `{ mappingHistory(subject: "alignment-rule", key: "rules") { changedBy reason } }`,
    );
    expect(history.mappingHistory.at(-1)).toEqual({
      changedBy: 'amina@mof.example',
      reason: 'treasury rules reviewed with the accountant general',
    });
  });

  it('keeps national entities editable: an alias makes a suggestion match', async () => {
    const saved = await hub.raw(
      `mutation { saveNationalEntity(country: "MW", code: "310", name: "Ministry of Health", aliases: ["MoH", "National AIDS Commission"], reason: "NAC reports to the MoH vote") { code origin aliases } }`,
      undefined,
      admin,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data).toEqual({ saveNationalEntity: { code: '310', origin: 'admin', aliases: ['MoH', 'National AIDS Commission'] } });
    const { organisationSuggestions } = await hub.query<{
      organisationSuggestions: { sourceCode: string; suggestions: { code: string; matchedOn: string }[] }[];
    }>(`{ organisationSuggestions(country: "MW") { sourceCode suggestions { code matchedOn } } }`);
    const nac = organisationSuggestions.find((o) => o.sourceCode.includes('National AIDS Commission'))!;
    expect(nac.suggestions[0]).toEqual({ code: '310', matchedOn: 'alias' });
  });
});
