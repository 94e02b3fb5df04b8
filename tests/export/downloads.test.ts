import { request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../connectors/formats/csv.js';
import { signToken } from '../../src/auth/jwt.js';
import type { Role } from '../../src/auth/viewer.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import type { TestHub } from '../support/hub.js';
import { demoMalawiHub } from '../mapping/projection/demo-hub.js';
import { writeBulkIati } from './bulk-iati.js';

/**
 * GET /export/budget and /export/iati on a served hub over the demo's Malawi: who may download
 * (401, 403), bad parameters refused naming them before any byte of file (400), the file read back
 * equal to the graph's rows and totals, hostile concurrency (429, the pool never exhausted), a
 * client leaving mid-download (nothing left running), the shared rate limit, and the download log.
 */
const SECRET = 'a-downloads-test-secret-0123456789abcdefghij';
const API_KEY = 'the-ifmis-machine-key-0123456789';

interface Served {
  readonly hub: Hub;
  readonly server: Server;
  readonly base: string;
  readonly log: string[];
  /** The most downloads seen running at once (sampled as each ends). */
  readonly peak: () => number;
}

let demo: TestHub;
let served: Served;
let issuer: string;

async function serve(env: Record<string, string> = {}, stallMs?: number, ticketMs?: number): Promise<Served> {
  const config = loadConfig({
    NODE_ENV: 'test',
    TRIBUTARY_JWT_SECRET: SECRET,
    TRIBUTARY_PUBLIC_DOMAINS: 'aid,finance,mapping,sync',
    TRIBUTARY_API_KEYS: `ifmis-sync:analyst:${API_KEY},registry-sync:registry-officer:${API_KEY}-registry`,
    TRIBUTARY_IATI_ORG_REF: 'MW-MOFEPD-1',
    TRIBUTARY_IATI_ORG_NAME: 'Ministry of Finance, Malawi',
    ...env,
  });
  issuer = config.auth.jwtIssuer;
  const log: string[] = [];
  let peak = 0;
  const hub: Hub = await createHub(demo.db.orm, {
    development: false,
    auth: config.auth,
    limits: config.limits,
    iatiPublisher: config.iatiPublisher,
    downloadLog: (line) => {
      log.push(line);
      // Logged before its slot is given back: the downloads running then include this one.
      peak = Math.max(peak, hub.downloads?.active ?? 0);
    },
    downloadStallMs: stallMs,
    downloadTicketMs: ticketMs,
  });
  const server = await listen(hub, 0, '127.0.0.1');
  const address = server.address();
  return { hub, server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, log, peak: () => peak };
}

async function stop(s: Served | undefined): Promise<void> {
  if (!s) return;
  const closed = new Promise((resolve) => s.server.close(resolve));
  // A keep-alive connection can open while the server closes; cut each until it has.
  const cutting = setInterval(() => s.server.closeAllConnections(), 100);
  s.server.closeAllConnections();
  await closed.finally(() => clearInterval(cutting));
  await s.hub.close();
}

const token = (subject: string, ...roles: Role[]) =>
  signToken({ key: new TextEncoder().encode(SECRET), issuer }, { subject, roles, expiresIn: 600 });

async function get(path: string, headers: Record<string, string> = {}, base = served.base): Promise<Response> {
  return fetch(`${base}${path}`, { headers });
}

const bearer = async (...roles: Role[]) => ({ authorization: `Bearer ${await token('officer@finance.gov.mw', ...roles)}` });

interface Total {
  key: { code?: string | null };
  rows: number;
  amounts: { disbursed: { amount: string; onTreasury: string; offTreasury: string } };
}

async function graph(
  filter: Record<string, unknown>,
): Promise<{ totalCount: number; totals: Total[]; rows: { iatiIdentifier: string }[] }> {
  const response = await fetch(`${served.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($filter: AidProjectionFilter!) { aidProjection(filter: $filter) { totalCount
        totals(by: ["code"]) { key { code } rows amounts { disbursed { amount onTreasury offTreasury } } }
        rows(limit: 1000) { iatiIdentifier } } }`,
      variables: { filter },
    }),
  });
  const body = (await response.json()) as { data: { aidProjection: Awaited<ReturnType<typeof graph>> } };
  return body.data.aidProjection;
}

const sum = (values: readonly (string | number | null | undefined)[]) =>
  values.reduce<Decimal>((total, v) => total.plus(v === null || v === undefined || v === '' ? 0 : String(v)), new Decimal(0)).toFixed(2);

/** Mexico: the demo's activities copied many times over, for downloads that last (see bulk-iati.ts). */
const BULK = '/export/budget?country=MX&quarters=true&format=csv';

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tributary-downloads-'));
  demo = await demoMalawiHub({ iati: await writeBulkIati(dir, 'MX', 25) });
  served = await serve();
}, 240_000);

afterAll(async () => {
  await stop(served);
  await demo?.close();
});

describe('who may download', () => {
  it('refuses an anonymous caller 401 with a Bearer challenge, and a wrong token or key 401 naming why', async () => {
    const anonymous = await get('/export/budget?country=MW');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="tributary"/);
    expect(await anonymous.json()).toMatchObject({
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/need credentials/) },
    });
    const forged = await get('/export/budget?country=MW', {
      authorization: `Bearer ${(await token('x', 'budget-officer')).slice(0, -4)}AAAA`,
    });
    expect(forged.status).toBe(401);
    const key = await get('/export/iati?country=MW', { 'x-api-key': 'not-a-key-0123456789abcdef' });
    expect(key.status).toBe(401);
    expect(((await key.json()) as { error: { message: string } }).error.message).toMatch(/matches no API key/);
  });

  it.each([['registry-officer'], ['mapping-admin']] as [Role][])('refuses the %s role 403, naming the roles that may', async (role) => {
    const response = await get('/export/budget?country=MW&format=csv', await bearer(role));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: `downloads are for the budget-officer and analyst roles; officer@finance.gov.mw has ${role}` },
    });
    const key = await get('/export/iati?country=MW', { 'x-api-key': `${API_KEY}-registry` });
    expect(key.status).toBe(403);
  });

  it.each([['budget-officer'], ['analyst'], ['system-admin']] as [Role][])('serves the %s role', async (role) => {
    const response = await get('/export/budget?country=MW&fy=2024/25&format=csv', await bearer(role));
    expect(response.status).toBe(200);
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('serves a machine client by its API key (analyst), and only GET and POST', async () => {
    const response = await get('/export/budget?country=MW&fy=2024/25&format=csv', { 'x-api-key': API_KEY });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(served.log.at(-1)).toMatch(/^download \/export\/budget\?country=MW&fy=2024\/25&format=csv by api-key:ifmis-sync \(analyst\): /);
    const put = await fetch(`${served.base}/export/budget?country=MW`, { method: 'PUT', headers: { 'x-api-key': API_KEY } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('logs every refusal like a download: who (or from where), what was asked, the status and why', async () => {
    const before = served.log.length;
    expect((await get('/export/budget?country=MW&format=csv')).status).toBe(401);
    expect((await get('/export/budget?country=MW&format=csv', await bearer('registry-officer'))).status).toBe(403);
    expect((await get('/export/budget?country=MW&format=pdf', await bearer('analyst'))).status).toBe(400);
    const lines = served.log.slice(before);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^download \/export\/budget\?country=MW&format=csv by 127\.0\.0\.1: refused \(401: downloads need credentials/,
    );
    expect(lines[1]).toMatch(
      /^download \/export\/budget\?country=MW&format=csv by jwt:officer@finance\.gov\.mw \(registry-officer\): refused \(403: downloads are for /,
    );
    expect(lines[2]).toMatch(/by jwt:officer@finance\.gov\.mw \(analyst\): refused \(400: format: /);
  });
});

describe('download tickets (how the page saves a file to disk)', () => {
  const ask = async (query: string, headers: Record<string, string>, base = served.base) =>
    fetch(`${base}/export/budget?${query}`, { method: 'POST', headers });
  const ticketOf = async (response: Response) => {
    expect(response.status).toBe(201);
    const body = (await response.json()) as { ticket: string; url: string; expiresInSeconds: number };
    expect(body.url).toBe(`/export/budget?ticket=${body.ticket}`);
    expect(body.expiresInSeconds).toBeLessThanOrEqual(60);
    return body;
  };

  it('issues a ticket for the officer’s download; a plain GET of it streams the same file, once', async () => {
    const query = 'country=MW&fy=2024/25&treasury=off&format=csv';
    const direct = await (await get(`/export/budget?${query}`, await bearer('budget-officer'))).text();
    const { ticket, url } = await ticketOf(await ask(query, await bearer('budget-officer')));
    const file = await get(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="aid-on-budget-MW-2024-25-treasury-off.csv"');
    expect(await file.text()).toBe(direct);
    expect(served.log.at(-1)).toMatch(
      /^download \/export\/budget\?country=MW&fy=2024\/25&treasury=off&format=csv \(ticket\) by jwt:officer@finance\.gov\.mw \(budget-officer\): aid-on-budget-MW-2024-25-treasury-off\.csv sent/,
    );
    const again = await get(url);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'INVALID_TICKET', message: expect.stringMatching(/already used/) } });
    // The ticket itself never reaches the log.
    expect(served.log.join('\n')).not.toContain(ticket);
  });

  it('refuses a ticket as it refuses the download: no credentials, the wrong role, a bad parameter, an unknown country', async () => {
    expect((await ask('country=MW', {})).status).toBe(401);
    expect((await ask('country=MW', await bearer('registry-officer'))).status).toBe(403);
    const bad = await ask('country=MW&format=pdf', await bearer('budget-officer'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { parameter: 'format' } });
    const unknown = await ask('country=ZZ&format=csv', await bearer('budget-officer'));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', parameter: 'country' } });
  });

  it('refuses another user’s ticket (and spends it), a ticket with parameters beside it, and one for another download', async () => {
    const mine = await ticketOf(await ask('country=MW&format=csv', await bearer('budget-officer')));
    const other = await get(mine.url, { authorization: `Bearer ${await token('someone-else', 'budget-officer')}` });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { message: 'the download ticket was issued to another user, not someone-else' } });
    expect((await get(mine.url)).status).toBe(401);
    const widened = await ticketOf(await ask('country=MW&format=csv', await bearer('budget-officer')));
    const withMore = await get(`${widened.url}&country=MX`);
    expect(withMore.status).toBe(400);
    expect(await withMore.json()).toMatchObject({ error: { parameter: 'ticket' } });
    const elsewhere = await ticketOf(await ask('country=MW&format=csv', await bearer('budget-officer')));
    const iati = await get(`/export/iati?ticket=${elsewhere.ticket}`);
    expect(iati.status).toBe(401);
    expect(await iati.json()).toMatchObject({ error: { message: 'the download ticket was issued for /export/budget, not /export/iati' } });
  });

  it('refuses a ticket past its time', async () => {
    const brief = await serve({}, undefined, 300);
    try {
      const { url } = await ticketOf(await ask('country=MW&format=csv', await bearer('analyst'), brief.base));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const late = await get(url, {}, brief.base);
      expect(late.status).toBe(401);
      expect(await late.json()).toMatchObject({ error: { code: 'INVALID_TICKET', message: expect.stringMatching(/expired/) } });
    } finally {
      await stop(brief);
    }
  });
});

describe('bad parameters', () => {
  it.each([
    ['', 'country', /^country: required/],
    ['country=Malawi', 'country', /^country: "Malawi" is not an ISO 3166 country code/],
    ['country=ZZ', 'country', /no chart of accounts for ZZ/],
    ['country=MW&fy=FY25', 'fy', /^fy: "FY25" is not a fiscal year of MW \(e.g. "2025\/26"\)/],
    ['country=MW&treasury=sideways', 'treasury', /^treasury: "sideways" is not one of on, off, partly, unknown/],
    ['country=MW&budget=on,maybe', 'budget', /^budget: "maybe" is not one of/],
    ['country=MW&financeType=gift', 'financeType', /^financeType: "gift" is not one of grant, loan, other/],
    ['country=MW&sector=health', 'sector', /^sector: "health" is not a DAC purpose code/],
    ['country=MW&currency=dollars', 'currency', /^currency: "dollars" is not an ISO 4217 currency code/],
    ['country=MW&segment=colour', 'segment', /^segment: "colour" is not a segment of MW's chart/],
    ['country=MW&format=pdf', 'format', /^format: "pdf" is neither xlsx nor csv/],
    ['country=MW&quarters=maybe', 'quarters', /^quarters: "maybe" is neither true nor false/],
    ['country=MW&country=TZ', 'country', /^country: given 2 times; give it once/],
    ['country=MW&colour=red', 'colour', /^colour: not a parameter of this download \(it takes country, segment/],
    [`country=MW&donor=${'x'.repeat(201)}`, 'donor', /^donor: a value longer than 200 characters/],
    [`country=MW&${Array.from({ length: 101 }, (_, i) => `vote=${i}`).join('&')}`, 'vote', /^vote: more than 100 values/],
    ["country=MW&fy==HYPERLINK('x')", 'fy', /^fy: "=HYPERLINK\('x'\)" is not a fiscal year/],
  ])('refuses ?%s with 400 naming %s, before any byte of file', async (query, parameter, message) => {
    const response = await get(`/export/budget?${query}`, await bearer('budget-officer'));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBeNull();
    const body = (await response.json()) as { error: { code: string; message: string; parameter: string } };
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', parameter });
    expect(body.error.message).toMatch(message);
  });

  it.each([
    ['country=XX', 400, 'UNKNOWN_COUNTRY', 'country'],
    ['country=US', 400, 'NO_CHART', 'country'],
    ['country=MW&segment=colour', 400, 'UNKNOWN_SEGMENT', 'segment'],
    ['country=MW&fy=2025', 400, 'BAD_USER_INPUT', 'fy'],
  ])('refuses the IATI download ?%s with %i %s', async (query, status, code, parameter) => {
    const response = await get(`/export/iati?${query}`, await bearer('analyst'));
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code, parameter } });
  });
});

describe('the files', () => {
  it('streams the CSV with its type and a file name, its rows and totals those of the graph', async () => {
    const filter = { country: 'MW', fiscalYears: ['2024/25'], treasury: ['off'] };
    const response = await get('/export/budget?country=MW&fy=2024/25&treasury=off&format=csv', await bearer('budget-officer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aid-on-budget-MW-2024-25-treasury-off.csv"');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // fetch's text() drops the byte-order mark.
    const records = readCsvRecords(await response.text());
    const view = await graph(filter);
    expect(view.totalCount).toBeGreaterThan(10);
    expect(records).toHaveLength(view.totalCount);
    expect(records.map((r) => r['IATI identifier'])).toEqual(view.rows.map((r) => r.iatiIdentifier));
    const grand = sum(view.totals.map((t) => t.amounts.disbursed.amount));
    expect(sum(records.map((r) => r['Disbursed']))).toBe(grand);
    expect(sum(records.map((r) => r['Disbursed, off treasury']))).toBe(sum(view.totals.map((t) => t.amounts.disbursed.offTreasury)));
    for (const total of view.totals) {
      const code = total.key.code ?? '(unmapped)';
      expect(sum(records.filter((r) => r['Code'] === code).map((r) => r['Disbursed'])), code).toBe(
        new Decimal(total.amounts.disbursed.amount).toFixed(2),
      );
    }
  });

  it('streams the XLSX workbook, read back equal to the graph, written by the caller', async () => {
    const response = await get('/export/budget?country=MW&fy=2024/25,2025/26&format=xlsx&currency=usd', await bearer('analyst'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aid-on-budget-MW-2024-25_2025-26.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const [aid, filters] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    const view = await graph({ country: 'MW', fiscalYears: ['2024/25', '2025/26'], currency: 'USD' });
    expect(aid.rowCount - 1).toBe(view.totalCount);
    const header = (aid.getRow(1).values as unknown[]).slice(1);
    const column = header.indexOf('Disbursed') + 1;
    const disbursed = Array.from({ length: view.totalCount }, (_, i) => aid.getRow(i + 2).getCell(column).value as number | null);
    expect(sum(disbursed)).toBe(sum(view.totals.map((t) => t.amounts.disbursed.amount)));
    const items = new Map((filters.getSheetValues() as unknown[][]).slice(2).map((row) => [row[1], row[2]]));
    expect(items.get('Generated by')).toBe('officer@finance.gov.mw (jwt)');
    expect(items.get('Currency of presentation')).toBe('USD');
  });

  it('streams the IATI file of the country, the hub as its secondary reporter', async () => {
    const response = await get('/export/iati?country=mw', await bearer('budget-officer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="iati-activities-MW.xml"');
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03"/);
    expect(xml.trimEnd().endsWith('</iati-activities>')).toBe(true);
    expect(xml).toContain('secondary-reporter="1"');
    expect(served.log.at(-1)).toMatch(/iati-activities-MW\.xml sent \(\d+ activities, \d+ bytes\)/);
  });
});

/** Opens a download and reads nothing (the server's writes wait on the client), until `end()`. */
function hold(path: string, headers: Record<string, string>): Promise<{ response: IncomingMessage; end: () => void }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${served.base}${path}`, { headers }, (response) => {
      response.pause();
      resolve({ response, end: () => request.destroy() });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('a hostile caller', () => {
  it('opening 50 downloads at once gets its 2, the others refused 429 naming the limit, before any work', async () => {
    const headers = await bearer('budget-officer');
    const answered: IncomingMessage[] = [];
    const requests = Array.from({ length: 50 }, () => {
      const request = httpRequest(`${served.base}${BULK}`, { headers }, (response) => {
        response.pause();
        answered.push(response);
      });
      request.on('error', () => undefined);
      request.end();
      return request;
    });
    try {
      // On PGlite the second download waits for the first's transaction (one session), its answer not begun: count the refusals.
      await expect.poll(() => answered.filter((r) => r.statusCode === 429).length, { timeout: 120_000 }).toBe(48);
      expect(answered.filter((r) => r.statusCode !== 429).every((r) => r.statusCode === 200)).toBe(true);
      const refused = answered.find((r) => r.statusCode === 429)!;
      expect(refused.headers['retry-after']).toBe('5');
      const body = await new Promise<string>((resolve) => {
        let text = '';
        refused.on('data', (chunk: Buffer) => (text += chunk.toString())).on('end', () => resolve(text));
        refused.resume();
      });
      expect(JSON.parse(body)).toMatchObject({
        error: {
          code: 'TOO_MANY_DOWNLOADS',
          message: 'you are already downloading 2 files (at most 2 at once, TRIBUTARY_MAX_CALLER_DOWNLOADS); try again when one is done',
        },
      });
      expect(served.hub.downloads?.active).toBe(2);
    } finally {
      for (const request of requests) request.destroy();
    }
    await expect.poll(() => served.hub.downloads?.active, { timeout: 60_000 }).toBe(0);
  }, 240_000);

  it('20 callers at once never run more than 4 downloads; each gets its file or 429, and the hub answers after', async () => {
    const before = served.log.length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await get('/export/budget?country=MW&fy=2024/25&format=csv', {
          authorization: `Bearer ${await token(`officer-${i}`, 'budget-officer')}`,
        });
        const body = await response.text();
        return { status: response.status, body };
      }),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    for (const refused of answers.filter((a) => a.status === 429))
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'TOO_MANY_DOWNLOADS', message: /at most|its most at once/ } });
    const files = answers.filter((a) => a.status === 200).map((a) => a.body);
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files).size).toBe(1);
    // One line per answer: each file sent, each refusal (which ran nothing).
    const lines = served.log.slice(before);
    expect(lines.filter((line) => / sent \(/.test(line))).toHaveLength(files.length);
    expect(lines.filter((line) => /: refused \(429: /.test(line))).toHaveLength(20 - files.length);
    expect(served.peak()).toBeGreaterThan(0);
    expect(served.peak()).toBeLessThanOrEqual(4);
    expect(served.hub.downloads?.active).toBe(0);
    expect((await graph({ country: 'MW', fiscalYears: ['2024/25'] })).totalCount).toBeGreaterThan(0);
  });

  it('leaving mid-download stops the export and its transaction: nothing is left running', async () => {
    const { response, end } = await hold(BULK, await bearer('budget-officer'));
    expect(response.statusCode).toBe(200);
    const first = await new Promise<Buffer>((resolve) => response.once('data', resolve).resume());
    expect(first.length).toBeGreaterThan(0);
    response.pause();
    // The server waits on the client: the download is still running.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served.hub.downloads?.active).toBe(1);
    end();
    await expect.poll(() => served.hub.downloads?.active).toBe(0);
    await expect.poll(() => served.log.at(-1)).toMatch(/stopped \(the client closed the connection before the file was complete\)/);
    // Its connection is back in the pool (PGlite has one: a transaction left open would hold every query after it).
    expect((await graph({ country: 'MW', fiscalYears: ['2024/25'] })).totalCount).toBeGreaterThan(0);
  });

  it('cuts off a client that stays connected but takes nothing, freeing the database', async () => {
    const patient = await serve({}, 1_500);
    try {
      const request = httpRequest(`${patient.base}${BULK}`, { headers: await bearer('budget-officer') }, (response) => response.pause());
      request.on('error', () => undefined);
      request.end();
      await expect
        .poll(() => patient.log.at(-1) ?? '', { timeout: 120_000 })
        .toMatch(/stopped \(the client took nothing for 1\.5 s: the download was stopped\)/);
      expect(patient.hub.downloads?.active).toBe(0);
      request.destroy();
      const after = await get('/export/budget?country=MW&fy=2024/25&format=csv', await bearer('analyst'), patient.base);
      expect(after.status).toBe(200);
      await after.arrayBuffer();
    } finally {
      await stop(patient);
    }
  }, 240_000);

  it('shares the rate limit of /graphql: a caller past it is refused 429 on both', async () => {
    const limited = await serve({ TRIBUTARY_RATE_LIMIT: '3' });
    try {
      const headers = await bearer('budget-officer');
      for (let i = 0; i < 2; i += 1) {
        const ok = await get('/export/iati?country=MW', headers, limited.base);
        expect(ok.status).toBe(200);
        await ok.arrayBuffer();
      }
      const graphql = await fetch(`${limited.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ financeCountries { code } }' }),
      });
      expect(graphql.status).toBe(200);
      const refused = await get('/export/budget?country=MW', headers, limited.base);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/at most 3 a minute/) } });
    } finally {
      await stop(limited);
    }
  });
});
