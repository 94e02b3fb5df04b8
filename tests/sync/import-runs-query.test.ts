import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TributaryError } from '../../src/errors.js';
import { syncDb } from '../../src/sync/db.js';
import { alreadyImported } from '../../src/sync/import-runs.js';
import { runImport } from '../../src/sync/run-import.js';
import { createSyncLoaders, findQuarantined, findRuns } from '../../src/sync/runs-query.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

/** The import-run reads, typed through syncDb: filters, pages, counts and what the driver returns. */
describe('import runs as the graph reads them', () => {
  let db: TestDatabase;
  const ids: number[] = [];
  beforeAll(async () => {
    db = await testDatabase();
    for (const input of ['alpha.xml', 'beta.xml', 'Gamma.xml']) {
      const result = await runImport(db.orm, { source: 'probe', input, path: '' }, async (em, runId) => {
        await syncDb(em)
          .insertInto('import_quarantine')
          .values([1, 2].map((line) => ({ import_run_id: runId, input, line, field: 'f', code: 'C', reason: 'r', excerpt: 'e' })))
          .execute();
      });
      ids.push(result.runId);
    }
    const refused = await runImport(db.orm, { source: 'other', input: 'bad.xml', path: '' }, () => {
      throw new TributaryError('INVALID_XML', 'not XML', { line: 3, column: 7 });
    });
    ids.push(refused.runId);
  });
  afterAll(() => db.close());

  it('reads timestamps as text, as the entity says and both drivers return them, and serves them as ISO instants', async () => {
    const row = await syncDb(db.orm.em.fork())
      .selectFrom('import_run')
      .select(['started_at', 'finished_at'])
      .where('id', '=', ids[0] ?? 0)
      .executeTakeFirstOrThrow();
    // The entity's type (string) is what the driver really returns: PostgreSQL's own text form.
    expect(typeof row.started_at).toBe('string');
    expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/);
    const [run] = (await findRuns(db.orm.em.fork(), { source: 'probe' }, { first: 1 })).nodes;
    expect(run?.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(run?.finishedAt).toMatch(/Z$/);
  });

  it('filters, pages newest first and counts only when asked', async () => {
    const em = db.orm.em.fork();
    const first = await findRuns(em, { source: 'probe' }, { first: 2 });
    expect(first.nodes.map((r) => r.input)).toEqual(['Gamma.xml', 'beta.xml']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(await first.totalCount).toBe(3);
    const next = await findRuns(em, { source: 'probe' }, { first: 2, after: first.pageInfo.endCursor });
    expect(next.nodes.map((r) => r.input)).toEqual(['alpha.xml']);
    expect((await findRuns(em, { input: 'GAMMA' }, {})).nodes.map((r) => r.input)).toEqual(['Gamma.xml']);
    expect(await (await findRuns(em, { status: 'succeeded', source: 'probe' }, {})).totalCount).toBe(3);
  });

  it("keeps a rejected run's error and answers the loaders by id", async () => {
    const loaders = createSyncLoaders(db.orm.em.fork());
    const [refused, missing] = await Promise.all([loaders.runById.load(ids[3] ?? 0), loaders.runById.load(999_999)]);
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'INVALID_XML', message: 'not XML', line: 3, column: 7 } });
    expect(missing).toBeNull();
    const records = await loaders.quarantineByRun.load(ids[1] ?? 0);
    expect(records.map((r) => [r.importRunId, r.line])).toEqual([
      [ids[1], 1],
      [ids[1], 2],
    ]);
  });

  it('pages the quarantine oldest first, filtered by run', async () => {
    const page = await findQuarantined(db.orm.em.fork(), { importRun: ids[2] ?? 0 }, { first: 1 });
    expect(page.nodes.map((q) => q.line)).toEqual([1]);
    expect(await page.totalCount).toBe(2);
  });

  it('knows an input already imported by its SHA-256 (the demo skips it)', async () => {
    const em = db.orm.em.fork();
    // A run over no file records an empty hash.
    expect(await alreadyImported(em, 'probe', '')).toBe(true);
    expect(await alreadyImported(em, 'other', '')).toBe(false);
  });
});
