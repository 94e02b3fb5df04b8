import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { attachSources } from '../../src/sync/sources/hub-sources.js';
import { startScheduler, type Scheduler } from '../../src/sync/sources/scheduler.js';
import { checkSources } from '../../src/sync/sources/source-config.js';
import { startHttpSource, type HttpSource } from '../support/http-source.js';
import { testHub, type TestHub } from '../support/hub.js';
import { sample } from '../support/sample-data.js';
import { readFileSync } from 'node:fs';

/** The sources in the graph: schedule, health, runs linked to their import runs; starting one is for system administrators. */
let t: TestHub;
let http: HttpSource;
let scheduler: Scheduler;
let answerSlow!: () => void;

beforeAll(async () => {
  t = await testHub([]);
  http = await startHttpSource();
  http.routes.set('/a.xml', { body: readFileSync(sample('iati', 'activities', 'v2', 'sr-activity.xml')) });
  http.routes.set('/down.xml', { status: 503 });
  const slowAnswered = new Promise<void>((resolve) => (answerSlow = resolve));
  const body = readFileSync(sample('iati', 'activities', 'v2', 'sr-activity.xml'));
  http.routes.set('/slow.xml', { handle: (_req, res) => void slowAnswered.then(() => res.writeHead(200).end(body)) });
  const sources = checkSources('/etc/tributary/sources.json', {
    sources: {
      donor: { kind: 'iati-url', urls: [`${http.url}/a.xml`], schedule: { cron: '0 3 * * *', timezone: 'Africa/Blantyre' } },
      down: { kind: 'iati-url', urls: [`${http.url}/down.xml`], retry: { attempts: 2, baseDelayMs: 0 } },
      people: { kind: 'registry', registry: 'mw-imis' },
      slow: { kind: 'iati-url', urls: [`${http.url}/slow.xml`] },
    },
  });
  scheduler = await startScheduler({ orm: t.db.orm, config: { ...loadConfig(), importWorkers: 0 } }, sources);
  attachSources(t.db.orm, { sources, scheduler });
});
afterAll(async () => {
  await scheduler?.stop();
  await http?.close();
  await t?.close();
});

const START = `mutation($name: String!) { startSource(name: $name) { id status trigger } }`;
const SOURCES = `{
  sources {
    name kind location schedule { cron timezone } nextRun health
    lastRun { id status } lastSuccess { id finishedAt } lastFailure { status attempt error { code message } }
    runs { id status imported importRuns { id input status } }
  }
}`;
type Sources = {
  sources: {
    name: string;
    nextRun: string | null;
    health: string;
    lastRun: { id: string; status: string } | null;
    lastSuccess: { id: string } | null;
    lastFailure: { status: string; attempt: number; error: { code: string; message: string } | null } | null;
    runs: { id: string; status: string; imported: number; importRuns: { input: string; status: string }[] }[];
  }[];
};

async function startAs(name: string, headers: Record<string, string>) {
  return t.raw(START, { name }, headers);
}
const bearer = async (...roles: Parameters<TestHub['token']>[1][]) => ({ authorization: `Bearer ${await t.token('ops-lead', ...roles)}` });

async function settled(name: string) {
  await expect
    .poll(async () => (await t.query<Sources>(SOURCES)).sources.find((s) => s.name === name)?.lastRun?.status)
    .toMatch(/succeeded|rejected|failed/);
  return (await t.query<Sources>(SOURCES)).sources.find((s) => s.name === name);
}

describe('sources in the graph', () => {
  it('shows sources that never ran as such', async () => {
    expect((await t.query<Sources>(SOURCES)).sources.map((s) => [s.name, s.health])).toEqual([
      ['donor', 'NEVER_RUN'],
      ['down', 'NEVER_RUN'],
      ['people', 'NEVER_RUN'],
      ['slow', 'NEVER_RUN'],
    ]);
  });

  it('refuses to start a source to anyone but a system administrator', async () => {
    expect((await startAs('donor', {})).errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    const officer = await startAs('donor', await bearer('mapping-admin', 'registry-officer'));
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await startAs('nobody', await bearer('system-admin'));
    expect(unknown.errors?.[0]?.message).toContain('no source named nobody');
  });

  it('starts a source now and shows it with its schedule, next run, last success and its runs linked to their import runs', async () => {
    const started = await startAs('donor', await bearer('system-admin'));
    expect(started.errors).toBeUndefined();
    expect((started.data as { startSource: { trigger: string } }).startSource.trigger).toBe('manual');
    const donor = await settled('donor');
    expect(donor).toMatchObject({
      name: 'donor',
      kind: 'iati-url',
      location: `${http.url}/a.xml`,
      schedule: { cron: '0 3 * * *', timezone: 'Africa/Blantyre' },
      health: 'GREEN',
      lastRun: { status: 'succeeded' },
      lastFailure: null,
    });
    expect(Date.parse(donor?.nextRun ?? '')).toBeGreaterThan(Date.now());
    expect(donor?.lastSuccess?.id).toBe(donor?.lastRun?.id);
    expect(donor?.runs[0]).toMatchObject({ imported: 1, importRuns: [{ input: `${http.url}/a.xml`, status: 'succeeded' }] });
  });

  it('answers a start while the source runs with one queued follow-up run, which runs when the running one ends', async () => {
    const admin = await bearer('system-admin');
    const started = async () => ((await startAs('slow', admin)).data as { startSource: { id: string; status: string } }).startSource;
    const running = await started();
    expect(running.status).toBe('running');
    const followUp = await started();
    expect(followUp).toMatchObject({ status: 'queued' });
    expect(followUp.id).not.toBe(running.id);
    expect(await started()).toEqual(followUp);
    answerSlow();
    await expect
      .poll(async () => (await t.query<Sources>(SOURCES)).sources.find((s) => s.name === 'slow')?.runs.map((r) => `${r.id} ${r.status}`))
      .toEqual([`${followUp.id} succeeded`, `${running.id} succeeded`]);
  });

  it('shows a failing source’s last failure with its reason after its retries', async () => {
    await startAs('down', await bearer('system-admin'));
    const down = await settled('down');
    expect(down).toMatchObject({ lastSuccess: null, nextRun: null, health: 'FAILING', lastFailure: { status: 'failed', attempt: 2 } });
    expect(down?.lastFailure?.error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(down?.lastFailure?.error?.message).toContain('HTTP 503');
  });

  it('withholds what a registry source’s failure quotes from everyone but registry officers', async () => {
    await t.db.orm.em.fork().execute(
      `insert into source_run (source, kind, trigger, status, error_code, error_message, finished_at)
         values ('people', 'registry', 'schedule', 'rejected', 'BAD_USER_INPUT', 'openimis mw-imis was not loaded: 1 problem\n  individual X-1 (Chikondi Banda), field birthDate: 2090-01-01 is in the future', now())`,
    );
    const anonymous = (await t.query<Sources>(SOURCES)).sources.find((s) => s.name === 'people');
    expect(anonymous?.health).toBe('FAILING');
    expect(anonymous?.lastFailure?.error?.message).not.toContain('Chikondi');
    expect(anonymous?.lastFailure?.error?.message).not.toContain('2090');
    const officer = await t.raw(SOURCES, {}, await bearer('registry-officer'));
    const seen = (officer.data as Sources).sources.find((s) => s.name === 'people');
    expect(seen?.lastFailure?.error?.message).toContain('Chikondi Banda');
  });
});
