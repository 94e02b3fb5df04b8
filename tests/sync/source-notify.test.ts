import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { createNotifier, type Notifier } from '../../src/sync/notify/notifier.js';
import { runSource, type SourceEnv, type SourceRunResult } from '../../src/sync/sources/run-source.js';
import { checkSourcesFile, type ConfiguredSource } from '../../src/sync/sources/source-config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { startHttpSource, type HttpSource } from '../support/http-source.js';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/notice-receivers.js';
import { start as startOpenImis, type OpenImisDouble } from '../support/openimis-double/server.js';
import { sample } from '../support/sample-data.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';

/**
 * Notifications of a failing source, against a webhook endpoint and an SMTP server the test starts:
 * one notice per change of a source's health (never one per attempt or per failing run), registry
 * reasons redacted, and a notifier in trouble logged and retried without touching the run.
 */
const SECRETS = { TEST_HOOK_TOKEN: 'Bearer hook-secret', TEST_SMTP_PASSWORD: 'smtp-secret' };
let db: TestDatabase;
let http: HttpSource;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;
let silent: Server;
let dir: string;
let config: Config;
const sr = readFileSync(sample('iati', 'activities', 'v2', 'sr-activity.xml'));

beforeAll(async () => {
  db = await testDatabase();
  http = await startHttpSource();
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver('hub', SECRETS.TEST_SMTP_PASSWORD);
  // An SMTP server that takes the connection and never greets: the notifier's timeout must end it.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-notify-'));
  config = { ...loadConfig({ ...process.env, ...SECRETS }), importWorkers: 0 };
});
afterAll(async () => {
  await Promise.all([http?.close(), hook?.close(), smtp?.close(), new Promise((resolve) => silent?.close(resolve))]);
  await db?.close();
});

const NOTIFY = () => ({
  webhook: { url: hook.url, headersEnv: { Authorization: 'TEST_HOOK_TOKEN' } },
  email: {
    smtp: { host: '127.0.0.1', port: smtp.port, user: 'hub', passwordEnv: 'TEST_SMTP_PASSWORD', timeoutMs: 2000 },
    from: 'tributary@mof.example',
    to: ['data-team@mof.example'],
  },
  retry: { attempts: 3, delayMs: 10 },
});

function configured(sources: Record<string, object>, notify: object) {
  const file = checkSourcesFile(path.join(dir, 'sources.json'), { sources, notify });
  const lines: string[] = [];
  const notifier = createNotifier(file.notify, { envSecret: config.envSecret, log: (line) => lines.push(line) }) as Notifier;
  const env: SourceEnv = { orm: db.orm, config, sleep: async () => undefined, notifier };
  const source = (name: string) => file.sources.get(name) as ConfiguredSource;
  return { env, notifier, source, lines };
}
const ran = (result: SourceRunResult) => {
  if (!('status' in result)) throw new Error(`not run: ${JSON.stringify(result)}`);
  return result;
};
/** The mail as a person reads it: headers unfolded, quoted-printable decoded. */
const readable = (raw: string) =>
  raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('notifications of a failing source', () => {
  it('tells the webhook and the mailbox once when a source turns failing and once when it recovers, not at each attempt or failing run', async () => {
    const { env, notifier, source } = configured(
      { flaky: { kind: 'iati-url', urls: [`${http.url}/flaky.xml`], retry: { attempts: 3, baseDelayMs: 0 } } },
      NOTIFY(),
    );
    const flaky = source('flaky');
    http.routes.set('/flaky.xml', [...Array<{ status: number }>(6).fill({ status: 503 }), { body: sr }]);

    const failing = ran(await runSource(env, flaky, { trigger: 'manual' }));
    expect(failing).toMatchObject({ status: 'failed', attempts: 3 });
    await notifier.settled();
    expect(hook.taken).toHaveLength(1);
    expect(hook.taken[0]?.authorization).toBe(SECRETS.TEST_HOOK_TOKEN);
    expect(hook.taken[0]?.body).toMatchObject({
      event: 'source.failing',
      source: 'flaky',
      kind: 'iati-url',
      state: 'failing',
      run: { id: failing.runId, status: 'failed', trigger: 'manual', attempts: 3 },
      reason: { code: 'SOURCE_UNAVAILABLE', message: expect.stringContaining('HTTP 503') },
    });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['data-team@mof.example']);
    const mail = readable(smtp.mails[0]?.raw ?? '');
    expect(mail).toContain('Subject: tributary: source flaky is failing');
    expect(mail).toContain(`source run ${failing.runId} (manual), failed after 3 attempt(s)`);
    expect(mail).toMatch(/Reason: SOURCE_UNAVAILABLE: .*flaky\.xml: HTTP 503/);

    // Still failing: the state did not change, nobody is told again.
    expect(ran(await runSource(env, flaky, { trigger: 'manual' })).status).toBe('failed');
    await notifier.settled();
    expect([hook.taken.length, smtp.mails.length]).toEqual([1, 1]);

    const recovered = ran(await runSource(env, flaky, { trigger: 'manual' }));
    expect(recovered.status).toBe('succeeded');
    await notifier.settled();
    expect(hook.taken).toHaveLength(2);
    expect(hook.taken[1]?.body).toMatchObject({
      event: 'source.recovered',
      run: { id: recovered.runId, status: 'succeeded' },
      reason: null,
    });
    expect(smtp.mails).toHaveLength(2);
    expect(readable(smtp.mails[1]?.raw ?? '')).toContain('Subject: tributary: source flaky recovered');

    expect(ran(await runSource(env, flaky, { trigger: 'manual' })).status).toBe('succeeded');
    await notifier.settled();
    expect([hook.taken.length, smtp.mails.length]).toEqual([2, 2]);
  });

  describe('a registry source', () => {
    let openImis: OpenImisDouble;
    afterAll(() => openImis?.close());

    it('withholds what its failure quotes from the records, as the graph does for readers who are not registry officers', async () => {
      openImis = await startOpenImis({ batch: generateRegistry({ households: 4 }) });
      const person = openImis.records.individuals[0]!;
      person.dob = '2090-01-01';
      const registries = path.join(dir, 'registries.json');
      await writeFile(
        registries,
        JSON.stringify({ 'mw-imis': { kind: 'openimis', url: openImis.url, username: openImis.username, passwordEnv: 'TEST_IMIS_PW' } }),
      );
      const { env, notifier, source } = configured({ people: { kind: 'registry', registry: 'mw-imis' } }, NOTIFY());
      const withRegistry = {
        ...loadConfig({ ...process.env, ...SECRETS, TRIBUTARY_REGISTRIES: registries, TEST_IMIS_PW: openImis.password }),
        importWorkers: 0,
      };
      const before = hook.taken.length;
      const refused = ran(await runSource({ ...env, config: withRegistry }, source('people'), { trigger: 'schedule' }));
      expect(refused.status).toBe('rejected');
      // What the run keeps (for registry officers) quotes the record; the notices do not.
      const quoted = ['2090-01-01', String(person.uuid)];
      expect(quoted.some((value) => refused.error?.message.includes(value))).toBe(true);
      await notifier.settled();
      const [notice] = hook.taken.slice(before);
      expect(notice?.body).toMatchObject({
        source: 'people',
        state: 'failing',
        reason: { message: expect.stringContaining('[withheld: personal data]') },
      });
      const mail = readable(smtp.mails.at(-1)?.raw ?? '');
      expect(mail).toContain('Subject: tributary: source people is failing');
      for (const value of quoted) {
        expect(JSON.stringify(notice?.body)).not.toContain(value);
        expect(mail).not.toContain(value);
      }
    });
  });

  it('logs a notifier that fails and tries it again a bounded number of times, without holding up or failing the run', async () => {
    hook.answers.push(500);
    const { env, notifier, source } = configured({ gone: { kind: 'iati-url', urls: [`${http.url}/gone.xml`] } }, NOTIFY());
    const requestsBefore = hook.requests;
    const takenBefore = hook.taken.length;
    expect(ran(await runSource(env, source('gone'), { trigger: 'manual' })).status).toBe('rejected');
    await notifier.settled();
    // The receiver answered 500 once: the notice came the second time, and only once.
    expect(hook.requests - requestsBefore).toBe(2);
    expect(hook.taken.length - takenBefore).toBe(1);

    const closed = await startWebhookReceiver();
    await closed.close();
    const dead = configured(
      { lost: { kind: 'iati-url', urls: [`${http.url}/lost.xml`] } },
      {
        webhook: { url: closed.url, timeoutMs: 500 },
        email: {
          smtp: { host: '127.0.0.1', port: (silent.address() as AddressInfo).port, timeoutMs: 300 },
          from: 'a@b.example',
          to: ['c@d.example'],
        },
        retry: { attempts: 2, delayMs: 10 },
      },
    );
    const started = performance.now();
    const result = ran(await runSource(dead.env, dead.source('lost'), { trigger: 'manual' }));
    expect(result.status).toBe('rejected');
    // The run did not wait for the notifier (whose two e-mail attempts alone take 2 × 300 ms).
    expect(performance.now() - started).toBeLessThan(5000);
    await dead.notifier.settled();
    expect(dead.lines.filter((line) => /attempt 1 failed/.test(line))).toHaveLength(2);
    expect(dead.lines.filter((line) => /not sent after 2 attempt\(s\), given up/.test(line))).toHaveLength(2);
    expect(dead.lines.join('\n')).toMatch(/lost failing, source run \d+\) by e-mail via 127\.0\.0\.1:\d+: .*given up/);
  });
});
