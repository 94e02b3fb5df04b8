import { readFileSync } from 'node:fs';

/**
 * What the hub's own pages (/admin/mappings, /budget, /sources) have in common: answers that allow only
 * this origin and no inline script or style at all (each page builds its elements with DOM calls,
 * never HTML text, so a name in the data cannot become markup), and a script bundled at build time.
 */
export interface PageResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

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

export const JS = 'text/javascript; charset=utf-8';
export const TEXT = 'text/plain; charset=utf-8';

export function pageAnswer(status: number, type: string, body: string, extra: Record<string, string> = {}): PageResponse {
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

const scripts = new Map<string, string>();

/** A bundle, read once; null when it was never built. */
export function bundledScript(file: string): string | null {
  let script = scripts.get(file);
  if (script === undefined) {
    try {
      script = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    scripts.set(file, script);
  }
  return script;
}

/** The page's script, or 503 saying how to build it. */
export function scriptAnswer(file: string, built: string): PageResponse {
  const body = bundledScript(file);
  return body === null
    ? pageAnswer(503, TEXT, `The page's script is not built: run npm run build on the hub (it writes ${built}).\n`)
    : pageAnswer(200, JS, body);
}

/** A page of one HTML document, its style sheet and its bundled script, under `base`. */
export interface PageFiles {
  /** `/budget`: the page itself; `/budget/` redirects to it. */
  readonly base: string;
  readonly html: string;
  /** Its own style sheet: `budget.css`, and the text. */
  readonly style: { readonly name: string; readonly text: string };
  /** Where `npm run build` writes its script, and that path as the build names it (dist/budget/app.js). */
  readonly script: { readonly file: string; readonly built: string };
}

/** The response for a GET of `pathname` under the page's base, or null when the path is not the page's. */
export function pageFileResponse(page: PageFiles, pathname: string): PageResponse | null {
  if (pathname === `${page.base}/`) return pageAnswer(302, TEXT, '', { location: page.base });
  if (pathname === page.base) return pageAnswer(200, 'text/html; charset=utf-8', page.html);
  if (!pathname.startsWith(`${page.base}/`)) return null;
  if (pathname === `${page.base}/app.js`) return scriptAnswer(page.script.file, page.script.built);
  if (pathname === `${page.base}/${page.style.name}`) return pageAnswer(200, 'text/css; charset=utf-8', page.style.text);
  return pageAnswer(404, TEXT, `${pathname}: no such file\n`);
}

/** What differs between the pages' tops: the head's title, style sheet and script, the heading and the sign-in hint. */
export interface PageTop {
  readonly title: string;
  /** The page's own style sheet, after the admin page's (which every page shares). */
  readonly styleSheet?: string;
  readonly script: string;
  readonly heading: string;
  readonly lead: string;
  /** What the sign-in box says the page needs (HTML). */
  readonly signInHint: string;
}

/** A page from its doctype to the end of its header (its title, lead and sign-in box). */
export function pageTop(page: PageTop): string {
  const style = page.styleSheet ? `\n    <link rel="stylesheet" href="${page.styleSheet}" />` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${page.title} — tributary</title>
    <link rel="icon" href="/admin/mappings/icon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/admin/mappings/admin.css" />${style}
    <script type="module" src="${page.script}"></script>
  </head>
  <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header class="top">
      <div>
        <h1>${page.heading}</h1>
        <p class="lead">${page.lead}</p>
      </div>
${signInSection(page.signInHint)}
    </header>
`;
}

/** Every page's end. */
export const PAGE_END = `    <noscript><p class="status">This page needs JavaScript (served by the hub itself; nothing comes from the internet).</p></noscript>
  </body>
</html>
`;

/** The sign-in box the pages share: a bearer token kept in the tab (sessionStorage), with the page's own hint. */
export function signInSection(hint: string): string {
  return `      <section class="sign-in" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title" class="visually-hidden">Sign in</h2>
        <form id="sign-in-form" autocomplete="off">
          <label for="token-input">Bearer token</label>
          <input id="token-input" name="token" type="password" spellcheck="false" aria-describedby="token-hint" required />
          <button type="submit">Sign in</button>
          <p id="token-hint" class="hint">${hint} It is kept in this browser tab only.</p>
        </form>
        <div id="signed-in" hidden>
          <p id="who"></p>
          <button type="button" id="sign-out">Sign out</button>
        </div>
      </section>`;
}
