import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importIatiFile } from '../../../connectors/iati/import.js';
import { loadConfig } from '../../../src/config.js';
import { tableCounts, testDatabase, type TestDatabase } from '../../support/db.js';
import { importRunCount, importRunRow, quarantineRows } from '../../support/import-log.js';
import { sample } from '../../support/sample-data.js';

/**
 * Batches are written while parsing goes on. When the file then turns out to be broken, a batch
 * may still be on its way to the database: it must be rolled back with the rest, not land after
 * the rollback, outside any transaction. A slow database is simulated by holding each batch back
 * before it is written, so the failure always comes while a batch is in flight.
 */
const batchesStarted = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/aid/load/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/aid/load/index.js')>();
  return {
    ...original,
    writeReports: async (...args: Parameters<typeof original.writeReports>) => {
      batchesStarted.count += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original.writeReports(...args);
    },
  };
});

const limits = loadConfig().importLimits;
/** Two parser jobs' worth of real activities (64 chunks each): the first job is delivered, as one batch, before the end. */
const BATCH = 64;

describe('a file found broken while a batch is being written', () => {
  let db: TestDatabase;
  let dir: string | undefined;
  beforeAll(async () => {
    db = await testDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'tributary-rollback-'));
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.close();
  });

  it('is rejected and the batch in flight is rolled back with it', async () => {
    const real = readFileSync(sample('iati', 'activities', 'v2', 'dportal-covid-401.xml'), 'utf8');
    let end = 0;
    for (let i = 0; i < 2 * BATCH; i += 1) end = real.indexOf('</iati-activity>', end) + '</iati-activity>'.length;
    // Cut off inside the next activity, as an interrupted download would be.
    const file = path.join(dir ?? '', 'cut-off.xml');
    writeFileSync(file, `${real.slice(0, end)}\n<iati-activity><iati-identifier>XX-CUT`);

    const before = await tableCounts(db.orm, ['import_run']);
    const runsBefore = await importRunCount(db.orm);
    const result = await importIatiFile(db.orm, file, { limits, workers: 0, batchSize: BATCH });

    expect(batchesStarted.count).toBeGreaterThan(0);
    expect(result.status).toBe('rejected');
    expect(result.error?.code).toBe('INVALID_XML');
    // Let anything still in flight settle before looking.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await tableCounts(db.orm, ['import_run'])).toEqual(before);
    expect(await importRunCount(db.orm)).toBe(runsBefore + 1);
    expect(await quarantineRows(db.orm, result.runId)).toEqual([]);
    expect(await importRunRow(db.orm, result.runId)).toMatchObject({ status: 'rejected', error_code: 'INVALID_XML', loaded: 0 });
  });
});
