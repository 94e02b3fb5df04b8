import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { signToken } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { launchBrowser, recordPage } from '../support/browser.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

const SECRET = 'an-admin-page-test-secret-0123456789abcdef';

let db: TestDatabase;
let hub: Hub;
let server: Server;
let browser: Browser;
let base: string;
let adminToken: string;

beforeAll(async () => {
  db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const file of [sample('iati', 'activities', 'v1', 'dfid-TZ.xml'), sample('iati', 'activities', 'v2', 'ifad-activity.xml')]) {
    const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
    expect(result.status, result.error?.message).toBe('succeeded');
  }
  await db.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
  const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET }).auth;
  hub = await createHub(db.orm, { development: false, auth });
  server = await listen(hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  adminToken = await signToken({ key: new TextEncoder().encode(SECRET), issuer: auth.jwtIssuer }, { subject: 'aims.admin', roles: ['mapping-admin'], expiresIn: 3600 });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await hub?.close();
  await db?.close();
});

describe('explore', () => {
  it('loads', async () => {
    const context: BrowserContext = await browser.newContext();
    const page: Page = await context.newPage();
    const log = recordPage(page);
    await page.goto(`${base}/admin`);
    await page.locator('table.unmapped').waitFor();
    console.log(await page.locator('table.totals').innerText());
    console.log(await page.locator('table.unmapped').innerText());
    await page.screenshot({ path: '/tmp/admin-coverage.png', fullPage: true });
    console.log(log, adminToken.length);
    await context.close();
  }, 120_000);
});
