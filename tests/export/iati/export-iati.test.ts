import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../../connectors/iati/import.js';
import { loadConfig, type IatiPublisher } from '../../../src/config.js';
import type { Orm } from '../../../src/db/orm.js';
import { IatiExportError, writeIatiExport, type IatiExportOptions, type IatiExportSummary } from '../../../src/export/iati/write.js';
import { activitiesToApply, applyToActivities } from '../../../src/mapping/apply/run.js';
import { testDatabase, type TestDatabase } from '../../support/db.js';
import { iatiSchemaErrors } from '../../support/iati-schema.js';
import { sample } from '../../support/sample-data.js';

/**
 * IATI out on real data: DFID's Tanzania portfolio (IATI 1.0x, 262 activities) and d-portal's
 * COVID-19 export (14 of its activities in Tanzania), placed in Tanzania's functional segment by
 * the shipped rules, exported, checked against the IATI 2.03 schema, and imported again into an
 * empty hub by the hub's own importer.
 */
const limits = loadConfig().importLimits;
const publisher: IatiPublisher = { ref: 'TZ-MOFP-1', name: 'Ministry of Finance and Planning, Tanzania', type: '10' };
const HOSTILE_ID = 'GB-1-102607-101';
const HOSTILE_TITLE = 'Roads & bridges <phase 2> ]]> "Mtwara"\u0001\u000B end\uFFFE';
const HOSTILE_TITLE_WRITTEN = 'Roads & bridges <phase 2> ]]> "Mtwara" end';

let source: TestDatabase;
let copy: TestDatabase;
let dir: string;
let xml: string;
let summary: IatiExportSummary;

async function query<T>(orm: Orm, text: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.fork().execute<T[]>(text, params);
}

async function importAndApply(orm: Orm, file: string): Promise<void> {
  const result = await importIatiFile(orm, file, { limits, workers: 0 });
  expect(result.error?.message).toBeUndefined();
  expect(result.counts.quarantined).toBe(0);
  await orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
}

async function exportToText(options: Partial<IatiExportOptions> = {}): Promise<{ text: string; summary: IatiExportSummary }> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const result = await source.orm.em.fork().transactional((em) => writeIatiExport(em, { country: 'TZ', publisher, ...options }, out));
  return { text: chunks.join(''), summary: result };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ['iati-activity', 'budget-item', 'narrative', 'transaction'].includes(name),
});

interface ParsedActivity {
  'iati-identifier': string;
  'reporting-org': { ref: string; type: string; 'secondary-reporter': string; narrative: string[] };
  title: { narrative: (string | { '#text': string })[] };
  'country-budget-items'?: { vocabulary: string; 'budget-item': { code: string; percentage: string }[] };
}

function activities(text: string): ParsedActivity[] {
  return (parser.parse(text) as { 'iati-activities': { 'iati-activity': ParsedActivity[] } })['iati-activities']['iati-activity'];
}

/** Per activity, transaction type and currency: the count and the exact sum, from the authoritative reports. */
async function transactionTotals(orm: Orm, identifiers: readonly string[]): Promise<string[]> {
  const rows = await query<{ line: string }>(
    orm,
    `select a.iati_identifier || ' ' || t.type || ' ' || t.currency || ' ' || count(*) || ' ' || sum(t.value)::text as line
       from aid_transaction t join aid_activity a on a.authoritative_report_id = t.report_id
      where a.iati_identifier in (?) and t.type is not null
      group by a.iati_identifier, t.type, t.currency order by 1`,
    [identifiers],
  );
  return rows.map((row) => row.line);
}

/** Each activity's Tanzanian functional codes and their shares (rules reaching the same code added up). */
const PLACEMENTS = `select a.iati_identifier || ' ' || m.target_code || ' ' || trim_scale(sum(m.share))::text as line
    from map_assignment m join aid_activity a on a.id = m.activity_id
   where m.country = 'TZ' and m.target_scheme = 'coa:functional' and m.transaction_id is null and m.target_code is not null
   group by a.iati_identifier, m.target_code order by 1`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tributary-iati-out-'));
  source = await testDatabase();
  await importAndApply(source.orm, sample('iati', 'activities', 'v1', 'dfid-TZ.xml'));
  const covid = await importIatiFile(source.orm, sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), { limits, workers: 0 });
  expect(covid.status).toBe('succeeded');
  await source.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
  // A title no publisher should send, stored as if one had (XML 1.0 could not carry its control characters in).
  await query(
    source.orm,
    `update aid_activity_report set titles = ? where id = (select authoritative_report_id from aid_activity where iati_identifier = ?)`,
    [JSON.stringify([{ lang: 'en', text: HOSTILE_TITLE }]), HOSTILE_ID],
  );
  ({ text: xml, summary } = await exportToText());
  copy = await testDatabase();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await source?.close();
  await copy?.close();
});

describe('tributary export iati on real data (Tanzania)', () => {
  it('writes every activity the hub holds in Tanzania, and the file is valid IATI 2.03', async () => {
    const [held] = await query<{ n: number }>(
      source.orm,
      `select count(*)::int as n from aid_activity a where a.authoritative_report_id in (
         select report_id from aid_recipient_country where code = 'TZ' union select report_id from aid_transaction where recipient_country = 'TZ')`,
    );
    expect(held?.n).toBeGreaterThan(150);
    expect(summary.activities + summary.leftOut.length).toBe(held?.n);
    expect(summary.leftOut).toEqual([]);
    expect(activities(xml)).toHaveLength(held?.n ?? 0);
    expect(await iatiSchemaErrors(xml)).toEqual([]);
  });

  it('is reported by the hub as a secondary reporter', () => {
    const orgs = new Set(activities(xml).map((a) => JSON.stringify(a['reporting-org'])));
    expect([...orgs]).toEqual([JSON.stringify({ narrative: [publisher.name], ref: publisher.ref, type: '10', 'secondary-reporter': '1' })]);
  });

  it("gives each activity Tanzania's functional codes the rules place it in as country-budget-items (vocabulary 2), shares as percentages", async () => {
    expect(summary.segment).toBe('functional');
    const placed = await query<{ line: string }>(source.orm, PLACEMENTS);
    const written = activities(xml)
      .flatMap((a) => {
        const items = a['country-budget-items'];
        if (!items) return [];
        expect(items.vocabulary).toBe('2');
        return items['budget-item'].map((item) => `${a['iati-identifier']} ${item.code} ${item.percentage}`);
      })
      .sort();
    expect(placed.length).toBeGreaterThan(250);
    expect(written).toEqual(placed.map((row) => row.line).sort());
    expect(summary.withChartCodes).toBe(new Set(placed.map((row) => row.line.split(' ')[0])).size);
  });

  it('escapes a hostile title: markup and ]]> stay text, characters XML 1.0 forbids are dropped', () => {
    const hostile = activities(xml).find((a) => a['iati-identifier'] === HOSTILE_ID);
    expect(hostile?.title.narrative).toEqual([{ '#text': HOSTILE_TITLE_WRITTEN, 'xml:lang': 'en' }]);
    expect(xml).toContain('Roads &amp; bridges &lt;phase 2&gt; ]]&gt; "Mtwara" end</narrative>');
  });

  it('is imported again into an empty hub with the same transactions per activity, title and chart codes', async () => {
    const file = path.join(dir, 'tz.xml');
    writeFileSync(file, xml);
    await importAndApply(copy.orm, file);
    const identifiers = activities(xml).map((a) => a['iati-identifier']);
    const before = await transactionTotals(source.orm, identifiers);
    expect(before.length).toBeGreaterThan(300);
    expect(await transactionTotals(copy.orm, identifiers)).toEqual(before);

    const reports = await query<{ line: string }>(
      copy.orm,
      `select distinct reporting_org_ref || ' ' || secondary_reporter as line from aid_activity_report`,
    );
    expect(reports.map((r) => r.line)).toEqual([`${publisher.ref} true`]);
    const [title] = await query<{ title: string }>(copy.orm, `select title from aid_activity_report where iati_identifier = ?`, [
      HOSTILE_ID,
    ]);
    expect(title?.title).toBe(HOSTILE_TITLE_WRITTEN);
    // The re-imported activities carry their codes as reported country-budget-items: the same placements.
    const reimported = await query<{ line: string }>(copy.orm, PLACEMENTS);
    expect(reimported).toEqual(await query<{ line: string }>(source.orm, PLACEMENTS));
  });
});

describe('the segment written', () => {
  it("is the chart's functional segment by default, where the sector rules place aid; any other on request", async () => {
    const functional = await exportToText({ country: 'mw' });
    expect(functional.summary).toMatchObject({ country: 'MW', segment: 'functional' });
    expect(functional.summary.withChartCodes).toBeGreaterThan(0);
    expect(await iatiSchemaErrors(functional.text)).toEqual([]);
    // No organisation rule places these activities in Malawi's votes: the publishers' own items, if any, stay.
    const votes = await exportToText({ country: 'MW', segment: 'administrative' });
    expect(votes.summary).toMatchObject({ segment: 'administrative', withChartCodes: 0, activities: functional.summary.activities });
    expect(votes.text).not.toContain('<country-budget-items vocabulary="2">');
  });
});

describe('what export iati refuses, before writing anything', () => {
  it.each([
    [{ country: 'XX' }, 'UNKNOWN_COUNTRY', /XX is not a country code of the IATI Country codelist/],
    [{ country: 'tanzania' }, 'UNKNOWN_COUNTRY', /tanzania is not a country code/],
    [{ country: 'KE' }, 'NO_CHART', /KE has no chart of accounts in the hub \(charts: .*MW.*TZ/],
    [
      { country: 'TZ', segment: 'administrative' },
      'UNKNOWN_SEGMENT',
      /TZ's chart of accounts has no segment administrative \(segments: functional, economic\)/,
    ],
    [{ country: 'ES' }, 'NO_ACTIVITIES', /the hub holds no activities in ES/],
    [{ country: 'TZ', publisher: null }, 'NO_PUBLISHER', /set TRIBUTARY_IATI_ORG_REF and TRIBUTARY_IATI_ORG_NAME/],
  ] as const)('%j: %s', async (options, code, message) => {
    const chunks: unknown[] = [];
    const out = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const error = await source.orm.em
      .fork()
      .transactional((em) => writeIatiExport(em, { publisher, ...options }, out))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IatiExportError);
    expect((error as IatiExportError).code).toBe(code);
    expect((error as IatiExportError).message).toMatch(message);
    expect(chunks).toEqual([]);
  });
});

describe('streaming', () => {
  it('reads the next page only once the output has taken the last one (a slow reader keeps memory flat)', async () => {
    const pending: (() => void)[] = [];
    const out = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, done) {
        pending.push(done);
      },
    });
    const progress: number[] = [];
    let settled = false;
    const exporting = source.orm.em
      .fork()
      .transactional((em) => writeIatiExport(em, { country: 'TZ', publisher, pageSize: 50, onProgress: (n) => progress.push(n) }, out))
      .finally(() => (settled = true));
    let chunks = 0;
    while (!settled) {
      await expect.poll(() => pending.length > 0 || settled).toBe(true);
      const done = pending.shift();
      if (!done) continue;
      chunks += 1;
      // The writer is waiting on this chunk: it has read no page beyond it.
      expect(progress).toHaveLength(chunks - 1);
      done();
    }
    const result = await exporting;
    const pages = Math.ceil(result.activities / 50);
    expect(chunks).toBe(pages + 1);
    expect(progress).toEqual([...Array.from({ length: pages - 1 }, (_, i) => (i + 1) * 50), result.activities]);
  });
});
