import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PATH, adminResponse } from '../../src/mapping/admin/index.js';

/**
 * The admin page's script is the file `npm run build` bundles, read from disk: a hub that was never
 * built says so, and no other file is reachable through the page's paths. (The page itself, in
 * Chromium: admin-page.test.ts.)
 */
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'tributary-admin-script-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("the admin page's bundled script", () => {
  it('answers 503 saying to run npm run build while the bundle is missing, without naming where the hub is installed, then serves it once built', async () => {
    const file = path.join(folder, 'app.js');
    const missing = adminResponse(`${ADMIN_PATH}/app.js`, file);
    expect(missing?.status).toBe(503);
    expect(missing?.body).toContain('run npm run build');
    expect(missing?.body).not.toContain(folder);
    expect(missing?.headers['content-security-policy']).toContain("script-src 'self'");

    await writeFile(file, 'document.title = "built";\n');
    const built = adminResponse(`${ADMIN_PATH}/app.js`, file);
    expect(built?.status).toBe(200);
    expect(built?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(built?.body).toBe('document.title = "built";\n');
  });

  it('reads no other file: a path beside or above the bundle is 404', async () => {
    const file = path.join(folder, 'app.js');
    await writeFile(path.join(folder, 'secret.js'), 'the secret');
    for (const asked of ['secret.js', '../app.js/../secret.js', '..%2Fsecret.js', 'app.js/', 'APP.JS', 'api.js', '../../../package.json']) {
      const answer = adminResponse(`${ADMIN_PATH}/${asked}`, file);
      expect(answer?.status, asked).toBe(404);
      expect(answer?.body, asked).not.toContain('the secret');
    }
  });
});
