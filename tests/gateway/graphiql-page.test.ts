import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_DEFAULT_QUERY } from '../../src/gateway/graphiql.js';
import { listen } from '../../src/gateway/serve.js';
import { launchBrowser, recordPage } from '../support/browser.js';
import { testHub, type TestHub } from '../support/hub.js';
import { sample } from '../support/sample-data.js';

/** GraphiQL as a newcomer first sees it: served by a real hub over the Global Fund's real Malawi activities. */
let t: TestHub;
let server: Server;
let browser: Browser;
let page: Page;
let base: string;

/** The editors' text, their non-breaking spaces and line breaks as single spaces. */
const text = (shown: string | null) => (shown ?? '').replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await testHub([sample('iati', 'activities', 'v1', 'IATIfromGF.xml')]);
  server = await listen(t.hub, 0, '127.0.0.1');
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('GraphiQL, opened for the first time', () => {
  it('opens on the tributary example query, in a tab titled by its name', async () => {
    const log = recordPage(page);
    await page.goto(`${base}/graphql`);
    await expect.poll(() => page.locator('.graphiql-tab').first().textContent()).toContain('AidToMalawi');
    await expect.poll(async () => text(await page.locator('.graphiql-query-editor').textContent())).toContain('query AidToMalawi {');
    expect(await page.title()).toBe('tributary');
    expect(log.requests.filter((url) => !url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  });

  it('whose answer, run as it is, is the Malawi activities with no error', async () => {
    await page.locator('.graphiql-execute-button').click();
    const answer = async () => text(await page.locator('.result-window').textContent());
    await expect.poll(answer).toContain('"totalCount": 7');
    expect(await answer()).not.toContain('"errors"');
  });

  it('is a valid query of the graph, named, and one operation', async () => {
    const schema = buildSchema(t.hub.composed.publicSdl);
    const document = parse(GRAPHIQL_DEFAULT_QUERY);
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    expect(document.definitions.map((d) => (d.kind === 'OperationDefinition' ? d.name?.value : d.kind))).toEqual(['AidToMalawi']);
  });
});
