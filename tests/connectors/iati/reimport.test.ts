import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile, type ImportResult } from '../../../connectors/iati/import.js';
import { resolveAuthority } from '../../../src/aid/load/index.js';
import { loadConfig } from '../../../src/config.js';
import { tableCounts, testDatabase, type TestDatabase } from '../../support/db.js';
import { quarantineRows } from '../../support/import-log.js';
import { sample } from '../../support/sample-data.js';

/**
 * Re-importing is idempotent, a changed activity is updated in place, an older one is ignored,
 * and the same activity from several publishers is one activity with one report per publisher.
 */
const limits = loadConfig().importLimits;

let db: TestDatabase;
let dir: string | undefined;
beforeAll(async () => {
  db = await testDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'tributary-reimport-'));
});
afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await db?.close();
});

async function load(file: string): Promise<ImportResult> {
  const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
  expect(result.error?.message).toBeUndefined();
  return result;
}

/** A copy of a real file with edits, each of which must apply. */
function edited(source: string, name: string, edits: readonly [string | RegExp, string][]): string {
  let text = readFileSync(source, 'utf8');
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit ${String(from)} did not apply to ${source}`);
    text = next;
  }
  const file = path.join(dir ?? '', name);
  writeFileSync(file, text);
  return file;
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.fork().execute<T[]>(sql, params);
}

describe('re-importing a file and its later versions (GDI Hub, 4 activities)', () => {
  const original = sample('iati', 'activities', 'v2', 'gdihub-activity.xml');
  const CHANGED = 'GB-COH-11126312-Cluster1';
  const LAST_UPDATED = 'last-updated-datetime="2022-03-31T11:33:48+00:00"';

  interface Report {
    id: number;
    iati_identifier: string;
    content_hash: string;
    import_run_id: number;
    title: string;
    last_updated: string;
  }
  const reports = () =>
    query<Report>(
      `select id, iati_identifier, content_hash, import_run_id, title, last_updated::text as last_updated from aid_activity_report
       where iati_identifier like 'GB-COH-11126312-%' order by iati_identifier`,
    );
  const values = (identifier: string) =>
    query<{ value: string }>(
      `select t.value::text as value from aid_transaction t join aid_activity_report r on r.id = t.report_id
       where r.iati_identifier = ? order by t.seq`,
      [identifier],
    ).then((rows) => rows.map((r) => r.value));

  let first: ImportResult;
  beforeAll(async () => {
    first = await load(original);
    expect(first.counts).toMatchObject({ seen: 4, loaded: 4 });
  });

  it('importing the same file again loads nothing, counts all unchanged and leaves every table as it was', async () => {
    const before = await tableCounts(db.orm, ['import_run']);
    const reportsBefore = await reports();
    const again = await load(original);
    expect(again.counts).toEqual({ seen: 4, loaded: 0, updated: 0, unchanged: 4, stale: 0, quarantined: 0, removed: 0 });
    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
    expect(await reports()).toEqual(reportsBefore);
    expect(reportsBefore.every((r) => r.import_run_id === first.runId)).toBe(true);
  });

  it('an older version (earlier last-updated-datetime, other content) is counted stale and not applied', async () => {
    const before = await tableCounts(db.orm, ['import_run']);
    const reportsBefore = await reports();
    const valuesBefore = await values(CHANGED);
    expect(valuesBefore).toContain('56826.74');
    const older = edited(original, 'older.xml', [
      [LAST_UPDATED, 'last-updated-datetime="2021-01-01T00:00:00+00:00"'],
      ['>56826.74<', '>99999.99<'],
    ]);
    const result = await load(older);
    expect(result.counts).toEqual({ seen: 4, loaded: 0, updated: 0, unchanged: 3, stale: 1, quarantined: 0, removed: 0 });
    expect(await reports()).toEqual(reportsBefore);
    expect(await values(CHANGED)).toEqual(valuesBefore);
    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
  });

  it('a changed activity is updated in place, the others are unchanged, and the new values are stored', async () => {
    const before = await tableCounts(db.orm, ['import_run']);
    const reportsBefore = await reports();
    const valuesBefore = await values(CHANGED);
    const changed = edited(original, 'changed.xml', [
      ['>56826.74<', '>56826.75<'],
      ['AT2030 - Cluster 1: Data and Evidence<', 'AT2030 - Cluster 1: Data and Evidence (revised)<'],
    ]);
    const result = await load(changed);
    expect(result.counts).toEqual({ seen: 4, loaded: 0, updated: 1, unchanged: 3, stale: 0, quarantined: 0, removed: 0 });

    const after = await reports();
    const updated = after.find((r) => r.iati_identifier === CHANGED);
    const previous = reportsBefore.find((r) => r.iati_identifier === CHANGED);
    expect(updated).toMatchObject({
      id: previous?.id,
      title: 'AT2030 - Cluster 1: Data and Evidence (revised)',
      import_run_id: result.runId,
    });
    expect(updated?.content_hash).not.toBe(previous?.content_hash);
    expect(after.filter((r) => r.iati_identifier !== CHANGED)).toEqual(reportsBefore.filter((r) => r.iati_identifier !== CHANGED));
    expect(await values(CHANGED)).toEqual(valuesBefore.map((v) => (v === '56826.74' ? '56826.75' : v)));
    // Children were replaced, not added to.
    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
  });
});

describe('the same activity published by two organisations (FCDO activity GB-1-103662-101)', () => {
  const IDENTIFIER = 'GB-1-103662-101';
  const FUNDER = 'GB-GOV-1';
  const IMPLEMENTER = 'GB-COH-2732176';
  const funderFile = sample('iati', 'activities', 'v2', 'fcdo-activity.xml');

  interface Authority {
    activities: number;
    authoritative: string | null;
    rule: string | null;
    reports: { key: string; funder: boolean }[];
    activityId: number;
  }
  async function authority(): Promise<Authority> {
    const activities = await query<{ id: number; authority_rule: string | null; key: string | null }>(
      `select a.id, a.authority_rule, r.reporting_org_key as key from aid_activity a
       left join aid_activity_report r on r.id = a.authoritative_report_id where a.iati_identifier = ?`,
      [IDENTIFIER],
    );
    const reports = await query<{ key: string; funder: boolean }>(
      `select r.reporting_org_key as key, r.reporting_org_is_funder as funder from aid_activity_report r
       join aid_activity a on a.id = r.activity_id where a.iati_identifier = ? order by r.reporting_org_key`,
      [IDENTIFIER],
    );
    const [activity] = activities;
    return {
      activities: activities.length,
      authoritative: activity?.key ?? null,
      rule: activity?.authority_rule ?? null,
      reports,
      activityId: activity?.id ?? 0,
    };
  }

  it("keeps one activity with a report per publisher; the funder's report is authoritative until an override says otherwise", async () => {
    // The implementer's own report of the activity: the same activity with itself as reporting org.
    const implementerFile = edited(funderFile, 'implementer.xml', [
      [
        /<reporting-org ref="GB-GOV-1" type="10">[\s\S]*?<\/reporting-org>/,
        `<reporting-org ref="${IMPLEMENTER}" type="70"><narrative>Adam Smith International</narrative></reporting-org>`,
      ],
    ]);

    expect((await load(implementerFile)).counts).toMatchObject({ loaded: 1 });
    expect(await authority()).toMatchObject({ activities: 1, authoritative: IMPLEMENTER, rule: 'only-report' });

    expect((await load(funderFile)).counts).toMatchObject({ loaded: 1 });
    const linked = await authority();
    expect(linked).toMatchObject({
      activities: 1,
      authoritative: FUNDER,
      rule: 'funding-org',
      reports: [
        { key: IMPLEMENTER, funder: false },
        { key: FUNDER, funder: true },
      ],
    });

    await query(`insert into aid_authority_override (iati_identifier, reporting_org_key, reason, set_by) values (?, ?, ?, ?)`, [
      IDENTIFIER,
      IMPLEMENTER,
      'the ministry reconciles against the implementer',
      'test',
    ]);
    await db.orm.em.fork().transactional((em) => resolveAuthority(em, [linked.activityId]));
    expect(await authority()).toMatchObject({ activities: 1, authoritative: IMPLEMENTER, rule: 'override' });

    // Re-importing the funder's file does not undo the override.
    expect((await load(funderFile)).counts).toMatchObject({ unchanged: 1 });
    expect(await authority()).toMatchObject({ authoritative: IMPLEMENTER, rule: 'override' });
  });

  it('without an override or a funder, prefers a primary reporter, then the most recently updated report', async () => {
    const { activityId } = await authority();
    const resolve = () => db.orm.em.fork().transactional((em) => resolveAuthority(em, [activityId]));
    await query(`delete from aid_authority_override where iati_identifier = ?`, [IDENTIFIER]);
    await query(
      `update aid_activity_report set reporting_org_is_funder = false, secondary_reporter = (reporting_org_key = ?)
      where iati_identifier = ?`,
      [IMPLEMENTER, IDENTIFIER],
    );
    await resolve();
    expect(await authority()).toMatchObject({ authoritative: FUNDER, rule: 'primary-reporter' });

    await query(
      `update aid_activity_report set secondary_reporter = true,
      last_updated = case when reporting_org_key = ? then '2030-01-01T00:00:00Z'::timestamptz else last_updated end
      where iati_identifier = ?`,
      [IMPLEMENTER, IDENTIFIER],
    );
    await resolve();
    expect(await authority()).toMatchObject({ authoritative: IMPLEMENTER, rule: 'latest' });
  });
});

describe('the same identifier twice in one file (UNOPS, 3 activities)', () => {
  it('keeps the first copy and quarantines the second as DUPLICATE_ACTIVITY at its line', async () => {
    const source = sample('iati', 'activities', 'v2', 'unops-at-activity.xml');
    const text = readFileSync(source, 'utf8');
    const start = text.indexOf('\t<iati-activity');
    const end = text.indexOf('</iati-activity>', start) + '</iati-activity>\n'.length;
    const copyLine = text.slice(0, end).split('\n').length;
    const file = path.join(dir ?? '', 'duplicate.xml');
    writeFileSync(file, text.slice(0, end) + text.slice(start, end) + text.slice(end));

    const result = await load(file);
    expect(result.counts).toMatchObject({ seen: 4, loaded: 3, quarantined: 1 });
    const [duplicate, ...others] = await quarantineRows(db.orm, result.runId);
    expect(others).toEqual([]);
    expect(duplicate).toMatchObject({
      input: file,
      line: copyLine,
      record_id: '41AAA-22482-001',
      field: 'iati-identifier',
      code: 'DUPLICATE_ACTIVITY',
    });
    expect(duplicate?.reason).toContain('already published this iati-identifier earlier in the file');
    const [row] = await query<{ n: number }>(`select count(*)::int as n from aid_activity_report where iati_identifier = ?`, [
      '41AAA-22482-001',
    ]);
    expect(row?.n).toBe(1);
  });
});
