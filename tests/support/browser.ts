import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Headless Chromium for end-to-end tests of the pages the hub serves: Debian's own build
 * (TRIBUTARY_TEST_CHROMIUM names another), never a downloaded one, and no network of its own
 * (no updates, sync or prefetching): whatever a page asks for, the test sees.
 */
const EXECUTABLE = process.env.TRIBUTARY_TEST_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(`Chromium not found at ${EXECUTABLE}: install it (apt-get install chromium) or set TRIBUTARY_TEST_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did besides rendering: every URL it requested, and every error it reported (CSP violations included). */
export interface PageLog {
  readonly requests: string[];
  readonly errors: string[];
}

export function recordPage(page: Page): PageLog {
  const log: PageLog = { requests: [], errors: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text());
  });
  page.on('pageerror', (error) => log.errors.push(`${error.name}: ${error.message}`));
  return log;
}
