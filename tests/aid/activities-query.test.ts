import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

interface Page {
  activities: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    nodes: { iatiIdentifier: string; title: string | null }[];
  };
}

const FILES = [
  sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'),
  sample('iati', 'activities', 'v2', 'usaid-activity.xml'),
  sample('iati', 'activities', 'v2', 'fcdo-activity.xml'),
  sample('iati', 'activities', 'v1', 'dfatd-TZ.xml'),
];

describe('activities: filters, sorting and cursor pagination on real IATI data', () => {
  let t: TestHub;
  let authoritative: (where: string, params?: unknown[]) => Promise<string[]>;

  beforeAll(async () => {
    t = await testHub(FILES);
    // An independent answer, straight from the tables, to check the API against.
    authoritative = async (where, params = []) => {
      const rows = await t.db.orm.em
        .fork()
        .execute<{ id: string }[]>(
          `select a.iati_identifier as id from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id where ${where} order by 1`,
          params,
        );
      return rows.map((r) => r.id);
    };
  });
  afterAll(async () => t.close());

  async function all(filter: Record<string, unknown>): Promise<string[]> {
    const data = await t.query<Page>(
      `query ($filter: ActivityFilter) { activities(first: 1000, filter: $filter) { totalCount nodes { iatiIdentifier } } }`,
      { filter },
    );
    expect(data.activities.totalCount).toBe(data.activities.nodes.length);
    return data.activities.nodes.map((n) => n.iatiIdentifier).sort();
  }

  it('counts every activity, however small the page', async () => {
    const data = await t.query<Page>('{ activities(first: 1) { totalCount nodes { iatiIdentifier } } }');
    expect(data.activities.totalCount).toBe((await authoritative('true')).length);
    expect(data.activities.nodes).toHaveLength(1);
  });

  it('filters by recipient country at activity or transaction level', async () => {
    const expected = await authoritative(
      `exists (select 1 from aid_recipient_country c where c.report_id = r.id and c.code = 'KE') or exists (select 1 from aid_transaction x where x.report_id = r.id and x.recipient_country = 'KE')`,
    );
    expect(expected.length).toBeGreaterThan(3);
    expect(await all({ recipientCountry: ['ke'] })).toEqual(expected);
  });

  it('finds an activity by a sector its publisher gives only on transactions (USAID)', async () => {
    const [usaidSector] = await t.db.orm.em
      .fork()
      .execute<{ code: string }[]>(
        `select s.code from aid_sector s join aid_activity_report r on r.id = s.report_id where r.reporting_org_ref = 'US-GOV-1' and s.transaction_id is not null and s.vocabulary = '1' limit 1`,
      );
    expect(usaidSector).toBeDefined();
    const found = await all({ sector: [usaidSector?.code], sectorVocabulary: '1' });
    expect(found.some((id) => id.startsWith('US-GOV-1'))).toBe(true);
    expect(found).toEqual(
      await authoritative(`exists (select 1 from aid_sector s where s.report_id = r.id and s.vocabulary = '1' and s.code = ?)`, [
        usaidSector?.code,
      ]),
    );
  });

  it('filters by reporting organisation, participating organisation and role, and status', async () => {
    expect(await all({ reportingOrg: ['GB-GOV-1'] })).toEqual(await authoritative(`r.reporting_org_key = 'GB-GOV-1'`));
    const funded = await all({ participatingOrg: ['GB-GOV-1'], participatingOrgRole: '1' });
    expect(funded).toEqual(
      await authoritative(
        `exists (select 1 from aid_participating_org p where p.report_id = r.id and p.org_key = 'GB-GOV-1' and p.role = '1')`,
      ),
    );
    expect(funded.length).toBeGreaterThan(0);
    expect(await all({ status: ['3', '4'] })).toEqual(await authoritative(`r.status in ('3', '4')`));
  });

  it('keeps activities whose dates overlap the range (actual dates before planned; one date alone is both ends)', async () => {
    // The oracle works from each activity's published dates in plain code, not from the filter's SQL.
    const { activities } = await t.query<{
      activities: {
        nodes: {
          iatiIdentifier: string;
          dates: { plannedStart: string | null; actualStart: string | null; plannedEnd: string | null; actualEnd: string | null };
        }[];
      };
    }>(`{ activities(first: 1000) { nodes { iatiIdentifier dates { plannedStart actualStart plannedEnd actualEnd } } } }`);
    const overlapping = (from: string, to: string): string[] =>
      activities.nodes
        .filter(({ dates }) => {
          const start = dates.actualStart ?? dates.plannedStart;
          const end = dates.actualEnd ?? dates.plannedEnd;
          const first = start ?? end;
          const last = end ?? start;
          return first !== null && last !== null && last >= from && first <= to;
        })
        .map((n) => n.iatiIdentifier)
        .sort();
    const found = await all({ activeFrom: '2021-01-01', activeTo: '2021-03-31' });
    expect(found).toEqual(overlapping('2021-01-01', '2021-03-31'));
    expect(found.length).toBeGreaterThan(10);
    expect(found.length).toBeLessThan(activities.nodes.length);
    expect(await all({ activeFrom: '2010-03-31', activeTo: '2010-03-31' })).toEqual(overlapping('2010-03-31', '2010-03-31'));
  });

  it('searches titles in any language, ignoring case, and treats % and _ literally', async () => {
    const covid = await all({ titleContains: 'CoViD' });
    expect(covid).toEqual(await authoritative(`lower(r.title_search) like '%covid%'`));
    expect(covid.length).toBeGreaterThan(50);
    // dfatd-TZ.xml titles its activities in English and French.
    const french = await t.query<{ activities: { nodes: { iatiIdentifier: string; title: string; fr: string }[] } }>(
      `{ activities(first: 5, filter: { titleContains: "appui" }) { nodes { iatiIdentifier title fr: title(lang: "fr") } } }`,
    );
    expect(french.activities.nodes.length).toBeGreaterThan(0);
    for (const node of french.activities.nodes) expect(node.fr.toLowerCase()).toContain('appui');
    expect(await all({ titleContains: '%' })).toEqual(await authoritative(`r.title_search like '%\\%%'`));
  });

  it('combines filters (all must hold)', async () => {
    expect(await all({ recipientCountry: ['KE'], reportingOrg: ['GB-GOV-1'] })).toEqual(
      await authoritative(
        `r.reporting_org_key = 'GB-GOV-1' and exists (select 1 from aid_recipient_country c where c.report_id = r.id and c.code = 'KE')`,
      ),
    );
  });

  it('sorts by title either way and by start date, ties broken by identity', async () => {
    const asc = await t.query<Page>('{ activities(first: 1000, orderBy: { field: TITLE }) { nodes { iatiIdentifier title } } }');
    const titles = asc.activities.nodes.map((n) => (n.title ?? '').toLowerCase());
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = await t.query<Page>(
      '{ activities(first: 1000, orderBy: { field: TITLE, direction: DESC }) { nodes { iatiIdentifier } } }',
    );
    expect(desc.activities.nodes.map((n) => n.iatiIdentifier)).toEqual(asc.activities.nodes.map((n) => n.iatiIdentifier).reverse());
    const byStart = await t.query<{ activities: { nodes: { dates: { start: string | null } }[] } }>(
      '{ activities(first: 1000, orderBy: { field: START_DATE }) { nodes { dates { start } } } }',
    );
    const starts = byStart.activities.nodes.map((n) => n.dates.start ?? '');
    expect(starts).toEqual([...starts].sort());
  });

  it('pages forwards and backwards through every activity, each exactly once, with stable cursors', async () => {
    const everything = (
      await t.query<Page>('{ activities(first: 1000, orderBy: { field: TITLE }) { nodes { iatiIdentifier } } }')
    ).activities.nodes.map((n) => n.iatiIdentifier);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await t.query<Page>(
        `query ($after: String) { activities(first: 37, after: $after, orderBy: { field: TITLE }) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { iatiIdentifier } } }`,
        { after },
      );
      expect(page.activities.totalCount).toBe(everything.length);
      expect(page.activities.pageInfo.hasPreviousPage).toBe(after !== null);
      forward.push(...page.activities.nodes.map((n) => n.iatiIdentifier));
      if (!page.activities.pageInfo.hasNextPage) break;
      after = page.activities.pageInfo.endCursor;
    }
    expect(forward).toEqual(everything);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = await t.query<Page>(
        `query ($before: String) { activities(last: 50, before: $before, orderBy: { field: TITLE }) { pageInfo { hasPreviousPage startCursor } nodes { iatiIdentifier } } }`,
        { before },
      );
      backward.unshift(...page.activities.nodes.map((n) => n.iatiIdentifier));
      if (!page.activities.pageInfo.hasPreviousPage) break;
      before = page.activities.pageInfo.startCursor;
    }
    expect(backward).toEqual(everything);
  });

  it('refuses a cursor it did not give out and a page larger than 1000, with BAD_USER_INPUT', async () => {
    const badCursor = await t.raw('{ activities(first: 5, after: "not-a-cursor") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badCursor.errors?.[0]?.message).toContain('after');
    const tooLarge = await t.raw('{ activities(first: 5000) { totalCount } }');
    expect(tooLarge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const roleAlone = await t.raw('{ activities(filter: { participatingOrgRole: "1" }) { totalCount } }');
    expect(roleAlone.errors?.[0]?.message).toContain('participatingOrg');
  });
});
