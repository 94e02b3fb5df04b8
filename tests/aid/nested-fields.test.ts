import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

/** One activity's XML, cut out by plain text search, to check the graph against. */
function activityXml(file: string, identifier: string): string {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(`<iati-identifier>${identifier}</iati-identifier>`);
  const start = text.lastIndexOf('<iati-activity', at);
  return text.slice(start, text.indexOf('</iati-activity>', at));
}

const count = (xml: string, pattern: RegExp): number => xml.match(pattern)?.length ?? 0;

const FCDO = sample('iati', 'activities', 'v2', 'fcdo-activity.xml');
const BEIS = sample('iati', 'activities', 'v2', 'beis-activity.xml');
const USAID = sample('iati', 'activities', 'v2', 'usaid-activity.xml');
const DFATD = sample('iati', 'activities', 'v1', 'dfatd-TZ.xml');

describe('an activity and its nested fields, against its own XML', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub([FCDO, BEIS, USAID, DFATD]);
  });
  afterAll(async () => t.close());

  it('returns transactions, budgets, sectors, organisations and related activities as published (FCDO)', async () => {
    const id = 'GB-1-103662-101';
    const xml = activityXml(FCDO, id);
    const { activity } = await t.query<{
      activity: {
        title: string;
        status: { code: string; name: string };
        transactions: { type: { code: string; name: string }; value: string; currency: string; date: string }[];
        budgets: { type: { code: string }; periodStart: string; value: string }[];
        sectors: { code: { code: string; name: string }; percentage: string | null }[];
        participatingOrgs: { role: { code: string; name: string }; ref: string | null; name: string | null }[];
        relatedActivities: { type: { code: string; name: string }; ref: string }[];
        countryBudgetItems: { vocabulary: { code: string; withdrawn: boolean }; code: { code: string; name: string | null } }[];
        capitalSpend: string | null;
      };
    }>(
      `query ($id: ID!) { activity(iatiIdentifier: $id) {
         title status { code name }
         transactions { type { code name } value currency date }
         budgets { type { code } periodStart value }
         sectors { code { code name } percentage }
         participatingOrgs { role { code name } ref name }
         relatedActivities { type { code name } ref }
         countryBudgetItems { vocabulary { code withdrawn } code { code name } }
         capitalSpend } }`,
      { id },
    );
    expect(activity.transactions).toHaveLength(count(xml, /<transaction[\s>]/g));
    expect(activity.budgets).toHaveLength(count(xml, /<budget[\s>]/g));
    expect(activity.sectors).toHaveLength(count(xml, /<sector[\s>]/g));
    expect(activity.participatingOrgs).toHaveLength(count(xml, /<participating-org[\s>]/g));
    expect(activity.relatedActivities).toHaveLength(count(xml, /<related-activity[\s>]/g));
    // Every value is the exact text of a <value> in the XML.
    const values = [...xml.matchAll(/<value[^>]*>([^<]+)<\/value>/g)].map((m) => m[1]?.trim());
    for (const tx of activity.transactions) expect(values).toContain(tx.value);
    expect(activity.transactions.every((tx) => tx.type.name.length > 0)).toBe(true);
    // FCDO reports vocabulary 1 (IATI, withdrawn) budget item 1.1.1, named from the BudgetIdentifier codelist.
    expect(activity.countryBudgetItems[0]).toEqual({
      vocabulary: { code: '1', withdrawn: true },
      code: { code: '1.1.1', name: 'Executive - executive' },
    });
    expect(activity.capitalSpend).toBe(/capital-spend percentage="([^"]+)"/.exec(xml)?.[1]);
  });

  it('keeps float percentages exactly as published (BEIS)', async () => {
    const { activities } = await t.query<{ activities: { nodes: { recipientCountries: { percentage: string | null }[] }[] } }>(
      `{ activities(first: 100, filter: { reportingOrg: ["GB-GOV-13"] }) { nodes { recipientCountries { percentage } } } }`,
    );
    const shares = activities.nodes.flatMap((n) => n.recipientCountries.map((c) => c.percentage));
    expect(shares).toContain('0.5714285714285714');
    expect(shares).toHaveLength(count(readFileSync(BEIS, 'utf8'), /<recipient-country[\s>]/g));
  });

  it('shows transaction-level sectors on the activity when asked, and on each transaction (USAID)', async () => {
    const xml = readFileSync(USAID, 'utf8');
    const { activities } = await t.query<{
      activities: { nodes: { own: unknown[]; all: { level: string; code: { code: string } }[]; transactions: { sectors: unknown[] }[] }[] };
    }>(
      `{ activities(filter: { reportingOrg: ["US-GOV-1"] }) { nodes {
          own: sectors { level } all: sectors(includeTransactionLevel: true) { level code { code } }
          transactions { sectors { code { code } } } } } }`,
    );
    const [usaid] = activities.nodes;
    expect(usaid?.own).toEqual([]);
    const distinct = new Set(
      [...xml.matchAll(/<sector[^>]*code="([^"]+)"[^>]*vocabulary="([^"]+)"|<sector[^>]*vocabulary="([^"]+)"[^>]*code="([^"]+)"/g)].map(
        (m) => `${m[2] ?? m[3]}|${m[1] ?? m[4]}`,
      ),
    );
    expect(usaid?.all).toHaveLength(distinct.size);
    expect(usaid?.all.every((s) => s.level === 'TRANSACTION')).toBe(true);
    expect(usaid?.transactions.reduce((n, tx) => n + tx.sectors.length, 0)).toBe(count(xml, /<sector[\s>]/g));
  });

  it('sums transactions exactly per type and currency', async () => {
    const { activity } = await t.query<{
      activity: {
        transactionTotals: { type: string; currency: string; value: string; count: number }[];
        transactions: { type: { code: string }; value: string }[];
      };
    }>(
      `{ activity(iatiIdentifier: "GB-1-103662-101") { transactionTotals { type currency value count } transactions { type { code } value } } }`,
    );
    for (const total of activity.transactionTotals) {
      const parts = activity.transactions.filter((tx) => tx.type.code === total.type);
      expect(total.count).toBe(parts.length);
      const cents = parts.reduce((sum, tx) => sum + BigInt(Math.round(Number(tx.value) * 100)), 0n);
      expect(BigInt(Math.round(Number(total.value) * 100))).toBe(cents);
    }
  });

  it('names each description by its type, as typed in the XML (BEIS)', async () => {
    const xml = readFileSync(BEIS, 'utf8');
    const published = xml
      .split('<iati-activity')
      .slice(1)
      .map((activity) => ({
        id: /<iati-identifier>([^<]+)</.exec(activity)?.[1] ?? '',
        types: [...activity.matchAll(/<description type='(\d)'>/g)].map((m) => m[1]),
      }));
    expect(published.length).toBeGreaterThan(0);
    const codelist = JSON.parse(readFileSync(sample('iati', 'codelists', 'json', 'DescriptionType.json'), 'utf8')) as {
      items: { code: string; name: string }[];
    };
    const nameOf = new Map(codelist.items.map((item) => [item.code, item.name]));
    for (const { id, types } of published) {
      const { activity } = await t.query<{ activity: { descriptions: { type: { code: string; name: string } | null }[] } }>(
        `query ($id: ID!) { activity(iatiIdentifier: $id) { descriptions { type { code name } } } }`,
        { id },
      );
      const typed = activity.descriptions.flatMap((d) => (d.type ? [d.type] : []));
      expect(typed.map((type) => type.code)).toEqual(types);
      expect(typed.map((type) => type.name)).toEqual(types.map((code) => nameOf.get(code ?? '')));
    }
  });

  it('gives titles in every language published and names codes in French on request (DFATD, 1.0x)', async () => {
    const { activities } = await t.query<{
      activities: { nodes: { titles: { lang: string | null }[]; status: { fr: string | null } | null }[] };
    }>(`{ activities(first: 50, filter: { reportingOrg: ["CA-3"] }) { nodes { titles { lang } status { fr: name(lang: "fr") } } } }`);
    const languages = new Set(activities.nodes.flatMap((n) => n.titles.map((t) => t.lang)));
    expect(languages).toEqual(new Set(['en', 'fr']));
    expect(activities.nodes.some((n) => n.status?.fr === 'Actif' || n.status?.fr === 'Fermé')).toBe(true);
  });

  it('lists transactions across activities by type, date, currency and provider', async () => {
    const { transactions } = await t.query<{
      transactions: {
        totalCount: number;
        nodes: { date: string; currency: string; type: { code: string }; provider: { ref: string | null } | null }[];
      };
    }>(
      `{ transactions(first: 1000, filter: { type: ["3"], dateFrom: "2019-01-01", dateTo: "2021-12-31", currency: ["gbp"] }) {
          totalCount nodes { date currency type { code } provider { ref } } } }`,
    );
    expect(transactions.totalCount).toBe(transactions.nodes.length);
    expect(transactions.nodes.length).toBeGreaterThan(0);
    for (const tx of transactions.nodes) {
      expect(tx.type.code).toBe('3');
      expect(tx.currency).toBe('GBP');
      expect(tx.date >= '2019-01-01' && tx.date <= '2021-12-31').toBe(true);
    }
    const dates = transactions.nodes.map((tx) => tx.date);
    expect(dates).toEqual([...dates].sort());
    const [expected] = await t.db.orm.em
      .fork()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from aid_transaction x join aid_activity a on a.authoritative_report_id = x.report_id where x.type = '3' and x.currency = 'GBP' and x.date between '2019-01-01' and '2021-12-31'`,
      );
    expect(transactions.totalCount).toBe(expected?.n);
  });

  it('finds organisations by name and codelists by name, with names', async () => {
    const { organisations } = await t.query<{ organisations: { nodes: { id: string; name: string; type: { name: string } | null }[] } }>(
      `{ organisations(filter: { search: "foreign, commonwealth" }) { nodes { id name type { name } } } }`,
    );
    expect(organisations.nodes.some((o) => o.id === 'GB-GOV-1' && o.type?.name === 'Government')).toBe(true);
    const { codelist } = await t.query<{ codelist: { items: { code: string; name: string }[] } }>(
      `{ codelist(name: "Sector") { items(search: "basic health care") { code name } } }`,
    );
    expect(codelist.items).toContainEqual({ code: '12220', name: 'Basic health care' });
  });
});
