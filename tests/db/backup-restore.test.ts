import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readColumnMap } from '../../connectors/debt/column-map-check.js';
import { importDebtFile } from '../../connectors/debt/import.js';
import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import { createHub } from '../../src/gateway/hub.js';
import { projectRoot } from '../../src/paths.js';
import { backupTo, restoreFrom, scheduledBackup } from '../../src/sync/backups.js';
import { databaseDigest, rewriteBackup } from '../support/backup-files.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

/**
 * A backup of a database holding real IATI activities (quarantined records too), the IBRD loans
 * and the mapping rules' results, restored into a fresh database: every table and sequence equal,
 * and the hub serving it. Then every way a restore must refuse a file, leaving the database as it was.
 */
let source: TestDatabase;
let target: TestDatabase;
let dir: string;
let backup: string;

const ACTIVITIES = '{ activities(first: 5) { totalCount nodes { iatiIdentifier title } } }';
const auth = {
  jwtSecret: { kind: 'none' as const },
  jwtIssuer: 'tributary',
  apiKeys: [],
  publicDomains: ['aid', 'finance'],
  maxTokenLifetime: 3600,
};

async function served(db: TestDatabase, query: string): Promise<unknown> {
  const hub = await createHub(db.orm, { development: false, auth });
  try {
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return await response.json();
  } finally {
    await hub.close();
  }
}

beforeAll(async () => {
  [source, target] = [await testDatabase(), await testDatabase()];
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-backup-'));
  const limits = loadConfig().importLimits;
  const map = await readColumnMap(path.join(projectRoot, 'mappings', 'debt', 'ibrd-statement-of-loans.json'));
  const results = [
    await importIatiFile(source.orm, sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), { limits, workers: 0 }),
    await importIatiFile(source.orm, sample('iati', 'activities', 'v1', 'dfid-TZ.xml'), { limits, workers: 0 }),
    await importDebtFile(source.orm, { path: sample('debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv') }, { map }),
  ];
  for (const result of results) expect(result.status, result.error?.message).toBe('succeeded');
  backup = path.join(dir, 'night.backup.gz');
  await backupTo(source.orm, backup);
}, 300_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('tributary backup and restore', () => {
  it('restores every table and sequence equal to the source, and the hub serves the restored data', async () => {
    const before = await served(target, ACTIVITIES);
    const result = await restoreFrom(target.orm, backup);
    expect(result.rows).toBeGreaterThan(9012 + 401);
    expect(await databaseDigest(target.orm)).toEqual(await databaseDigest(source.orm));
    const after = await served(target, ACTIVITIES);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await served(source, ACTIVITIES));
    expect((after as { data: { activities: { totalCount: number } } }).data.activities.totalCount).toBeGreaterThan(400);
  });

  it('writes nothing beside the backup: no partial file is left', async () => {
    expect((await readdir(dir)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  const refusals: [string, (file: string) => Promise<void>, RegExp][] = [
    ['a file cut off half-way', async (file) => writeFile(file, (await readFile(backup)).subarray(0, 40_000)), /cut off|damaged/],
    ['a file missing its last bytes', async (file) => writeFile(file, (await readFile(backup)).subarray(0, -12)), /cut off|damaged/],
    [
      'an IATI file',
      async (file) => writeFile(file, await readFile(sample('iati', 'activities', 'v2', 'sr-activity.xml'))),
      /not a tributary backup \(not gzip\)/,
    ],
    ['an empty file', async (file) => writeFile(file, ''), /not a tributary backup/],
    ['a gzip of something else', async (file) => writeFile(file, gzipSync('id,name\n1,x\n')), /not a tributary backup/],
    [
      'a file whose rows were changed (checksum no longer matches)',
      (file) => rewriteBackup(backup, file, (lines) => lines.map((l) => l.replace('"Tanzania', '"Kenya')), { fixChecksum: false }),
      /does not match its checksum/,
    ],
    [
      'a row dropped with the checksum made to match (counts no longer do)',
      (file) =>
        rewriteBackup(backup, file, (lines) =>
          lines.filter((l, i) => !(l.startsWith('R ') && i === lines.findIndex((x) => x.startsWith('R ')))),
        ),
      /should have \d+ rows; the file holds/,
    ],
    [
      'a row pointing at nothing (a foreign key) with the checksum made to match',
      (file) =>
        rewriteBackup(backup, file, (lines) => {
          const i = lines.findIndex((l) => l.startsWith('R ') && l.includes('"import_run_id"') && l.includes('"activity_id"'));
          return lines.map((l, j) => (j === i ? l.replace(/"activity_id": \d+/, '"activity_id": 99999999') : l));
        }),
      /foreign key|violates/,
    ],
    [
      'a value of the wrong type',
      (file) => rewriteBackup(backup, file, (lines) => lines.map((l) => l.replace(/"seen": \d+/, '"seen": "many"'))),
      /invalid input syntax|lines \d+–\d+/,
    ],
    [
      'a backup made by other migrations',
      (file) =>
        rewriteBackup(backup, file, (lines) => [lines[0]?.replace(/,"Migration20261207230000_backups"/, '') ?? '', ...lines.slice(1)]),
      /made by a hub at migration .*restore it with the tributary version that made it/,
    ],
    [
      'a table with another column',
      (file) => rewriteBackup(backup, file, (lines) => [lines[0]?.replace('"iati_identifier"', '"iati_id"') ?? '', ...lines.slice(1)]),
      /has columns .*iati_id/,
    ],
    [
      'text after the end line',
      async (file) => writeFile(file, Buffer.concat([await readFile(backup), gzipSync('R {}\n')])),
      /after the end line/,
    ],
  ];
  it.each(refusals)('refuses %s and leaves the database exactly as it was', async (_, make, message) => {
    const file = path.join(dir, 'bad.backup.gz');
    await make(file);
    const before = await databaseDigest(target.orm);
    await expect(restoreFrom(target.orm, file)).rejects.toThrow(message);
    expect(await databaseDigest(target.orm)).toEqual(before);
  });

  it('keeps the newest n backups in a folder, and touches no other file there', async () => {
    const folder = path.join(dir, 'nightly');
    await scheduledBackup(source.orm, { folder, keep: 5 });
    await writeFile(path.join(folder, 'notes.txt'), 'mine');
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1) made.push((await scheduledBackup(source.orm, { folder, keep: 2 })).file);
    const left = (await readdir(folder)).sort();
    expect(left).toEqual(['notes.txt', ...made.slice(1).map((file) => path.basename(file))].sort());
  });

  it('refuses to write into a folder that does not exist, and records the failure', async () => {
    await expect(backupTo(source.orm, path.join(dir, 'absent', 'x.backup.gz'))).rejects.toThrow(
      /the folder .*absent does not exist; no backup was written/,
    );
  });
});
