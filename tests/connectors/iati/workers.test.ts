import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importIatiFile, type ImportResult } from '../../../connectors/iati/import.js';
import { loadConfig } from '../../../src/config.js';
import { projectRoot } from '../../../src/paths.js';
import { tableCounts, testDatabase, type TestDatabase } from '../../support/db.js';
import { sample } from '../../support/sample-data.js';

/**
 * Parsing in a parser thread must store exactly what parsing on the importing thread stores.
 * The import quietly parses inline when the compiled worker is missing, so the test counts the
 * threads it starts (`npm test` builds first; run `npm run build` before running this file alone):
 * a file is one stream, parsed by one thread whatever the number of workers asked for.
 */
const started = vi.hoisted(() => ({ workers: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      started.workers += 1;
    }
  }
  return { ...original, Worker: CountedWorker };
});

const limits = loadConfig().importLimits;
const file = sample('iati', 'activities', 'v2', 'dportal-covid-401.xml');

interface Stored {
  readonly result: ImportResult;
  readonly counts: Record<string, number>;
  readonly reports: unknown[];
  readonly quarantine: unknown[];
  readonly money: unknown[];
}

async function stored(db: TestDatabase, result: ImportResult): Promise<Stored> {
  const em = db.orm.em.fork();
  return {
    result: { ...result, runId: 0, seconds: 0 },
    counts: await tableCounts(db.orm),
    reports: await em.execute(
      `select iati_identifier, reporting_org_key, content_hash, source_line, iati_version, warnings::text as warnings
       from aid_activity_report order by iati_identifier, reporting_org_key`,
    ),
    quarantine: await em.execute(`select line, record_id, field, code, reason, excerpt from import_quarantine order by line`),
    money: await em.execute(
      `select r.iati_identifier, t.seq, t.type, t.type_original, t.value::text as value, t.currency, t.date::text as date
       from aid_transaction t join aid_activity_report r on r.id = t.report_id order by r.iati_identifier, t.seq`,
    ),
  };
}

describe('parsing in a parser thread', () => {
  let inline: TestDatabase;
  let threaded: TestDatabase;
  beforeAll(async () => {
    [inline, threaded] = await Promise.all([testDatabase(), testDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([inline?.close(), threaded?.close()]);
  });

  it('stores the same rows as parsing inline (dportal-covid-401: 401 activities, 18 publishers)', async () => {
    expect(existsSync(path.join(projectRoot, 'dist', 'connectors', 'iati', 'parse-worker.js'))).toBe(true);

    const withoutThreads = await importIatiFile(inline.orm, file, { limits, workers: 0 });
    expect(started.workers).toBe(0);
    const withThreads = await importIatiFile(threaded.orm, file, { limits, workers: 2 });
    expect(started.workers).toBe(1);

    expect(withoutThreads.status).toBe('succeeded');
    expect(withoutThreads.counts).toMatchObject({ seen: 401 });
    expect(withoutThreads.counts.loaded).toBeGreaterThan(350);
    const a = await stored(inline, withoutThreads);
    const b = await stored(threaded, withThreads);
    expect(b.result).toEqual(a.result);
    expect(b.counts).toEqual(a.counts);
    expect(b.reports).toEqual(a.reports);
    expect(b.quarantine).toEqual(a.quarantine);
    expect(b.money).toEqual(a.money);
  });

  it('reports a file that is not well-formed from the parser thread as from this one: code, message, file and line', async () => {
    const broken = sample('iati', 'broken', 'iati-with-xml-errors.xml');
    const inlineResult = await importIatiFile(inline.orm, broken, { limits, workers: 0 });
    const threadedResult = await importIatiFile(threaded.orm, broken, { limits, workers: 2 });
    expect(inlineResult.status).toBe('rejected');
    expect(inlineResult.error?.where.line).toBe(7);
    expect(inlineResult.error?.where.file).toBe(broken);
    const described = (r: ImportResult) => ({ status: r.status, code: r.error?.code, message: r.error?.message, where: r.error?.where });
    expect(described(threadedResult)).toEqual(described(inlineResult));
  });
});
