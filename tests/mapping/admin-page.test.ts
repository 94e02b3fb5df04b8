import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importIatiFile } from '../../connectors/iati/import.js';
import { signToken } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { ADMIN_SCRIPT_FILE } from '../../src/mapping/admin/index.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { launchBrowser, recordPage } from '../support/browser.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { sample } from '../support/sample-data.js';

/**
 * The mapping admin page, end to end: a real hub on an ephemeral port over DFID's Tanzania
 * portfolio, IFAD (DAC 3-digit sectors) and the Global Fund in Malawi, with the mappings applied,
 * driven in headless Chromium. The scenarios build on each other, in order: the rule the admin
 * creates is the one whose history is read at the end.
 */
const SECRET = 'an-admin-page-test-secret-0123456789abcdef';
const IFAD = 'XM-DAC-41108';
const HEADER = 'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason';

let db: TestDatabase;
let hub: Hub;
let server: Server;
let browser: Browser;
let base: string;
let adminToken: string;
let sheets: string;
const contexts: BrowserContext[] = [];

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; problems?: Problem[] } }[];
}
interface Problem {
  row: number | null;
  field: string;
  code: string;
  message: string;
}

/** The graph itself, over HTTP: the oracle the page is checked against. */
async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphqlAnswer<T>> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlAnswer<T>;
}

interface Rule {
  id: string;
  targetCode: string;
  version: number;
  status: string;
  origin: string;
  changedBy: string;
  reason: string;
}
async function rulesOf(sourceScheme: string, sourceCode: string, status = ['active', 'retired']): Promise<Rule[]> {
  const answer = await graphql<{ mappingRules: { nodes: Rule[] } }>(
    'query($filter: MappingRuleFilter) { mappingRules(filter: $filter) { nodes { id targetCode version status origin changedBy reason } } }',
    { filter: { sourceScheme: [sourceScheme], sourceCode: [sourceCode], status } },
  );
  return answer.data!.mappingRules.nodes;
}

/** "8494957.31" → "8,494,957.31", by another road than the page's. */
function withSeparators(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  return BigInt(whole).toLocaleString('en-US') + (fraction === undefined ? '' : `.${fraction}`);
}

async function openPage(view = '', token?: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/admin/mappings${view}`);
  if (token) await signIn(page, token);
  return page;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('#who').innerText()).toMatch(/^Signed in as aims\.admin \(mapping-admin\), until /);
}

const texts = (locator: Locator): Promise<string[]> => locator.allInnerTexts().then((all) => all.map((t) => t.trim()));
const cellsOf = (row: Locator): Promise<string[]> => texts(row.locator('td'));
const status = (page: Page): Promise<string> => page.locator('#status').innerText();

function unmappedRow(page: Page, donor: string, code: string, currency: string): Locator {
  return page
    .locator('table.unmapped tbody tr')
    .filter({ hasText: donor })
    .filter({ has: page.locator('td:nth-child(3)', { hasText: new RegExp(`^${code}$`) }) })
    .filter({ has: page.locator('td:nth-child(4)', { hasText: currency }) });
}

beforeAll(async () => {
  db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const file of [
    sample('iati', 'activities', 'v1', 'dfid-TZ.xml'),
    sample('iati', 'activities', 'v2', 'ifad-activity.xml'),
    sample('iati', 'activities', 'v1', 'IATIfromGF.xml'),
  ]) {
    const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
    expect(result.status, result.error?.message).toBe('succeeded');
  }
  await db.orm.em.fork().transactional(async (em) => applyToActivities(em, await activitiesToApply(em, 'all')));
  // As the demo serves it: the public-data domains readable before signing in.
  const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET, TRIBUTARY_PUBLIC_DOMAINS: 'aid,finance,mapping,sync' }).auth;
  hub = await createHub(db.orm, { development: false, auth });
  server = await listen(hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  adminToken = await signToken(
    { key: new TextEncoder().encode(SECRET), issuer: auth.jwtIssuer },
    { subject: 'aims.admin', roles: ['mapping-admin'], expiresIn: 3600 },
  );
  sheets = await mkdtemp(path.join(tmpdir(), 'tributary-admin-page-'));
  browser = await launchBrowser();
}, 180_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await hub?.close();
  await db?.close();
  if (sheets) await rm(sheets, { recursive: true, force: true });
});

describe('the mapping admin page', () => {
  it('is served by the hub with everything it needs: no request leaves it, nothing breaks its Content-Security-Policy', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const log = recordPage(page);
    const response = await page.goto(`${base}/admin`);
    expect(page.url()).toBe(`${base}/admin/mappings`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    await page.locator('table.unmapped').waitFor();
    for (const [link, shown] of [
      ['Rules', 'table.rules'],
      ['Upload a sheet', '#upload-form'],
      ['Organisations', '#organisations-result :is(table, p)'],
    ]) {
      await page.getByRole('link', { name: link! }).click();
      await page.locator(shown!).first().waitFor();
    }
    expect(await page.locator('script:not([src]), [onclick], [onload], [onsubmit], [style]').count()).toBe(0);
    expect(log.requests.length).toBeGreaterThan(10);
    expect(log.requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    expect(log.requests.filter((url) => /\.m?js$/.test(new URL(url).pathname))).toEqual([`${base}/admin/mappings/app.js`]);
    expect(log.errors).toEqual([]);
  }, 120_000);

  it('runs one script, bundled at build time from every module of src/mapping/admin/browser; the modules are not served one by one', async () => {
    const response = await fetch(`${base}/admin/mappings/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await response.text();
    expect(script).toBe(await readFile(ADMIN_SCRIPT_FILE, 'utf8'));
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    const modules = (await readdir(path.join(import.meta.dirname, '../../src/mapping/admin/browser'))).filter((f) => f.endsWith('.ts'));
    expect(modules.length).toBeGreaterThan(5);
    for (const module of modules) {
      expect(script, module).toContain(`// src/mapping/admin/browser/${module}`);
      const alone = await fetch(`${base}/admin/mappings/${module.replace(/\.ts$/, '.js')}`);
      expect(alone.status, module).toBe(module === 'app.ts' ? 200 : 404);
    }
  }, 120_000);

  it('shows the DAC 3-digit category IFAD reports (430) as unmapped in COFOG, with its exact amounts', async () => {
    const answer = await graphql<{
      mappingCoverage: { unmapped: { donorRef: string; sourceScheme: string; sourceCode: string; currency: string; amount: string }[] };
    }>('{ mappingCoverage(segment: "cofog") { unmapped { donorRef sourceScheme sourceCode currency amount } } }');
    const ifad = answer.data!.mappingCoverage.unmapped.filter((u) => u.donorRef === IFAD && u.sourceCode === '430');
    expect(ifad.map((u) => u.currency).sort()).toEqual(['USD', 'XDR']);
    const page = await openPage();
    await page.locator('table.unmapped').waitFor();
    for (const row of ifad) {
      const cells = await cellsOf(unmappedRow(page, IFAD, '430', row.currency));
      expect(cells.slice(1, 5)).toEqual(['dac3', '430', row.currency, withSeparators(row.amount)]);
      expect(cells[4]).toMatch(/^\d{1,3}(,\d{3})+\.\d{2}$/);
    }
    const xdr = await cellsOf(page.locator('table.totals tbody tr', { hasText: 'XDR' }));
    expect(xdr.slice(2, 5)).toEqual(['0.00', withSeparators(ifad.find((u) => u.currency === 'XDR')!.amount), '0\u00a0%']);
  }, 120_000);

  it('refuses to map without a mapping-admin token: the dialog says FORBIDDEN and how to sign in, and nothing is stored', async () => {
    const page = await openPage();
    await unmappedRow(page, IFAD, '430', 'XDR').getByRole('button', { name: /^Map…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New rule' });
    await dialog.getByLabel('Target code').fill('04.2.1');
    await dialog.getByLabel('Reason').fill('IFAD rural development is agriculture');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').innerText())
      .toMatch(/^Not allowed \(FORBIDDEN\): Mutation\.createMappingRule needs the role mapping-admin/);
    expect(await dialog.getByRole('alert').innerText()).toContain('Sign in with a mapping-admin token');
    expect(await dialog.isVisible()).toBe(true);
    expect(await rulesOf('dac3', '430')).toEqual([]);
  }, 120_000);

  it('maps it through the form (dac3 430 → COFOG 04.2.1, with a reason), and the coverage shows the money mapped', async () => {
    const page = await openPage('', adminToken);
    await unmappedRow(page, IFAD, '430', 'XDR').getByRole('button', { name: /^Map…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New rule' });
    for (const [label, value] of [
      ['Source scheme', 'dac3'],
      ['Source code', '430'],
      ['Target scheme', 'cofog'],
      ['Country', ''],
      ['Share (per cent)', '100'],
    ]) {
      expect(await dialog.getByLabel(label!, { exact: true }).inputValue(), label).toBe(value);
    }
    await dialog.getByLabel('Target code').fill('04.2.1');
    await dialog.getByLabel('Reason').fill('IFAD rural development is agriculture');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await expect
      .poll(() => status(page))
      .toMatch(/^Rule \d+ created: dac3 430 → cofog 04\.2\.1, 100\u00a0%, all years\. \d+ activit(y|ies) re-applied\.$/);
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => unmappedRow(page, IFAD, '430', 'XDR').count()).toBe(0);
    expect(await unmappedRow(page, IFAD, '430', 'USD').count()).toBe(0);
    const xdr = await cellsOf(page.locator('table.totals tbody tr', { hasText: 'XDR' }));
    expect(xdr.slice(3, 5)).toEqual(['0.00', '100\u00a0%']);
    expect(await rulesOf('dac3', '430')).toEqual([
      expect.objectContaining({
        targetCode: '04.2.1',
        version: 1,
        status: 'active',
        origin: 'admin',
        changedBy: 'aims.admin',
        reason: 'IFAD rural development is agriculture',
      }),
    ]);
  }, 120_000);

  it('lists every problem of a refused sheet with its row and column, and changes nothing', async () => {
    const csv = [
      HEADER,
      ',dac5,99999,cofog,07.4.0,100,,,No such purpose code',
      ',dac5,12220,cofog,07.2.1,60,,,Basic health care: outpatient',
      ',dac5,12220,cofog,07.4.0,30,,,Basic health care: public health',
      ',dac5,11110,cofog,09.8.0,100,,,',
    ].join('\n');
    const file = path.join(sheets, 'refused.csv');
    await writeFile(file, `${csv}\n`);
    const refused = await graphql(
      'mutation($c: String!) { uploadMappingSheet(fileName: "refused.csv", content: $c) { rows } }',
      { c: Buffer.from(`${csv}\n`).toString('base64') },
      adminToken,
    );
    const problems = refused.errors?.[0]?.extensions?.problems ?? [];
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual(
      expect.arrayContaining([
        [2, 'source_code', 'UNKNOWN_CODE'],
        [3, 'share', 'SHARES_NOT_100'],
        [5, 'reason', 'MISSING_REASON'],
      ]),
    );

    const page = await openPage('#upload', adminToken);
    await page.getByLabel('Mapping sheet').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('table.problems').waitFor();
    expect(await status(page)).toBe(`refused.csv was refused: nothing was changed (${problems.length} problems, listed below).`);
    const rows = await Promise.all((await page.locator('table.problems tbody tr').all()).map(cellsOf));
    expect(rows).toEqual(problems.map((p) => [p.row === null ? 'file' : String(p.row), p.field, p.message, p.code]));
    expect(await rulesOf('dac5', '99999')).toEqual([]);
    expect((await rulesOf('dac5', '12220')).map((r) => r.origin)).not.toContain('sheet');
  }, 120_000);

  it('applies a valid sheet and shows what it changed', async () => {
    const file = path.join(sheets, 'energy.csv');
    await writeFile(
      file,
      [
        HEADER,
        ',dac5,23010,cofog,04.3.5,60,,,DFID energy policy: mostly electricity',
        ',dac5,23010,cofog,04.3.6,40,,,DFID energy policy: gas and oil',
        '',
      ].join('\n'),
    );
    const page = await openPage('#upload', adminToken);
    await page.getByLabel('Mapping sheet').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.locator('dl.summary').waitFor();
    expect(await status(page)).toBe('energy.csv was applied: 2 created, 0 changed, 0 retired, 0 unchanged; 1 activity re-applied.');
    const terms = await texts(page.locator('dl.summary dt'));
    const counts = await texts(page.locator('dl.summary dd'));
    expect(Object.fromEntries(terms.map((term, i) => [term, counts[i]]))).toEqual({
      'Rows read': '2',
      'Rules created': '2',
      'Rules changed': '0',
      'Rules retired': '0',
      'Rules unchanged': '0',
      'Activities re-applied': '1',
    });
    expect((await rulesOf('dac5', '23010')).map((r) => [r.targetCode, r.origin])).toEqual([
      ['04.3.5', 'sheet'],
      ['04.3.6', 'sheet'],
    ]);
  }, 120_000);

  it('keeps every version of a rule: after an edit its history shows both, with who, when, why and what changed', async () => {
    const [rule] = await rulesOf('dac3', '430');
    const page = await openPage('#rules', adminToken);
    const filters = page.locator('#rules-form');
    await filters.getByLabel('Source scheme').selectOption('dac3');
    await filters.getByLabel('Source code').fill('430');
    await filters.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => page.locator('table.rules tbody tr').count()).toBe(1);

    await page.getByRole('button', { name: `Edit rule ${rule!.id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Change rule' });
    expect(await dialog.getByLabel('Target code').inputValue()).toBe('04.2.1');
    await dialog.getByLabel('Target code').fill('04.2.2');
    await dialog.getByLabel('Reason').fill('The IFAD project plants trees: forestry');
    await dialog.getByRole('button', { name: 'Save a new version' }).click();
    await expect.poll(() => status(page)).toMatch(new RegExp(`^Rule ${rule!.id} changed \\(version 2\\): dac3 430 → cofog 04\\.2\\.2`));
    await expect.poll(async () => (await cellsOf(page.locator('table.rules tbody tr')))[7]).toBe('2');

    await page.getByRole('button', { name: `History of rule ${rule!.id}` }).click();
    await expect.poll(() => page.locator('table.history tbody tr').count()).toBe(2);
    const history = await Promise.all((await page.locator('table.history tbody tr').all()).map(cellsOf));
    const byVersion = Object.fromEntries(history.map((cells) => [cells[0], cells]));
    expect(byVersion['1']).toEqual([
      '1',
      'create',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
      'aims.admin',
      'IFAD rural development is agriculture',
      '—',
      'dac3 430 → cofog 04.2.1, 100\u00a0%, all years',
    ]);
    expect(byVersion['2']).toEqual([
      '2',
      'update target 04.2.1 → 04.2.2',
      expect.stringMatching(/ UTC$/),
      'aims.admin',
      'The IFAD project plants trees: forestry',
      'dac3 430 → cofog 04.2.1, 100\u00a0%, all years',
      'dac3 430 → cofog 04.2.2, 100\u00a0%, all years',
    ]);
  }, 120_000);

  it('retires a rule only with a reason: it leaves the active rules and is kept, retired, as version 3', async () => {
    const [rule] = await rulesOf('dac3', '430');
    const page = await openPage('#rules', adminToken);
    await page.locator('#rules-form').getByLabel('Source code').fill('430');
    await page.locator('#rules-form').getByRole('button', { name: 'Find' }).click();
    await page.getByRole('button', { name: `Retire rule ${rule!.id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Retire rule' });
    await dialog.getByLabel('Reason').fill('   ');
    await dialog.getByRole('button', { name: 'Retire the rule' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/^Say why/);
    expect((await rulesOf('dac3', '430'))[0]?.status).toBe('active');

    await dialog.getByLabel('Reason').fill('IFAD reports DAC 5-digit codes from 2025');
    await dialog.getByRole('button', { name: 'Retire the rule' }).click();
    await expect.poll(() => status(page)).toMatch(new RegExp(`^Rule ${rule!.id} retired: dac3 430 → cofog 04\\.2\\.2`));
    await expect.poll(() => page.locator('#rules-table').innerText()).toBe('No rule matches.');
    expect(await rulesOf('dac3', '430')).toEqual([
      expect.objectContaining({ status: 'retired', version: 3, reason: 'IFAD reports DAC 5-digit codes from 2025' }),
    ]);
  }, 120_000);

  it('pages through the rules, forwards and back', async () => {
    const page = await openPage('#rules');
    const range = page.locator('#rules-range');
    await expect.poll(() => range.innerText()).toMatch(/^1–25 of [\d,]+$/);
    const total = (await range.innerText()).split(' of ')[1];
    const first = await texts(page.locator('table.rules tbody tr td:first-child'));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => range.innerText()).toBe(`26–50 of ${total}`);
    const second = await texts(page.locator('table.rules tbody tr td:first-child'));
    expect(second).toHaveLength(25);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => range.innerText()).toBe(`1–25 of ${total}`);
    expect(await texts(page.locator('table.rules tbody tr td:first-child'))).toEqual(first);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
  }, 120_000);

  it('says plainly when the hub refuses the token (UNAUTHENTICATED), and browses again once signed out', async () => {
    const forged = await signToken(
      {
        key: new TextEncoder().encode('not-this-hub-secret-0123456789abcdefghij'),
        issuer: loadConfig({ NODE_ENV: 'test' }).auth.jwtIssuer,
      },
      { subject: 'aims.admin', roles: ['mapping-admin'], expiresIn: 3600 },
    );
    const page = await openPage('', forged);
    await page.locator('#coverage-form').getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => status(page))
      .toMatch(
        /^The hub refused the token \(UNAUTHENTICATED\): the bearer token was refused: its signature does not match this hub’s secret\nSign out/,
      );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#coverage-form').getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => status(page)).toMatch(/^Coverage of cofog: /);
  }, 120_000);

  it('approves an organisation suggestion: the rule names the national entity, and the organisation leaves the list', async () => {
    const page = await openPage('#organisations', adminToken);
    await page.locator('#organisations-form').getByLabel('Country').selectOption('MW');
    await page.locator('#organisations-form').getByRole('button', { name: 'Show' }).click();
    const name = 'The Ministry of Health of the Republic of Malawi';
    const row = page.locator('table.organisations tbody tr', { hasText: name });
    await row.waitFor();
    expect(await cellsOf(row)).toEqual([
      name,
      'org-name',
      expect.stringMatching(/^USD \d{1,3}(,\d{3})*\.\d{2}$/),
      '2',
      expect.stringContaining('310 Ministry of Health'),
    ]);
    await row.getByRole('button', { name: /^Approve Ministry of Health/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New rule' });
    expect(await dialog.getByLabel('Source code').inputValue()).toBe(name);
    expect(await dialog.getByLabel('Target code').inputValue()).toBe('310');
    expect(await dialog.getByLabel('Country', { exact: true }).inputValue()).toBe('MW');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await expect
      .poll(() => status(page))
      .toMatch(new RegExp(`^Rule \\d+ created: MW: org-name ${name} → coa:\\S+ 310, 100\u00a0%, all years\\.`));
    await expect.poll(() => row.count()).toBe(0);
    expect(await rulesOf('org-name', name)).toEqual([
      expect.objectContaining({ targetCode: '310', changedBy: 'aims.admin', reason: expect.stringContaining('Ministry of Health') }),
    ]);
  }, 120_000);
});
