import type { IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import type { Authenticator } from '../../auth/authenticate.js';
import { hasRole, type Role, type Viewer } from '../../auth/viewer.js';
import type { IatiPublisher, QueryLimits } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { callerOf, rateLimitMessage, type RateLimiter } from '../../gateway/rate-limit.js';
import { DownloadSlots } from './download-slots.js';
import { budgetJob, iatiJob, type Job } from './jobs.js';
import { ParameterError } from './params.js';
import { ResponseSink } from './response-sink.js';

/** Who may download: the budget officers the files are for, and analysts (system-admin passes every check). */
export const DOWNLOAD_ROLES: readonly Role[] = ['budget-officer', 'analyst'];

export const BUDGET_DOWNLOAD_PATH = '/export/budget';
export const IATI_DOWNLOAD_PATH = '/export/iati';

export interface DownloadOptions {
  readonly orm: Orm;
  readonly authenticator: Authenticator;
  readonly limits: QueryLimits;
  /** The hub's rate limiter, shared with /graphql (null: no limit). */
  readonly rateLimiter: RateLimiter | null;
  readonly iatiPublisher: IatiPublisher | null;
  /** One line per download: who took which file, and how it ended. */
  readonly log: (line: string) => void;
  /** A client taking nothing this long is cut off (default 30 s). */
  readonly stallMs?: number;
}

export interface Downloads {
  /** Answers a request under /export/; false when the path is not a download's. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Downloads running now (each holding a database connection). */
  readonly active: number;
}

/** A download whose client takes nothing for this long is stopped, freeing its connection. */
const STALL_MS = 30_000;

/** A refusal as JSON: { error: { code, message, parameter? } }, the page shows the message as it is. */
function refuse(response: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const parameter = extra.parameter;
  const headers = Object.fromEntries(Object.entries(extra).filter(([name]) => name !== 'parameter'));
  const body = JSON.stringify({ error: { code, message, ...(parameter ? { parameter } : {}) } });
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .end(`${body}\n`);
}

function fetchHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/**
 * GET /export/budget and /export/iati: the files `tributary export budget|iati` writes, streamed
 * into the response as they are read (backpressure: rows wait for the client), under the same
 * credentials as /graphql. Checks run in this order, each answered before any byte of file:
 * credentials (401), role (403), rate limit and concurrent downloads (429), parameters (400).
 */
export function createDownloads(options: DownloadOptions): Downloads {
  const slots = new DownloadSlots(options.limits.maxDownloads, options.limits.maxDownloadsPerCaller);
  const jobOf = (path: string, query: URLSearchParams): Job | null =>
    path === BUDGET_DOWNLOAD_PATH
      ? budgetJob(options.orm, query)
      : path === IATI_DOWNLOAD_PATH
        ? iatiJob(options.orm, options.iatiPublisher, query)
        : null;

  async function serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    let viewer: Viewer;
    try {
      viewer = await options.authenticator.authenticate(fetchHeaders(request));
    } catch (error) {
      const challenge = 'Bearer realm="tributary", error="invalid_token"';
      refuse(response, 401, 'UNAUTHENTICATED', (error as Error).message, { 'www-authenticate': challenge });
      return;
    }
    if (viewer.via === 'anonymous') {
      refuse(response, 401, 'UNAUTHENTICATED', 'downloads need credentials: Authorization: Bearer <token> or X-Api-Key', {
        'www-authenticate': 'Bearer realm="tributary"',
      });
      return;
    }
    if (!hasRole(viewer, DOWNLOAD_ROLES)) {
      const roles = viewer.roles.length > 0 ? viewer.roles.join(', ') : 'no role';
      refuse(response, 403, 'FORBIDDEN', `downloads are for the ${DOWNLOAD_ROLES.join(' and ')} roles; ${viewer.subject} has ${roles}`);
      return;
    }
    const caller = callerOf(viewer, request.socket.remoteAddress);
    const wait = options.rateLimiter?.take(caller) ?? 0;
    if (wait > 0) {
      refuse(response, 429, 'RATE_LIMITED', rateLimitMessage(options.limits.ratePerMinute, wait), { 'retry-after': String(wait) });
      return;
    }
    let job: Job | null;
    try {
      job = jobOf(url.pathname, url.searchParams);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      refuse(response, 400, 'BAD_USER_INPUT', error.message, { parameter: error.parameter });
      return;
    }
    if (!job) {
      refuse(response, 404, 'NOT_FOUND', `${url.pathname}: no such download (there are ${BUDGET_DOWNLOAD_PATH} and ${IATI_DOWNLOAD_PATH})`);
      return;
    }
    const release = slots.take(caller);
    if (typeof release === 'string') {
      refuse(response, 429, 'TOO_MANY_DOWNLOADS', release, { 'retry-after': '5' });
      return;
    }
    const sink = new ResponseSink(response, job.headers, options.stallMs ?? STALL_MS);
    const logLine = (outcome: string) =>
      options.log(
        `download ${url.pathname}${url.search} by ${caller} (${viewer.roles.join(', ')}): ${job.what} ${outcome} in ${Math.round(performance.now() - started)} ms`,
      );
    try {
      const count = await job.run(sink, viewer);
      if (!sink.writableEnded) sink.end();
      await finished(sink);
      logLine(`sent (${count} ${url.pathname === IATI_DOWNLOAD_PATH ? 'activities' : 'rows'}, ${sink.bytes} bytes)`);
    } catch (error) {
      const refusal = sink.sent ? null : job.refusal(error);
      if (refusal) {
        const { status, code, message, parameter } = refusal;
        refuse(response, status, code, message, parameter ? { parameter } : {});
        logLine(`refused (${status}: ${message})`);
      } else {
        // Part of a file may be out: cut the connection, so the client sees a failed download, never a short file.
        if (!response.headersSent) refuse(response, 500, 'INTERNAL', 'the download failed; the hub logged why');
        else response.destroy();
        logLine(`stopped (${(error as Error).message})`);
      }
    } finally {
      release();
    }
  }

  return {
    handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://hub');
      if (!url.pathname.startsWith('/export/')) return false;
      if (request.method !== 'GET') {
        refuse(response, 405, 'METHOD_NOT_ALLOWED', `${url.pathname}: downloads are GET requests`, { allow: 'GET' });
        return true;
      }
      serve(request, response, url).catch((error: unknown) => {
        options.log(`download ${url.pathname}: failed (${(error as Error).message})`);
        if (!response.headersSent) refuse(response, 500, 'INTERNAL', 'the download failed; the hub logged why');
        else response.destroy();
      });
      return true;
    },
    get active() {
      return slots.active;
    },
  };
}
