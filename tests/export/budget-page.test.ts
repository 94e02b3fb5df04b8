import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../connectors/formats/csv.js';
import { signToken } from '../../src/auth/jwt.js';
import type { Role } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import { BUDGET_SCRIPT_FILE } from '../../src/export/page/index.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { launchBrowser, recordPage } from '../support/browser.js';
import type { TestHub } from '../support/hub.js';
import { demoMalawiHub } from '../mapping/projection/demo-hub.js';

/**
 * The budget officers' page, end to end: a real hub on an ephemeral port over the demo's Malawi,
 * driven in headless Chromium. The officer chooses filters, reads the totals by vote and sector and
 * the first rows, and downloads both files; every figure is checked against the graph itself.
 */
const SECRET = 'a-budget-page-test-secret-0123456789abcdef';

let demo: TestHub;
let hub: Hub;
let server: Server;
let browser: Browser;
let base: string;
let issuer: string;
const contexts: BrowserContext[] = [];

const token = (subject: string, ...roles: Role[]) =>
  signToken({ key: new TextEncoder().encode(SECRET), issuer }, { subject, roles, expiresIn: 3600 });

interface KindTotal {
  amount: string;
  onTreasury: string;
  offTreasury: string;
}
interface Answer {
  totalCount: number;
  all: { amounts: { disbursed: KindTotal } }[];
  votes: { key: { code: string | null }; amounts: { disbursed: KindTotal } }[];
  sectors: { key: { sector: string | null }; amounts: { disbursed: KindTotal } }[];
  rows: { iatiIdentifier: string }[];
}

/** The graph itself, over HTTP: the oracle the page is checked against. */
async function oracle(filter: Record<string, unknown>): Promise<Answer> {
  const totals = 'amounts { disbursed { amount onTreasury offTreasury } }';
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($filter: AidProjectionFilter!) { aidProjection(filter: $filter) { totalCount
        all: totals { ${totals} } votes: totals(by: ["code"]) { key { code } ${totals} }
        sectors: totals(by: ["sector"]) { key { sector } ${totals} } rows(limit: 20) { iatiIdentifier } } }`,
      variables: { filter },
    }),
  });
  return ((await response.json()) as { data: { aidProjection: Answer } }).data.aidProjection;
}

/** "8494957.31" → "8,494,957.31", by another road than the page's. */
function withSeparators(decimal: string): string {
  const [whole = '', fraction] = new Decimal(decimal).toFixed(2).split('.');
  return (whole.startsWith('-') ? '-' : '') + BigInt(whole.replace('-', '')).toLocaleString('en-US') + `.${fraction}`;
}

const texts = (locator: Locator): Promise<string[]> => locator.allInnerTexts().then((all) => all.map((t) => t.trim()));
const sum = (values: readonly (string | number | null | undefined)[]) =>
  values.reduce<Decimal>((total, v) => total.plus(v === null || v === undefined || v === '' ? 0 : String(v)), new Decimal(0)).toFixed(2);

async function openPage(): Promise<{ page: Page; log: ReturnType<typeof recordPage> }> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const log = recordPage(page);
  await page.goto(`${base}/budget`);
  await page.locator('#vote-totals table').waitFor();
  return { page, log };
}

async function signIn(page: Page, bearer: string, who: RegExp): Promise<void> {
  await page.getByLabel('Bearer token').fill(bearer);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('#who').innerText()).toMatch(who);
}

/** Fiscal year 2024/25, off treasury, amounts in US dollars. */
async function chooseFilters(page: Page): Promise<void> {
  await page.locator('#budget-years').selectOption(['2024']);
  await page.getByRole('group', { name: 'On treasury' }).getByLabel('off').check();
  await page.getByLabel('Currency of presentation').fill('USD');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect.poll(() => page.locator('#vote-totals caption').innerText()).toBe('Disbursed by vote, USD');
  await expect.poll(() => page.locator('#status').innerText()).toMatch(/rows; total disbursed [\d,.]+ USD/);
}

const FILTER = { country: 'MW', fiscalYears: ['2024'], treasury: ['off'], currency: 'USD' };

beforeAll(async () => {
  demo = await demoMalawiHub();
  const auth = loadConfig({ NODE_ENV: 'test', TRIBUTARY_JWT_SECRET: SECRET, TRIBUTARY_PUBLIC_DOMAINS: 'aid,finance,mapping,sync' }).auth;
  issuer = auth.jwtIssuer;
  hub = await createHub(demo.db.orm, { development: false, auth, downloadLog: () => undefined });
  server = await listen(hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
}, 240_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await hub?.close();
  await demo?.close();
});

describe('the budget page', () => {
  it('is served by the hub with everything it needs: no request leaves it, nothing breaks its Content-Security-Policy', async () => {
    const { page, log } = await openPage();
    const response = await page.goto(`${base}/budget/`);
    expect(page.url()).toBe(`${base}/budget`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('#vote-totals table').waitFor();
    await page.locator('#vote-chart svg rect').first().waitFor();
    expect(await page.locator('script:not([src]), [onclick], [onload], [onsubmit], [style]').count()).toBe(0);
    expect(log.requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    expect(log.requests.filter((url) => /\.m?js$/.test(new URL(url).pathname))).toContain(`${base}/budget/app.js`);
    expect(log.errors).toEqual([]);
    const script = await fetch(`${base}/budget/app.js`);
    expect(await script.text()).toBe(await readFile(BUDGET_SCRIPT_FILE, 'utf8'));
    expect((await fetch(`${base}/budget/view.js`)).status).toBe(404);
  });

  it('shows the totals by vote and by sector, the chart and the first rows of the filters chosen, as the graph gives them', async () => {
    const { page } = await openPage();
    await chooseFilters(page);
    const graph = await oracle(FILTER);
    expect(graph.totalCount).toBeGreaterThan(5);
    // By vote: the Total column (8th), one row per vote, as the graph's totals by code.
    const voteRows = page.locator('table.votes tbody tr');
    const shownVotes = await Promise.all((await voteRows.all()).map((row) => texts(row.locator('td'))));
    expect(shownVotes.map((cells) => [cells[0], cells[7]]).sort()).toEqual(
      graph.votes.map((t) => [t.key.code ?? 'unmapped', withSeparators(t.amounts.disbursed.amount)]).sort(),
    );
    // On, partly, off and unknown budget add up to each vote's total.
    for (const cells of shownVotes)
      expect(sum(cells.slice(3, 7).map((c) => c.replace(/,/g, '')))).toBe(new Decimal(cells[7]!.replace(/,/g, '')).toFixed(2));
    const shownSectors = await Promise.all((await page.locator('table.sectors tbody tr').all()).map((row) => texts(row.locator('td'))));
    expect(shownSectors.map((cells) => [cells[0], cells[2]]).sort()).toEqual(
      graph.sectors.map((t) => [t.key.sector ?? 'none reported', withSeparators(t.amounts.disbursed.amount)]).sort(),
    );
    expect(await texts(page.locator('table.preview tbody tr td:first-child'))).toEqual(graph.rows.map((r) => r.iatiIdentifier));
    expect(await page.locator('table.preview caption').innerText()).toBe(
      `The first ${Math.min(20, graph.totalCount)} of ${graph.totalCount} rows`,
    );
    // The chart: one bar group per vote (at most 15), the share on treasury said beside it.
    expect(await page.locator('#vote-chart svg g.vote').count()).toBe(Math.min(15, graph.votes.length));
    const grand = graph.all[0]!.amounts.disbursed;
    const known = new Decimal(grand.onTreasury).plus(grand.offTreasury);
    const share = known.isZero() ? '—' : `${Number(new Decimal(grand.onTreasury).div(known).times(100).toFixed(1))}\u00a0%`;
    expect(await page.locator('#vote-chart').innerText()).toContain(`with a known treasury status, ${share} is on treasury.`);
    expect(await page.locator('#status').innerText()).toContain(`total disbursed ${withSeparators(grand.amount)} USD`);
  });

  it('downloads the CSV and the XLSX of the filters chosen with the officer’s token, their rows and totals the graph’s', async () => {
    const { page } = await openPage();
    await signIn(
      page,
      await token('officer@finance.gov.mw', 'budget-officer'),
      /^Signed in as officer@finance\.gov\.mw \(budget-officer\)/,
    );
    await chooseFilters(page);
    const graph = await oracle(FILTER);
    const grand = graph.all[0]!.amounts.disbursed.amount;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('aid-on-budget-MW-2024-treasury-off.csv');
    // Saved by following a single-use ticket's link (streamed to disk), not from a blob the page held.
    expect(csv.url()).toMatch(/\/export\/budget\?ticket=[\w-]{43}$/);
    const text = await readFile((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = readCsvRecords(text.slice(1));
    expect(records).toHaveLength(graph.totalCount);
    expect(sum(records.map((r) => r['Disbursed']))).toBe(new Decimal(grand).toFixed(2));
    expect(new Set(records.map((r) => r['Currency of presentation']))).toEqual(new Set(['USD']));
    await expect.poll(() => page.locator('#status').innerText()).toBe('The CSV file is downloading: your browser saves it as it comes.');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download XLSX' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('aid-on-budget-MW-2024-treasury-off.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ExcelJS.Buffer);
    const aid = workbook.getWorksheet('Aid on budget')!;
    expect(aid.rowCount - 1).toBe(graph.totalCount);
    const column = ((aid.getRow(1).values as unknown[]).slice(1) as string[]).indexOf('Disbursed') + 1;
    const values = Array.from({ length: graph.totalCount }, (_, i) => aid.getRow(i + 2).getCell(column).value as number | null);
    expect(sum(values)).toBe(new Decimal(grand).toFixed(2));
    const filters = new Map((workbook.getWorksheet('Filters')!.getSheetValues() as unknown[][]).slice(2).map((row) => [row[1], row[2]]));
    expect(filters.get('Generated by')).toBe('officer@finance.gov.mw (jwt)');
  });

  it('tells a reader without a token to sign in, and one without the role what the hub refused', async () => {
    const { page } = await openPage();
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.getByRole('button', { name: 'Download XLSX' }).click();
    await expect.poll(() => page.locator('#status').innerText()).toMatch(/^Sign in with a budget-officer or analyst token to download/);
    await signIn(
      page,
      await token('registrar', 'registry-officer'),
      /This token cannot download \(it needs the budget-officer or analyst role\)/,
    );
    await page.getByRole('button', { name: 'Download CSV' }).click();
    await expect
      .poll(() => page.locator('#status').innerText())
      .toBe(
        'The download was refused (HTTP 403, FORBIDDEN): downloads are for the budget-officer and analyst roles; registrar has registry-officer',
      );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, await token('analyst', 'analyst'), /^Signed in as analyst \(analyst\)/);
    await page.getByLabel('Currency of presentation').fill('12$');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    await expect
      .poll(() => page.locator('#status').innerText())
      .toBe('The download was refused (HTTP 400, BAD_USER_INPUT): currency: "12$" is not an ISO 4217 currency code');
    expect(downloads).toBe(0);
  });
});
