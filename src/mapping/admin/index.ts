import path from 'node:path';
import { pageAnswer, scriptAnswer, type PageResponse } from '../../gateway/page-files.js';
import { projectRoot } from '../../paths.js';
import { adminPage } from './page.js';
import { adminStyle } from './style.js';

/**
 * The page AIMS admins maintain mappings with: one HTML page and its style sheet (held as text in
 * this folder), and its script — the TypeScript modules of browser/, which `npm run build` bundles
 * into dist/admin/app.js — all served by the hub itself. Nothing is fetched from anywhere else:
 * ministries are often offline.
 */
export const ADMIN_PATH = '/admin/mappings';

export type AdminResponse = PageResponse;

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M1 3h14v2H1zm0 4h9v2H1zm0 4h12v2H1z" fill="#1f5f8b"/></svg>';

/** The bundled script, where `npm run build` writes it (tests run from source, after a build). */
export const ADMIN_SCRIPT_FILE = path.join(projectRoot, 'dist', 'admin', 'app.js');

const ASSETS: ReadonlyMap<string, { readonly type: string; readonly body: string }> = new Map([
  ['admin.css', { type: 'text/css; charset=utf-8', body: adminStyle }],
  ['icon.svg', { type: 'image/svg+xml', body: ICON }],
]);

const answer = pageAnswer;

/**
 * The response for a GET of `pathname` under /admin, or null when the path is not the page's.
 * scriptFile: where the bundled script is (another only in tests).
 */
export function adminResponse(pathname: string, scriptFile = ADMIN_SCRIPT_FILE): AdminResponse | null {
  if (pathname === '/admin' || pathname === '/admin/' || pathname === `${ADMIN_PATH}/`) {
    return answer(302, 'text/plain; charset=utf-8', '', { location: ADMIN_PATH });
  }
  if (pathname === ADMIN_PATH) return answer(200, 'text/html; charset=utf-8', adminPage);
  if (!pathname.startsWith(`${ADMIN_PATH}/`)) return null;
  if (pathname === `${ADMIN_PATH}/app.js`) return scriptAnswer(scriptFile, 'dist/admin/app.js');
  const asset = ASSETS.get(pathname.slice(ADMIN_PATH.length + 1));
  return asset ? answer(200, asset.type, asset.body) : answer(404, 'text/plain; charset=utf-8', `${pathname}: no such file\n`);
}
