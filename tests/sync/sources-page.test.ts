import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/jwt.js';
import type { Role } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { SOURCES_SCRIPT_FILE } from '../../src/sync/page/index.js';
import { runBackupJob } from '../../src/sync/sources/backup-job.js';
import { attachSources } from '../../src/sync/sources/hub-sources.js';
import { runSource, type SourceEnv } from '../../src/sync/sources/run-source.js';
import { checkSourcesFile, type SourcesFile } from '../../src/sync/sources/source-config.js';
import { launchBrowser, recordPage } from '../support/browser.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { startHttpSource, type HttpSource } from '../support/http-source.js';
import { sample } from '../support/sample-data.js';

/**
 * The health page, end to end: a hub on an ephemeral port whose sources were run for real against
 * a local publisher and a folder — one green, one late (a per-second schedule, left alone), one
 * failing on a refused file, one never run — and a scheduled backup made; driven in headless
 * Chromium, every figure checked against the graph.
 */
const SECRET = 'a-sources-page-test-secret-0123456789abcdef';

let db: TestDatabase;
let hub: Hub;
let server: Server;
let http: HttpSource;
let browser: Browser;
let base: string;
let issuer: string;
let configured: SourcesFile;
let dir: string;

const token = (...roles: Role[]) =>
  signToken({ key: new TextEncoder().encode(SECRET), issuer }, { subject: 'ops-lead', roles, expiresIn: 3600 });

interface GraphSource {
  name: string;
  health: string;
  nextRun: string | null;
  lastRun: {
    status: string;
    finishedAt: string;
    inputs: number;
    imported: number;
    unchanged: number;
    refused: number;
    records: number;
  } | null;
  lastSuccess: { finishedAt: string } | null;
  lastFailure: { status: string; finishedAt: string; error: { message: string } } | null;
}
interface GraphAnswer {
  sources: GraphSource[];
  backupSchedule: { health: string; nextRun: string; lastFailure: { error: string } | null };
  lastBackup: { file: string; finishedAt: string };
}

/** The graph itself, over HTTP with a system administrator's token: the oracle the page is checked against. */
async function oracle(): Promise<GraphAnswer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('system-admin')}` },
    body: JSON.stringify({
      query: `{ sources { name health nextRun lastRun { status finishedAt inputs imported unchanged refused records }
        lastSuccess { finishedAt } lastFailure { status finishedAt error { message } } }
        backupSchedule { health nextRun lastFailure { error } } lastBackup { file finishedAt } }`,
    }),
  });
  const body = (await response.json()) as { data: GraphAnswer; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** "2026-12-08T01:02:03.456Z" → "2026-12-08 01:02 UTC", by another road than the page's. */
function minute(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

async function openSignedIn(roles: Role[]): Promise<{ page: Page; log: ReturnType<typeof recordPage> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = recordPage(page);
  await page.goto(`${base}/sources`);
  await page.getByLabel('Bearer token').fill(await token(...roles));
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { page, log };
}

beforeAll(async () => {
  db = await testDatabase();
  http = await startHttpSource();
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-sources-page-'));
  await mkdir(path.join(dir, 'drop'));
  await copyFile(sample('iati', 'activities', 'v2', 'unops-at-activity.xml'), path.join(dir, 'drop', 'a.xml'));
  http.routes.set('/donor.xml', { body: await readFile(sample('iati', 'activities', 'v2', 'sr-activity.xml')) });
  http.routes.set('/broken.xml', { body: '<html><body>Maintenance</body></html>', type: 'text/html' });
  const file = checkSourcesFile(path.join(dir, 'sources.json'), {
    sources: {
      donor: { kind: 'iati-url', urls: [`${http.url}/donor.xml`], schedule: { cron: '0 3 * * *', timezone: 'Africa/Blantyre' } },
      drop: { kind: 'iati-folder', folder: 'drop', schedule: { cron: '* * * * * *' } },
      broken: { kind: 'iati-url', urls: [`${http.url}/broken.xml`], schedule: { cron: '0 4 * * *' }, retry: { attempts: 1 } },
      later: { kind: 'iati-folder', folder: 'drop' },
    },
    backup: { schedule: { cron: '0 1 * * *', timezone: 'Africa/Blantyre' }, folder: 'backups', keep: 2 },
  });
  const env: SourceEnv = { orm: db.orm, config: { ...loadConfig(), importWorkers: 0 }, sleep: async () => undefined };
  for (const name of ['drop', 'donor', 'broken']) {
    const source = file.sources.get(name);
    if (source) await runSource(env, source, { trigger: 'manual' });
  }
  if (file.backup) await runBackupJob(db.orm, file.backup, '2026-12-08T01:00:00.000Z');
  attachSources(db.orm, { sources: file.sources, backup: file.backup, scheduler: null });
  configured = file;

  const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET }).auth;
  issuer = auth.jwtIssuer;
  hub = await createHub(db.orm, { development: false, auth });
  server = await listen(hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await hub?.close();
  await http?.close();
  await db?.close();
});

describe('the health page', () => {
  it('shows each source’s health, runs, counts and last failure, and the backup, as the graph gives them, fetching nothing from elsewhere', async () => {
    // The per-second source is late two seconds after its success.
    await expect.poll(async () => (await oracle()).sources.find((s) => s.name === 'drop')?.health, { timeout: 60_000 }).toBe('LATE');
    const { page, log } = await openSignedIn(['system-admin']);
    const rows = page.locator('table.sources-table tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const graph = await oracle();
    expect(graph.sources.map((s) => [s.name, s.health])).toEqual([
      ['broken', 'FAILING'],
      ['donor', 'GREEN'],
      ['drop', 'LATE'],
      ['later', 'NEVER_RUN'],
    ]);
    const words: Record<string, string> = { GREEN: 'Green', LATE: 'Late', FAILING: 'Failing', NEVER_RUN: 'Never run' };
    for (const [i, source] of graph.sources.entries()) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
      expect(cells[0]).toContain(source.name);
      expect(cells[1]).toBe(words[source.health]);
      expect(await rows.nth(i).locator('.health').getAttribute('class')).toBe(`health health-${source.health.toLowerCase()}`);
      const run = source.lastRun;
      expect(cells[2]).toBe(run ? `${run.status} ${minute(run.finishedAt)}` : 'never');
      expect(cells[3]).toBe(source.lastSuccess ? minute(source.lastSuccess.finishedAt) : 'never');
      // The per-second source's next run moves on each second: the page asked a moment before the oracle.
      const next = source.nextRun ? [minute(source.nextRun)] : ['when started'];
      if (source.name === 'drop') next.push(minute(new Date(Date.parse(source.nextRun ?? '') - 60_000).toISOString()));
      expect(next).toContain(cells[4]);
      expect(cells.slice(5, 10)).toEqual(
        run ? [run.inputs, run.imported, run.unchanged, run.refused, run.records].map(String) : ['—', '—', '—', '—', '—'],
      );
      const failure = source.lastFailure;
      expect(cells[10]).toBe(failure ? `${minute(failure.finishedAt)} ${failure.status}: ${failure.error.message}` : '');
    }
    const donor = graph.sources.find((s) => s.name === 'donor');
    expect(donor?.lastRun).toMatchObject({ inputs: 1, imported: 1, records: 1 });
    expect(graph.sources.find((s) => s.name === 'broken')?.lastFailure?.error.message).toMatch(/broken\.xml/);

    const backup = page.locator('#backup dl');
    const entries = Object.fromEntries(
      await Promise.all(
        (await backup.locator('dt').all()).map(async (dt, i) => [
          await dt.innerText(),
          (await backup.locator('dd').nth(i).innerText()).trim(),
        ]),
      ),
    );
    expect(entries).toMatchObject({
      Health: 'Green',
      'Last good backup': `${minute(graph.lastBackup.finishedAt)} ${graph.lastBackup.file}`,
      'Next run': minute(graph.backupSchedule.nextRun),
      'Last failure': 'none',
    });
    expect(await page.locator('#status').innerText()).toBe('1 source(s) failing: see their last failure.');

    expect(log.requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(await page.locator('script:not([src]), [onclick], [onload], [onsubmit], [style]').count()).toBe(0);
    const served = await fetch(`${base}/sources/app.js`);
    expect(served.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await served.text()).toBe(await readFile(SOURCES_SCRIPT_FILE, 'utf8'));
    await page.context().close();
  });

  it('refuses a token without the system-admin role, and shows nothing of the sources', async () => {
    const { page } = await openSignedIn(['analyst', 'mapping-admin']);
    await expect
      .poll(() => page.locator('#status').innerText())
      .toMatch(/^Not allowed \(FORBIDDEN\): this page is for system administrators/);
    expect(await page.locator('#who').innerText()).toContain('cannot see the sources (it needs the system-admin role)');
    expect(await page.locator('#sources, #backup').allInnerTexts()).toEqual(['', '']);
    await page.context().close();
  });

  it('shows a scheduled backup that cannot be written as failing, with its reason, beside the last good one', async () => {
    const { backup } = configured;
    if (!backup) throw new Error('no backup configured');
    await writeFile(path.join(dir, 'full-disk'), 'a file where the backup folder should be');
    const broken = { ...backup, folder: path.join(dir, 'full-disk', 'backups') };
    attachSources(db.orm, { sources: configured.sources, backup: broken, scheduler: null });
    expect(await runBackupJob(db.orm, broken, '2026-12-09T01:00:00.000Z')).toMatchObject({ error: expect.any(Error) });
    const graph = (await oracle()).backupSchedule;
    expect(graph.health).toBe('FAILING');

    const { page } = await openSignedIn(['system-admin']);
    const failure = page.locator('#backup dd').nth(6);
    await expect.poll(() => failure.innerText()).toContain(graph.lastFailure?.error ?? '(no reason)');
    expect(await page.locator('#backup dd .health').innerText()).toBe('Failing');
    expect(await page.locator('#backup dd').nth(3).innerText()).toContain(path.join(dir, 'backups'));
    await page.context().close();
  });
});
