import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiled } from './compiled-sql.js';
import { sample } from '../support/sample-data.js';
import { testHub, type TestHub } from '../support/hub.js';

const FCDO = sample('iati', 'activities', 'v2', 'fcdo-activity.xml');
const FILES = [
  FCDO,
  sample('iati', 'activities', 'v2', 'beis-activity.xml'),
  sample('iati', 'activities', 'v2', 'canada-activity.xml'),
  sample('iati', 'activities', 'v1', 'dfatd-TZ.xml'),
];
/** The same FCDO activity as its implementer reports it, so the activity has two reports. */
const SHARED = 'GB-1-103662-101';
const FUNDER = 'GB-GOV-1';
const IMPLEMENTER = 'GB-COH-2732176';

/** Every field of an activity that its own row carries (the lists come from loaders). */
const ROW_FIELDS = `iatiIdentifier identifierSynthesized titles { lang text } descriptions { narratives { lang text } }
  defaultCurrency defaultLang hierarchy humanitarian capitalSpend conditionsAttached iatiVersion warnings { code field message }
  title titleFr: title(lang: "fr") reportingOrg { ref name secondaryReporter type { code } organisation { name } } status { code }
  dates { plannedStart actualStart plannedEnd actualEnd start end } collaborationType { code } defaultFlowType { code }
  defaultFinanceType { code } defaultTiedStatus { code } defaultAidTypes { code codelist } conditions { type { code } text }
  authority { rule reportingOrg { ref } }`;

/** The JSON columns of a report, which only the fields showing them may read. */
const JSON_COLUMNS = ['titles', 'descriptions', 'warnings', 'conditions', 'default_aid_types'].map((column) => `"r"."${column}"`);

/** How the page statement names its tables, as the query builder compiles it. */
const PAGE_FROM = 'from "aid_activity" as "a" inner join "aid_activity_report" as "r"';

describe('the activities page reads only the report columns its query asks for', () => {
  let t: TestHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-page-columns-'));
    const implementer = path.join(dir, 'implementer.xml');
    const funderXml = readFileSync(FCDO, 'utf8');
    const implementerXml = funderXml.replace(
      /<reporting-org ref="GB-GOV-1" type="10">[\s\S]*?<\/reporting-org>/,
      `<reporting-org ref="${IMPLEMENTER}" type="70"><narrative>Adam Smith International</narrative></reporting-org>`,
    );
    expect(implementerXml).not.toBe(funderXml);
    writeFileSync(implementer, implementerXml);
    t = await testHub([implementer, ...FILES]);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The SQL of the statement reading the page (the one joining activities to their reports). */
  async function pageStatement(query: string): Promise<{ data: Record<string, unknown>; sql: string }> {
    const { data, texts } = await compiled(() => t.query(query));
    const page = texts.filter((text) => text.includes(PAGE_FROM) && !text.includes('count(*)'));
    expect(page).toHaveLength(1);
    return { data, sql: page[0] ?? '' };
  }

  it('leaves out every JSON column when only the identifier and title are asked for', async () => {
    const { data, sql } = await pageStatement('{ activities(first: 100) { totalCount nodes { iatiIdentifier title } } }');
    for (const column of JSON_COLUMNS) expect(sql).not.toContain(column);
    expect(sql).not.toContain('aid_activity x');
    const { activities } = data as { activities: { totalCount: number; nodes: { title: string | null }[] } };
    expect(activities.nodes).toHaveLength(activities.totalCount);
    expect(activities.nodes.filter((node) => node.title)).not.toHaveLength(0);
  });

  it('reads descriptions and warnings when asked, through nodes, edges and named or inline fragments', async () => {
    const queries = [
      '{ activities(first: 100) { nodes { descriptions { narratives { text } } warnings { code } } } }',
      '{ activities(first: 100) { edges { node { ... on Activity { descriptions { narratives { text } } warnings { code } } } } } }',
      'query { activities(first: 100) { ...Page } } fragment Page on ActivityConnection { nodes { ...Shown } } fragment Shown on Activity { descriptions { narratives { text } } warnings { code } }',
    ];
    for (const query of queries) {
      const { data, sql } = await pageStatement(query);
      expect(sql).toContain('"r"."descriptions"');
      expect(sql).toContain('"r"."warnings"');
      expect(sql).not.toContain('"r"."titles"');
      const nodes = JSON.stringify(data);
      expect(nodes).toContain('"narratives":[{"text":');
      expect(nodes).toContain('"warnings":[{"code":');
    }
  });

  it('answers every row field exactly as the single-activity read (its own statement) does', async () => {
    const { data } = await pageStatement(`{ activities(first: 100) { nodes { ${ROW_FIELDS} } } }`);
    const nodes = (data as { activities: { nodes: { iatiIdentifier: string; titleFr: string | null; title: string | null }[] } }).activities
      .nodes;
    expect(nodes.length).toBeGreaterThan(10);
    // The French titles differ from the default ones somewhere, so `title(lang:)` did read every title.
    expect(nodes.some((node) => node.titleFr !== node.title)).toBe(true);
    for (const node of nodes) {
      const one = await t.query<{ activity: unknown }>(`query ($id: ID!) { activity(iatiIdentifier: $id) { ${ROW_FIELDS} } }`, {
        id: node.iatiIdentifier,
      });
      expect(node).toEqual(one.activity);
    }
  });

  it("marks only the shown report authoritative among an activity's reports, in the page and the single read", async () => {
    const reports = `iatiIdentifier authority { rule reportingOrg { ref } } reports { reportingOrg { ref } isAuthoritative }`;
    const page = await t.query<{ activities: { nodes: { iatiIdentifier: string }[] } }>(
      `{ activities(first: 100, filter: { reportingOrg: ["${FUNDER}"] }) { nodes { ${reports} } } }`,
    );
    const one = await t.query<{ activity: unknown }>(`{ activity(iatiIdentifier: "${SHARED}") { ${reports} } }`);
    const expected = {
      iatiIdentifier: SHARED,
      authority: { rule: 'funding-org', reportingOrg: { ref: FUNDER } },
      reports: [
        { reportingOrg: { ref: IMPLEMENTER }, isAuthoritative: false },
        { reportingOrg: { ref: FUNDER }, isAuthoritative: true },
      ],
    };
    expect(one.activity).toEqual(expected);
    expect(page.activities.nodes.find((node) => node.iatiIdentifier === SHARED)).toEqual(expected);
  });

  it("lists an activity's reports without reading any JSON column, and reads their warnings only when asked", async () => {
    const fromReports = (texts: string[]) =>
      texts.filter((text) => text.includes('from "aid_activity_report" as "r" inner join "aid_activity" as "a"'));
    const plain = await compiled(() =>
      t.query(`{ activity(iatiIdentifier: "${SHARED}") { reports { reportId title lastUpdated isAuthoritative reportingOrg { ref } } } }`),
    );
    const [reports] = fromReports(plain.texts);
    expect(fromReports(plain.texts)).toHaveLength(1);
    for (const column of JSON_COLUMNS) expect(reports).not.toContain(column);
    const readsWarnings = (texts: string[]) => texts.filter((text) => text.includes('"warnings" from "aid_activity_report"'));
    expect(readsWarnings(plain.texts)).toEqual([]);

    const warned = await compiled(() =>
      t.query<{ activity: { warnings: unknown[]; reports: { isAuthoritative: boolean; warnings: unknown[] }[] } }>(
        `{ activity(iatiIdentifier: "${SHARED}") { warnings { code field message } reports { isAuthoritative warnings { code field message } } } }`,
      ),
    );
    expect(readsWarnings(warned.texts)).toHaveLength(1);
    const shown = warned.data.activity.reports.find((report) => report.isAuthoritative);
    expect(shown?.warnings).toEqual(warned.data.activity.warnings);
  });
});

describe('totalCount', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub(FILES);
  });
  afterAll(async () => t?.close());

  interface Page {
    activities: { totalCount: number; nodes: unknown[]; pageInfo: { endCursor: string } };
  }
  async function counted(filter: string, after: string | null): Promise<{ page: Page; texts: string[] }> {
    const { data: page, texts } = await compiled(() =>
      t.query<Page>(
        `query ($after: String) { activities(first: 1, after: $after, filter: ${filter}) { totalCount nodes { iatiIdentifier } pageInfo { endCursor } } }`,
        { after },
      ),
    );
    return { page, texts: texts.filter((text) => text.includes(PAGE_FROM)) };
  }

  it('is every match, counted in the page statement on the first page of a narrowing filter and by its own statement after it', async () => {
    const filter = '{ recipientCountry: ["TZ"] }';
    const all = await t.query<Page>(`{ activities(first: 1000, filter: ${filter}) { nodes { iatiIdentifier } } }`);
    expect(all.activities.nodes.length).toBeGreaterThan(2);

    const first = await counted(filter, null);
    expect(first.page.activities.totalCount).toBe(all.activities.nodes.length);
    expect(first.page.activities.nodes).toHaveLength(1);
    expect(first.texts).toHaveLength(1);
    expect(first.texts[0]).toContain('count(*) over ()');

    // A later page's window would count only the rows after the cursor: its count is a statement of its own.
    const second = await counted(filter, first.page.activities.pageInfo.endCursor);
    expect(second.page.activities.totalCount).toBe(all.activities.nodes.length);
    expect(second.texts).toHaveLength(2);
  });

  it('is not read when not asked for, and a filter that does not narrow is counted apart from its page', async () => {
    const { texts } = await compiled(() =>
      t.query('{ activities(first: 5, filter: { recipientCountry: ["TZ"] }) { nodes { iatiIdentifier } } }'),
    );
    expect(texts.filter((text) => text.includes(PAGE_FROM))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('count('))).toEqual([]);

    const all = await t.query<Page>('{ activities(first: 1000, filter: { hierarchy: 1 }) { nodes { iatiIdentifier } } }');
    expect(all.activities.nodes.length).toBeGreaterThan(2);
    const wide = await counted('{ hierarchy: 1 }', null);
    expect(wide.page.activities.totalCount).toBe(all.activities.nodes.length);
    expect(wide.texts).toHaveLength(2);
    expect(wide.texts.join('\n')).not.toContain('over ()');
  });
});

describe('nested lists and the single activity read only the columns their query asks for', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub(FILES);
  });
  afterAll(async () => t?.close());

  const TRANSACTIONS_FROM = 'from "aid_transaction" as "t"';
  /** What only provider, receiver, aid types, description and the activity link read. */
  const WIDE_TRANSACTION_COLUMNS = ['t.provider_ref', 't.receiver_ref', '"t"."aid_types"', '"t"."description"', 'aid_activity_report'];

  async function transactionStatements(query: string): Promise<{ data: Record<string, unknown>; texts: string[] }> {
    const { data, texts } = await compiled(() => t.query(query));
    return { data, texts: texts.filter((text) => text.includes(TRANSACTIONS_FROM)) };
  }

  it('reads no provider, receiver, aid type or description column for transactions { value }', async () => {
    for (const query of [
      `{ activity(iatiIdentifier: "${SHARED}") { transactions { value } } }`,
      '{ activities(first: 100) { nodes { transactions { type { code } date value currency } reports { transactions { value } } } } }',
      '{ transactions(first: 20) { nodes { value } edges { cursor } } }',
    ]) {
      const { data, texts } = await transactionStatements(query);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) for (const column of WIDE_TRANSACTION_COLUMNS) expect(text).not.toContain(column);
      expect(JSON.stringify(data)).toContain('"value":"');
    }
  });

  it('answers a narrow selection as the full one does, and two selections of one list in a request read their union once', async () => {
    const full = await t.query<{ activity: { transactions: Record<string, unknown>[] } }>(
      `{ activity(iatiIdentifier: "${SHARED}") { transactions { id value provider { ref name } aidTypes { code } description activity { iatiIdentifier } } } }`,
    );
    expect(full.activity.transactions.length).toBeGreaterThan(1);
    expect(full.activity.transactions.some((tx) => tx.provider !== null)).toBe(true);
    const { data, texts } = await transactionStatements(
      `{ activity(iatiIdentifier: "${SHARED}") { narrow: transactions { id value } wide: transactions { id provider { ref name } aidTypes { code } description activity { iatiIdentifier } } } }`,
    );
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('t.provider_ref');
    const { narrow, wide } = (data as { activity: { narrow: Record<string, unknown>[]; wide: Record<string, unknown>[] } }).activity;
    expect(narrow).toEqual(full.activity.transactions.map(({ id, value }) => ({ id, value })));
    expect(wide).toEqual(full.activity.transactions.map(({ value: _value, ...rest }) => rest));

    // A later load of the same report asking for more columns reads them: the shown report's transactions are read twice.
    const later = await t.query<{ activity: { reports: { isAuthoritative: boolean; transactions: Record<string, unknown>[] }[] } }>(
      `{ activity(iatiIdentifier: "${SHARED}") { transactions { value } reports { isAuthoritative transactions { id provider { ref name } description } } } }`,
    );
    const shown = later.activity.reports.find((report) => report.isAuthoritative);
    expect(shown?.transactions).toEqual(full.activity.transactions.map(({ id, provider, description }) => ({ id, provider, description })));
  });

  it('reads only the sector, participating organisation and budget columns asked for, answering as a full read does', async () => {
    const narrow = await compiled(() =>
      t.query<{ activity: Record<string, { [field: string]: unknown }[]> }>(
        `{ activity(iatiIdentifier: "${SHARED}") { sectors { code { code } } participatingOrgs(role: "1") { role { code } } budgets { value } } }`,
      ),
    );
    const statement = (from: string) => narrow.texts.filter((text) => text.includes(from));
    expect(statement('from "aid_sector" as "s"')).toHaveLength(1);
    expect(statement('from "aid_sector" as "s"')[0]).not.toContain('"s"."name"');
    expect(statement('from "aid_participating_org" as "o"')[0]).not.toContain('"o"."name"');
    expect(statement('from "aid_budget" as "b"')[0]).not.toContain('period_start');
    const full = await t.query<{ activity: Record<string, { [field: string]: unknown }[]> }>(
      `{ activity(iatiIdentifier: "${SHARED}") { sectors { code { code } percentage name } participatingOrgs(role: "1") { role { code } name ref } budgets { value periodStart } } }`,
    );
    const only = (list: { [field: string]: unknown }[] | undefined, field: string) =>
      (list ?? []).map((item) => ({ [field]: item[field] }));
    expect(full.activity.sectors?.length).toBeGreaterThan(0);
    expect(full.activity.participatingOrgs?.length).toBeGreaterThan(0);
    expect(full.activity.budgets?.length).toBeGreaterThan(0);
    expect(narrow.data.activity.sectors).toEqual(only(full.activity.sectors, 'code'));
    expect(narrow.data.activity.participatingOrgs).toEqual(only(full.activity.participatingOrgs, 'role'));
    expect(narrow.data.activity.budgets).toEqual(only(full.activity.budgets, 'value'));
  });

  it('reads no JSON column for one activity asked without its JSON fields, and only those asked otherwise', async () => {
    const single = async (fields: string) => {
      const { data, texts } = await compiled(() => t.query(`{ activity(iatiIdentifier: "${SHARED}") { ${fields} } }`));
      const reads = texts.filter((text) => text.includes(PAGE_FROM));
      expect(reads).toHaveLength(1);
      return { data, sql: reads[0] ?? '' };
    };
    const plain = await single('iatiIdentifier title reportingOrg { ref } status { code } dates { start end } transactions { value }');
    for (const column of JSON_COLUMNS) expect(plain.sql).not.toContain(column);
    expect(JSON.stringify(plain.data)).toContain(SHARED);

    const described = await single('descriptions { narratives { text } }');
    expect(described.sql).toContain('"r"."descriptions"');
    expect(described.sql).not.toContain('"r"."titles"');
    expect(JSON.stringify(described.data)).toContain('"narratives":[{"text":');
  });
});
