import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { checkSources, type ConfiguredSource } from '../../src/sync/sources/source-config.js';
import { runSource, type SourceEnv, type SourceRunResult } from '../../src/sync/sources/run-source.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { startHttpSource, type HttpSource } from '../support/http-source.js';
import { sample } from '../support/sample-data.js';

/** IATI sources over HTTP, against a local server: conditional GET, retries, timeouts, garbage refused. */
const xml = (name: string) => readFileSync(sample('iati', 'activities', 'v2', name));
const SR = xml('sr-activity.xml');
const UNOPS = xml('unops-at-activity.xml');
const USAID = xml('usaid-activity.xml');

let db: TestDatabase;
let http: HttpSource;
let env: SourceEnv;
const config: Config = { ...loadConfig(), importWorkers: 0 };

beforeAll(async () => {
  db = await testDatabase();
  http = await startHttpSource();
  env = { orm: db.orm, config, sleep: async () => undefined, random: () => 0.5 };
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

function source(name: string, spec: object): ConfiguredSource {
  const found = checkSources('/tmp/sources.json', { sources: { [name]: spec } }).get(name);
  if (!found) throw new Error('no source');
  return found;
}
const ran = (result: SourceRunResult) => {
  if (!('status' in result)) throw new Error(`not run: ${JSON.stringify(result)}`);
  return result;
};
async function count(sql: string): Promise<number> {
  const [row] = await db.orm.em.fork().execute<{ n: number }[]>(sql);
  return row?.n ?? -1;
}
const activities = () => count(`select count(*)::int as n from aid_activity`);
const importRunsOf = (runId: number) => count(`select count(*)::int as n from import_run where source_run_id = ${runId}`);

describe('an IATI dataset list over HTTP', () => {
  it('imports every listed file, then asks with its ETag and parses nothing that did not change, then only the file that changed', async () => {
    const modified = { a: '2026-11-01T00:00:00', b: '2026-11-01T00:00:00' };
    const list = () => ({
      success: true,
      result: {
        count: 2,
        results: [
          { name: 'pub-a', resources: [{ url: `${http.url}/files/a.xml`, last_modified: modified.a }] },
          { name: 'pub-b', resources: [{ url: '/files/b.xml', last_modified: modified.b }] },
        ],
      },
    });
    http.routes.set('/api/package_search', {
      handle: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list())),
    });
    http.routes.set('/files/a.xml', { body: SR });
    http.routes.set('/files/b.xml', { body: UNOPS });
    const listed = source('registry-list', { kind: 'iati-dataset-list', url: `${http.url}/api/package_search` });

    const first = ran(await runSource(env, listed, { trigger: 'manual' }));
    expect(first).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      tally: { inputs: 2, imported: 2, unchanged: 0, refused: 0, changedData: true },
    });
    expect(await importRunsOf(first.runId)).toBe(2);
    expect(await activities()).toBe(4);

    // The list says nothing changed: the files are not even asked for.
    http.requests.length = 0;
    const second = ran(await runSource(env, listed, { trigger: 'manual' }));
    expect(second).toMatchObject({ status: 'succeeded', tally: { imported: 0, unchanged: 2, changedData: false } });
    expect(http.requests.map((r) => r.path)).toEqual(['/api/package_search']);
    expect(await importRunsOf(second.runId)).toBe(0);

    // The list moves on for both; a's bytes are the same (304 on its ETag), b's changed.
    modified.a = modified.b = '2026-12-01T00:00:00';
    http.routes.set('/files/b.xml', { body: USAID });
    http.requests.length = 0;
    const third = ran(await runSource(env, listed, { trigger: 'manual' }));
    expect(third).toMatchObject({ status: 'succeeded', tally: { imported: 1, unchanged: 1 } });
    expect(http.requests.find((r) => r.path === '/files/a.xml')?.headers['if-none-match']).toMatch(/^"/);
    expect(await importRunsOf(third.runId)).toBe(1);
    expect(await activities()).toBe(5);
  });

  it('refuses a list that is not the Registry’s shape, naming what is wrong, and does not retry it', async () => {
    http.routes.set('/api/not-a-list', { body: JSON.stringify({ result: { results: [{ resources: [{}] }] } }), type: 'application/json' });
    const result = ran(
      await runSource(env, source('bad-list', { kind: 'iati-dataset-list', url: `${http.url}/api/not-a-list` }), { trigger: 'manual' }),
    );
    expect(result).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(result.error?.message).toMatch(/not an IATI Registry dataset list.*result\.results\.0\.resources\.0\.url/);
  });
});

describe('an IATI URL source: failures', () => {
  it('retries a 500 with backoff, shows `retrying` meanwhile, and succeeds on the next attempt', async () => {
    http.routes.set('/flaky.xml', [{ status: 500 }, { body: SR }]);
    const seen: string[] = [];
    const watching: SourceEnv = {
      ...env,
      sleep: async (ms) => {
        const [row] = await db.orm.em
          .fork()
          .execute<{ status: string; next: string | null }[]>(
            `select status, next_attempt_at::text as next from source_run where source = 'flaky' order by id desc limit 1`,
          );
        seen.push(`${row?.status} ${row?.next ? 'next' : ''} ${ms}`);
      },
    };
    const result = ran(
      await runSource(watching, source('flaky', { kind: 'iati-url', urls: [`${http.url}/flaky.xml`], retry: { baseDelayMs: 1000 } }), {
        trigger: 'manual',
      }),
    );
    expect(result).toMatchObject({ status: 'succeeded', attempts: 2, tally: { imported: 1 } });
    // Attempt 1's delay: 1000 ms doubled 0 times, half sure and half jitter (0.5): 750 ms.
    expect(seen).toEqual(['retrying next 750']);
  });

  it('times a hung source out, retries as configured, then ends `failed` with the reason and the data as it was', async () => {
    http.routes.set('/hang.xml', { hang: true });
    const before = await activities();
    const started = performance.now();
    const result = ran(
      await runSource(
        env,
        source('hung', { kind: 'iati-url', urls: [`${http.url}/hang.xml`], http: { timeoutMs: 300 }, retry: { attempts: 2 } }),
        {
          trigger: 'manual',
        },
      ),
    );
    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result.error?.code).toBe('TIMEOUT');
    expect(result.error?.message).toContain('within 300 ms');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await activities()).toBe(before);
  });

  it('refuses HTML instead of XML without retrying, and still imports the source’s other file', async () => {
    http.routes.set('/portal.xml', { body: '<!DOCTYPE html><html><body>Maintenance</body></html>', type: 'text/html' });
    http.routes.set('/good.xml', { body: USAID });
    const result = ran(
      await runSource(env, source('half-broken', { kind: 'iati-url', urls: [`${http.url}/portal.xml`, `${http.url}/good.xml`] }), {
        trigger: 'manual',
      }),
    );
    expect(result).toMatchObject({ status: 'rejected', attempts: 1, tally: { inputs: 2, refused: 1, imported: 1 } });
    expect(result.error?.code).toBe('NOT_IATI');
    expect(result.error?.message).toContain('portal.xml');
    // The same page again next time: downloaded, recognised by its hash, not imported again.
    const again = ran(
      await runSource(env, source('half-broken', { kind: 'iati-url', urls: [`${http.url}/portal.xml`, `${http.url}/good.xml`] }), {
        trigger: 'manual',
      }),
    );
    expect(again).toMatchObject({ status: 'rejected', imports: [], tally: { refused: 1, unchanged: 1 } });
    expect(again.error).toMatchObject({ code: 'NOT_IATI', message: expect.stringContaining('portal.xml: unchanged, previously refused') });
  });

  it('refuses a response whose gzip is cut short, storing nothing from it', async () => {
    http.routes.set('/cut.xml', { body: UNOPS, gzip: 'truncated' });
    http.routes.set('/whole.xml', { body: UNOPS, gzip: 'whole' });
    const before = await count(`select count(*)::int as n from import_run where status = 'succeeded'`);
    const cut = ran(await runSource(env, source('cut', { kind: 'iati-url', urls: [`${http.url}/cut.xml`] }), { trigger: 'manual' }));
    expect(cut).toMatchObject({ status: 'rejected', attempts: 1, tally: { imported: 0, refused: 1 } });
    // fetch inflates leniently: the XML cut short is what is refused, naming the URL.
    expect(cut.error?.code).toBe('INVALID_XML');
    expect(cut.error?.message).toContain(`${http.url}/cut.xml`);
    expect(await count(`select count(*)::int as n from import_run where status = 'succeeded'`)).toBe(before);
    const whole = ran(await runSource(env, source('whole', { kind: 'iati-url', urls: [`${http.url}/whole.xml`] }), { trigger: 'manual' }));
    expect(whole).toMatchObject({ status: 'succeeded', tally: { imported: 1 } });
  });

  it('refuses more bytes than allowed and more redirects than allowed', async () => {
    http.routes.set('/big.xml', { body: UNOPS });
    const big = ran(
      await runSource(env, source('big', { kind: 'iati-url', urls: [`${http.url}/big.xml`], http: { maxBytes: 1000 } }), {
        trigger: 'manual',
      }),
    );
    expect(big).toMatchObject({ status: 'rejected', attempts: 1 });
    expect(big.error?.message).toContain('1000 bytes');
    http.routes.set('/loop', { handle: (_req, res) => res.writeHead(302, { location: '/loop' }).end() });
    const loop = ran(
      await runSource(env, source('loop', { kind: 'iati-url', urls: [`${http.url}/loop`], http: { maxRedirects: 3 } }), {
        trigger: 'manual',
      }),
    );
    expect(loop.error?.message).toContain('more than 3 redirects');
  });
});
