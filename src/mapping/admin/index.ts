import { apiModule } from './client/api.js';
import { appModule } from './client/app.js';
import { coverageModule } from './client/coverage.js';
import { domModule } from './client/dom.js';
import { historyModule } from './client/history.js';
import { organisationsModule } from './client/organisations.js';
import { ruleFormModule } from './client/rule-form.js';
import { rulesModule } from './client/rules.js';
import { uploadModule } from './client/upload.js';
import { adminPage } from './page.js';
import { adminStyle } from './style.js';

/**
 * The page AIMS admins maintain mappings with: one HTML page, its ES modules and its style sheet,
 * all held as text in this folder (so `dist/` serves them without copying files) and served by the
 * hub itself. Nothing is fetched from anywhere else: ministries are often offline.
 */
export const ADMIN_PATH = '/admin/mappings';

export interface AdminResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Only this origin, and no inline script or style at all: the page builds every element with DOM
 * calls (never HTML text), so a name in the data cannot become markup.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const JS = 'text/javascript; charset=utf-8';

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M1 3h14v2H1zm0 4h9v2H1zm0 4h12v2H1z" fill="#1f5f8b"/></svg>';

const ASSETS: ReadonlyMap<string, { readonly type: string; readonly body: string }> = new Map([
  ['app.js', { type: JS, body: appModule }],
  ['api.js', { type: JS, body: apiModule }],
  ['dom.js', { type: JS, body: domModule }],
  ['coverage.js', { type: JS, body: coverageModule }],
  ['rule-form.js', { type: JS, body: ruleFormModule }],
  ['rules.js', { type: JS, body: rulesModule }],
  ['history.js', { type: JS, body: historyModule }],
  ['upload.js', { type: JS, body: uploadModule }],
  ['organisations.js', { type: JS, body: organisationsModule }],
  ['admin.css', { type: 'text/css; charset=utf-8', body: adminStyle }],
  ['icon.svg', { type: 'image/svg+xml', body: ICON }],
]);

function answer(status: number, type: string, body: string, extra: Record<string, string> = {}): AdminResponse {
  return {
    status,
    body,
    headers: {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
      ...extra,
    },
  };
}

/** The response for a GET of `pathname` under /admin, or null when the path is not the page's. */
export function adminResponse(pathname: string): AdminResponse | null {
  if (pathname === '/admin' || pathname === '/admin/' || pathname === `${ADMIN_PATH}/`) {
    return answer(302, 'text/plain; charset=utf-8', '', { location: ADMIN_PATH });
  }
  if (pathname === ADMIN_PATH) return answer(200, 'text/html; charset=utf-8', adminPage);
  if (!pathname.startsWith(`${ADMIN_PATH}/`)) return null;
  const asset = ASSETS.get(pathname.slice(ADMIN_PATH.length + 1));
  return asset ? answer(200, asset.type, asset.body) : answer(404, 'text/plain; charset=utf-8', `${pathname}: no such file\n`);
}
