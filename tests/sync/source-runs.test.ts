import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { startScheduler } from '../../src/sync/sources/scheduler.js';
import { checkSources, type ConfiguredSource } from '../../src/sync/sources/source-config.js';
import { runSource, type SourceEnv, type SourceRunResult } from '../../src/sync/sources/run-source.js';
import { interruptAbandonedSourceRuns } from '../../src/sync/sources/source-runs.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { startHttpSource, type HttpSource } from '../support/http-source.js';
import { start as startOpenImis, type OpenImisDouble } from '../support/openimis-double/server.js';
import { sample } from '../support/sample-data.js';

/** Folder and registry sources, and one runner per source however many schedulers race for it. */
let db: TestDatabase;
let dir: string;
let http: HttpSource;
let env: SourceEnv;
const config: Config = { ...loadConfig(), importWorkers: 0 };

beforeAll(async () => {
  db = await testDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-sources-'));
  http = await startHttpSource();
  env = { orm: db.orm, config, sleep: async () => undefined };
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

function source(name: string, spec: object): ConfiguredSource {
  const found = checkSources(path.join(dir, 'sources.json'), { sources: { [name]: spec } }).get(name);
  if (!found) throw new Error('no source');
  return found;
}
const ran = (result: SourceRunResult) => {
  if (!('status' in result)) throw new Error(`not run: ${JSON.stringify(result)}`);
  return result;
};
async function rows<T>(orm: Orm, sql: string): Promise<T[]> {
  return orm.em.fork().execute<T[]>(sql);
}
const v2 = (name: string) => sample('iati', 'activities', 'v2', name);

describe('a folder source', () => {
  it('imports each new or changed file as its own import run, by content hash, and skips the rest', async () => {
    const folder = path.join(dir, 'iati-drop');
    await mkdir(path.join(folder, 'sub'), { recursive: true });
    await copyFile(v2('sr-activity.xml'), path.join(folder, 'a.xml'));
    await copyFile(v2('unops-at-activity.xml'), path.join(folder, 'sub', 'b.xml'));
    await writeFile(path.join(folder, 'notes.txt'), 'not an IATI file');
    const drop = source('drop', { kind: 'iati-folder', folder: 'iati-drop' });

    const first = ran(await runSource(env, drop, { trigger: 'manual' }));
    expect(first).toMatchObject({ status: 'succeeded', tally: { inputs: 2, imported: 2, unchanged: 0 } });
    expect(first.imports.map((i) => i.input)).toEqual(['a.xml', path.join('sub', 'b.xml')]);

    const again = ran(await runSource(env, drop, { trigger: 'manual' }));
    expect(again).toMatchObject({ status: 'succeeded', tally: { imported: 0, unchanged: 2, changedData: false } });

    await copyFile(v2('usaid-activity.xml'), path.join(folder, 'a.xml')); // replaced by the publisher
    await copyFile(v2('unops-at-activity.xml'), path.join(folder, 'c.xml')); // same bytes under a new name
    const third = ran(await runSource(env, drop, { trigger: 'manual' }));
    expect(third).toMatchObject({ status: 'succeeded', tally: { inputs: 3, imported: 2, unchanged: 1 } });
    const linked = await rows<{ input: string }>(
      db.orm,
      `select input from import_run where source_run_id = ${third.runId} order by input`,
    );
    expect(linked.map((r) => r.input)).toEqual(['a.xml', 'c.xml']);
  });

  it('does not import refused bytes again: the source stays failing with the earlier reason until they change', async () => {
    const folder = path.join(dir, 'refusing');
    await mkdir(folder, { recursive: true });
    await copyFile(v2('sr-activity.xml'), path.join(folder, 'a.xml'));
    await writeFile(path.join(folder, 'b.xml'), '<html><body>Down for maintenance</body></html>');
    const refusing = source('refusing', { kind: 'iati-folder', folder: 'refusing' });
    const importsOfB = async () =>
      (await rows<{ n: number }>(db.orm, `select count(*)::int as n from import_run where input = 'b.xml'`))[0]?.n;

    const first = ran(await runSource(env, refusing, { trigger: 'schedule', slot: 'refusing-1' }));
    expect(first).toMatchObject({ status: 'rejected', tally: { imported: 1, refused: 1 } });
    const refusedBy = first.imports.find((i) => i.input === 'b.xml')?.runId;
    expect(await importsOfB()).toBe(1);

    const again = ran(await runSource(env, refusing, { trigger: 'schedule', slot: 'refusing-2' }));
    expect(again).toMatchObject({ status: 'rejected', imports: [], tally: { imported: 0, unchanged: 1, refused: 1 } });
    expect(again.error?.code).toBe(first.error?.code);
    expect(again.error?.message).toContain(`b.xml: unchanged, previously refused (import run ${refusedBy}): `);
    expect(again.error?.message).toContain(first.error?.message);
    expect(await importsOfB()).toBe(1);

    await copyFile(v2('usaid-activity.xml'), path.join(folder, 'b.xml')); // the publisher fixed it
    const fixed = ran(await runSource(env, refusing, { trigger: 'schedule', slot: 'refusing-3' }));
    expect(fixed).toMatchObject({ status: 'succeeded', tally: { imported: 1, unchanged: 1, refused: 0 } });
    expect(await rows(db.orm, `select * from source_refusal where source = 'refusing'`)).toEqual([]);
  });

  it('refuses a missing folder with its name, and does not retry it', async () => {
    const result = ran(await runSource(env, source('gone', { kind: 'iati-folder', folder: 'no-such-folder' }), { trigger: 'manual' }));
    expect(result).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(result.error?.message).toContain(path.join(dir, 'no-such-folder'));
  });
});

describe('a registry source', () => {
  let openImis: OpenImisDouble;
  afterAll(() => openImis?.close());

  it('pulls the openIMIS registry it names through its watermark, and a second run asks only for what changed', async () => {
    const batch = generateRegistry({ households: 12 });
    openImis = await startOpenImis({ batch });
    const registries = path.join(dir, 'registries.json');
    await writeFile(
      registries,
      JSON.stringify({ 'mw-imis': { kind: 'openimis', url: openImis.url, username: openImis.username, passwordEnv: 'TEST_IMIS_PW' } }),
    );
    const withRegistry: Config = {
      ...loadConfig({ ...process.env, TRIBUTARY_REGISTRIES: registries, TEST_IMIS_PW: openImis.password }),
      importWorkers: 0,
    };
    const registry = source('imis', { kind: 'registry', registry: 'mw-imis' });
    const first = ran(await runSource({ ...env, config: withRegistry }, registry, { trigger: 'manual' }));
    expect(first, first.error?.message).toMatchObject({ status: 'succeeded', tally: { imported: 1, changedData: true } });
    const [held] = await rows<{ n: number }>(db.orm, `select count(*)::int as n from reg_household where source = 'mw-imis'`);
    expect(held?.n).toBe(batch.households.length);
    openImis.requests.length = 0;
    const second = ran(await runSource({ ...env, config: withRegistry }, registry, { trigger: 'manual' }));
    expect(second.status).toBe('succeeded');
    expect(openImis.requests.some((r) => typeof r.variables.since === 'string')).toBe(true);
  });
});

describe('a start by hand while the source runs', () => {
  it('queues one follow-up run, answers a second start with it, and runs it when the running one ends', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const body = readFileSync(v2('sr-activity.xml'));
    // A slow publisher: the first download waits for the test.
    http.routes.set('/held.xml', { handle: (_req, res) => void answered.then(() => res.writeHead(200).end(body)) });
    const held = source('held', { kind: 'iati-url', urls: [`${http.url}/held.xml`] });
    const scheduler = await startScheduler(env, new Map([['held', held]]));
    const statusOf = async (id: number) =>
      (await rows<{ status: string }>(db.orm, `select status from source_run where id = ${id}`))[0]?.status;
    try {
      const first = await scheduler.startNow(held, 'ops-a');
      if (!('runId' in first)) throw new Error('not started');
      await expect.poll(() => http.requests.filter((r) => r.path === '/held.xml').length).toBe(1);
      const second = await scheduler.startNow(held, 'ops-b');
      const third = await scheduler.startNow(held, 'ops-c');
      if (!('runId' in second)) throw new Error('not queued');
      expect(second.runId).not.toBe(first.runId);
      expect(third).toEqual(second);
      expect([await statusOf(first.runId), await statusOf(second.runId)]).toEqual(['running', 'queued']);

      answer();
      await expect.poll(() => statusOf(second.runId), { timeout: 30_000 }).toBe('succeeded');
      const runs = await rows<{ id: number; requested_by: string; status: string; unchanged: number; after_first: boolean }>(
        db.orm,
        `select r.id, r.requested_by, r.status, r.unchanged, r.started_at >= f.finished_at as after_first
           from source_run r cross join (select finished_at from source_run where id = ${first.runId}) f
          where r.source = 'held' order by r.id`,
      );
      expect(runs).toEqual([
        { id: first.runId, requested_by: 'ops-a', status: 'succeeded', unchanged: 0, after_first: false },
        { id: second.runId, requested_by: 'ops-b', status: 'succeeded', unchanged: 1, after_first: true },
      ]);
    } finally {
      await scheduler.stop();
    }
  });
});

describe('one runner per source', () => {
  it('makes one run of a tick two schedulers start at once, and queues a second start by hand while the first runner holds the source', async () => {
    http.routes.set('/slow.xml', { hang: true });
    const slow = source('slow', { kind: 'iati-url', urls: [`${http.url}/slow.xml`], http: { timeoutMs: 1500 }, retry: { attempts: 1 } });
    // Another hub process: its own connections (on PGlite, the same process's database).
    const other = db.config.kind === 'postgresql' ? await openOrm(db.config) : db.orm;
    try {
      const tick = new Date(Date.UTC(2026, 11, 7, 2)).toISOString();
      const both = await Promise.all([
        runSource(env, slow, { trigger: 'schedule', slot: tick }),
        runSource({ ...env, orm: other }, slow, { trigger: 'schedule', slot: tick }),
      ]);
      expect(both.filter((r) => 'runId' in r)).toHaveLength(1);
      expect(both.filter((r) => 'skipped' in r)).toHaveLength(1);
      const runs = await rows<{ n: number }>(db.orm, `select count(*)::int as n from source_run where source = 'slow'`);
      expect(runs[0]?.n).toBe(1);
      // The same tick again, once the first run has ended: still the one run.
      expect(await runSource({ ...env, orm: other }, slow, { trigger: 'schedule', slot: tick })).toEqual({ skipped: 'taken' });
      // Two people starting it by hand (no tick): the source's lock lets one run; the other's start
      // is queued as the follow-up run, which the first runner starts once its own run ends.
      const manual = await Promise.all([
        runSource(env, slow, { trigger: 'manual' }),
        runSource({ ...env, orm: other }, slow, { trigger: 'manual' }),
      ]);
      expect(manual.filter((r) => 'runId' in r)).toHaveLength(1);
      const followUp = manual.find((r) => 'queued' in r);
      expect(followUp).toEqual({ queued: expect.any(Number) });
      const ended = await rows<{ id: number; trigger: string; status: string }>(
        db.orm,
        `select id, trigger, status from source_run where source = 'slow' and trigger = 'manual' order by id`,
      );
      // The follow-up runs after the first; or, when the second start was queued before the first
      // runner recorded its run, that run is the queued one and serves both starts.
      const ran = manual.find((r) => 'runId' in r);
      const runId = ran && 'runId' in ran ? ran.runId : -1;
      const queued = followUp && 'queued' in followUp ? followUp.queued : -2;
      expect(ended).toEqual((queued === runId ? [runId] : [runId, queued]).map((id) => ({ id, trigger: 'manual', status: 'failed' })));
    } finally {
      if (other !== db.orm) await other.close();
    }
  });

  it('runs a source once per tick with two schedulers on one database, and each run ends', async () => {
    http.routes.set('/tick.xml', { body: '<iati-activities version="2.03"></iati-activities>' });
    const ticking = source('ticking', { kind: 'iati-url', urls: [`${http.url}/tick.xml`], schedule: { cron: '* * * * * *' } });
    const sources = new Map([['ticking', ticking]]);
    const other = db.config.kind === 'postgresql' ? await openOrm(db.config) : db.orm;
    const a = await startScheduler(env, sources);
    const b = await startScheduler({ ...env, orm: other }, sources);
    await sleep(3500);
    await Promise.all([a.stop(), b.stop()]);
    if (other !== db.orm) await other.close();
    const runs = await rows<{ slot: string; status: string }>(
      db.orm,
      `select slot, status from source_run where source = 'ticking' order by id`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.slot)).size).toBe(runs.length);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('marks a run left queued, running or retrying by a process that ended `interrupted`, and leaves ended runs alone', async () => {
    const [left] = await rows<{ id: number }>(
      db.orm,
      `insert into source_run (source, kind, trigger, status, attempt) values ('crashed', 'iati-url', 'schedule', 'retrying', 2) returning id`,
    );
    expect(await interruptAbandonedSourceRuns(db.orm)).toEqual([left?.id]);
    const [row] = await rows<{ status: string; error_code: string }>(
      db.orm,
      `select status, error_code from source_run where id = ${left?.id}`,
    );
    expect(row).toEqual({ status: 'interrupted', error_code: 'INTERRUPTED' });
    expect(await interruptAbandonedSourceRuns(db.orm)).toEqual([]);
  });
});
