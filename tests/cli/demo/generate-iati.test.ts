import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedCodelists } from '../../../connectors/iati/codelists.js';
import { importIatiFile, type ImportResult } from '../../../connectors/iati/import.js';
import { prepareChunk, type PreparedActivity } from '../../../connectors/iati/prepare.js';
import { splitActivities } from '../../../connectors/iati/split.js';
import { isRejected, type Rejected } from '../../../connectors/source.js';
import { generateDemoIati, writeDemoIati, type DemoFile } from '../../../src/cli/demo/generate-iati.js';
import { loadConfig } from '../../../src/config.js';
import { testDatabase, type TestDatabase } from '../../support/db.js';

const limits = loadConfig().importLimits;
const files = generateDemoIati();

async function* one(text: string): AsyncGenerator<string> {
  yield text;
}

/** The importer's pipeline without a database: split, normalise, validate. */
async function prepare(file: DemoFile): Promise<(PreparedActivity | Rejected)[]> {
  let version: string | null = null;
  const results: (PreparedActivity | Rejected)[] = [];
  for await (const event of splitActivities(one(file.xml), file.fileName, limits)) {
    if (event.kind === 'root') version = event.version;
    else results.push(prepareChunk(event, file.fileName, version, shippedCodelists()));
  }
  return results;
}

/** Counts by plain text search, independent of the importer's parser. */
const count = (xml: string, pattern: RegExp): number => xml.match(pattern)?.length ?? 0;
const identifiers = (xml: string): string[] => [...xml.matchAll(/<iati-identifier>([^<]+)<\/iati-identifier>/g)].map((m) => m[1] ?? '');

describe('generating the demo IATI data set', () => {
  it('gives byte-identical files for the same seed and different files for another seed', () => {
    expect(generateDemoIati()).toEqual(files);
    expect(generateDemoIati({ seed: 7 })).toEqual(generateDemoIati({ seed: 7 }));
    const other = generateDemoIati({ seed: 8 });
    expect(other.map((f) => f.fileName)).toEqual(files.map((f) => f.fileName));
    for (const [i, file] of other.entries()) expect(file.xml).not.toBe(files[i]?.xml);
  });

  it('writes three IATI 2.03 files from three publishers, about forty activities in Malawi', () => {
    expect(files).toHaveLength(3);
    const reporters = new Set<string>();
    for (const file of files) {
      expect(file.xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
      expect(file.xml).toContain('<iati-activities version="2.03" generated-datetime="');
      for (const m of file.xml.matchAll(/<reporting-org ref="([^"]+)"/g)) reporters.add(`${file.fileName} ${m[1] ?? ''}`);
      expect(count(file.xml, /<recipient-country code="MW" percentage="100"\/>/g)).toBe(count(file.xml, /<iati-activity[\s>]/g));
    }
    expect([...reporters].sort()).toEqual([
      'demo-agency-xm-dac-41114.xml XM-DAC-41114',
      'demo-bank-44000.xml 44000',
      'demo-bilateral-gb-gov-1.xml GB-GOV-1',
    ]);
    const total = files.reduce((sum, f) => sum + count(f.xml, /<iati-activity[\s>]/g), 0);
    expect(total).toBeGreaterThanOrEqual(35);
    expect(total).toBeLessThanOrEqual(45);
  });

  it.each(files.map((f) => [f.fileName, f] as const))(
    '%s passes the importer’s parsing and codelist validation with no rejection and no warning',
    async (_name, file) => {
      const results = await prepare(file);
      const rejected = results.filter(isRejected).map((r) => `${r.recordId ?? '?'} (line ${r.line}): ${r.reason}`);
      expect(rejected, rejected.join('\n')).toEqual([]);
      expect(results).toHaveLength(count(file.xml, /<iati-activity[\s>]/g));
      const warned = results.filter((r): r is PreparedActivity => !isRejected(r) && r.warnings > 0).map((r) => r.identifier);
      expect(warned).toEqual([]);
    },
  );
});

describe('importing the demo IATI data set', () => {
  let db: TestDatabase;
  let dir: string;
  let results: ImportResult[];
  const shared = identifiers(files.map((f) => f.xml).join('')).filter((id, i, all) => all.indexOf(id) !== i);

  beforeAll(async () => {
    db = await testDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-demo-'));
    const paths = await writeDemoIati(dir);
    results = [];
    for (const file of paths) results.push(await importIatiFile(db.orm, file, { limits, workers: 0 }));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads every file with nothing quarantined', () => {
    expect(results.map((r) => [path.basename(r.input), r.status, r.counts.quarantined, r.error?.message])).toEqual(
      files.map((f) => [f.fileName, 'succeeded', 0, undefined]),
    );
  });

  it('stores as many activities and transactions as the generator wrote', async () => {
    const xml = files.map((f) => f.xml).join('');
    const em = db.orm.em.fork();
    const [stored] = await em.execute<{ reports: number; activities: number; transactions: number }[]>(
      `select (select count(*)::int from aid_activity_report) as reports, (select count(*)::int from aid_activity) as activities,
         (select count(*)::int from aid_transaction) as transactions`,
    );
    expect(stored).toEqual({
      reports: count(xml, /<iati-activity[\s>]/g),
      activities: new Set(identifiers(xml)).size,
      transactions: count(xml, /<transaction>/g),
    });
  });

  it('keeps the activity published by both its donor and its implementer as one activity with two reports, the donor’s authoritative', async () => {
    expect(shared).toHaveLength(1);
    const em = db.orm.em.fork();
    const reports = await em.execute<{ org: string; title: string }[]>(
      `select reporting_org_ref as org, title from aid_activity_report where iati_identifier = ? order by 1`,
      [shared[0]],
    );
    expect(reports).toEqual([
      { org: 'GB-GOV-1', title: 'Strengthening Public Financial Management & Accountability' },
      { org: 'XM-DAC-41114', title: 'Strengthening Public Financial Management & Accountability' },
    ]);
    const activities = await em.execute<{ rule: string; org: string }[]>(
      `select a.authority_rule as rule, r.reporting_org_ref as org
         from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id where a.iati_identifier = ?`,
      [shared[0]],
    );
    expect(activities).toEqual([{ rule: 'funding-org', org: 'GB-GOV-1' }]);
  });
});
