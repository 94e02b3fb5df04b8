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
import { DownloadTickets } from './tickets.js';

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
  /** The download tickets (default: each good for 30 s). */
  readonly tickets?: DownloadTickets;
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

/** The query as logged: a ticket is a secret for as long as it lives. */
const shownQuery = (query: URLSearchParams) => {
  const shown = new URLSearchParams(query);
  if (shown.has('ticket')) shown.set('ticket', '…');
  const text = shown.toString().replaceAll('%E2%80%A6', '…').replaceAll('%2F', '/').replaceAll('%2C', ',');
  return text ? `?${text}` : '';
};

/** Who the hub answers: the viewer, the caller the limits count, and what was asked (a ticket's own). */
interface Asker {
  readonly viewer: Viewer;
  readonly caller: string;
  readonly query: URLSearchParams;
  readonly byTicket: boolean;
}

/**
 * GET /export/budget and /export/iati: the files `tributary export budget|iati` writes, streamed
 * into the response as they are read (backpressure: rows wait for the client), under the same
 * credentials as /graphql. Checks run in this order, each answered before any byte of file:
 * credentials (401), role (403), rate limit and concurrent downloads (429), parameters (400).
 * POST to the same address with the same parameters runs the same checks and answers a single-use
 * ticket instead of the file; GET `?ticket=…` (a plain link, no credentials) then downloads it.
 * Every answer, refusals included, is one line in the log.
 */
export function createDownloads(options: DownloadOptions): Downloads {
  const slots = new DownloadSlots(options.limits.maxDownloads, options.limits.maxDownloadsPerCaller);
  const tickets = options.tickets ?? new DownloadTickets();
  const jobOf = (path: string, query: URLSearchParams): Job | null =>
    path === BUDGET_DOWNLOAD_PATH
      ? budgetJob(options.orm, query)
      : path === IATI_DOWNLOAD_PATH
        ? iatiJob(options.orm, options.iatiPublisher, query)
        : null;

  /** The caller behind credentials or a ticket, or null once refused (answered and logged). */
  async function askerOf(
    request: IncomingMessage,
    url: URL,
    deny: (status: number, code: string, message: string, extra?: Record<string, string>) => void,
    seen: (viewer: Viewer) => void,
  ): Promise<Asker | null> {
    const address = request.socket.remoteAddress;
    const ticket = request.method === 'GET' ? url.searchParams.get('ticket') : null;
    let presented: Viewer;
    try {
      presented = await options.authenticator.authenticate(fetchHeaders(request));
    } catch (error) {
      deny(401, 'UNAUTHENTICATED', (error as Error).message, { 'www-authenticate': 'Bearer realm="tributary", error="invalid_token"' });
      return null;
    }
    if (ticket !== null) {
      if ([...url.searchParams.keys()].some((name) => name !== 'ticket')) {
        deny(400, 'BAD_USER_INPUT', 'ticket: a download ticket carries its own parameters; give the ticket alone', { parameter: 'ticket' });
        return null;
      }
      const grant = tickets.redeem(ticket, url.pathname, address);
      if (typeof grant === 'string') {
        deny(401, 'INVALID_TICKET', grant);
        return null;
      }
      if (presented.via !== 'anonymous' && presented.subject !== grant.viewer.subject) {
        seen(presented);
        deny(403, 'FORBIDDEN', `the download ticket was issued to another user, not ${presented.subject}`);
        return null;
      }
      return { viewer: grant.viewer, caller: grant.caller, query: grant.query, byTicket: true };
    }
    if (presented.via === 'anonymous') {
      deny(401, 'UNAUTHENTICATED', 'downloads need credentials: Authorization: Bearer <token> or X-Api-Key', {
        'www-authenticate': 'Bearer realm="tributary"',
      });
      return null;
    }
    seen(presented);
    if (!hasRole(presented, DOWNLOAD_ROLES)) {
      const roles = presented.roles.length > 0 ? presented.roles.join(', ') : 'no role';
      deny(403, 'FORBIDDEN', `downloads are for the ${DOWNLOAD_ROLES.join(' and ')} roles; ${presented.subject} has ${roles}`);
      return null;
    }
    return { viewer: presented, caller: callerOf(presented, address), query: url.searchParams, byTicket: false };
  }

  async function serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    let who = `${request.socket.remoteAddress ?? 'an unknown address'}`;
    let asked = `${url.pathname}${shownQuery(url.searchParams)}`;
    const logLine = (outcome: string) =>
      options.log(`download ${asked} by ${who}: ${outcome} in ${Math.round(performance.now() - started)} ms`);
    const deny = (status: number, code: string, message: string, extra: Record<string, string> = {}) => {
      refuse(response, status, code, message, extra);
      logLine(`refused (${status}: ${message})`);
    };
    const whoIs = (viewer: Viewer) => `${callerOf(viewer, request.socket.remoteAddress)} (${viewer.roles.join(', ') || 'no role'})`;
    const asker = await askerOf(request, url, deny, (viewer) => (who = whoIs(viewer)));
    if (!asker) return;
    const { viewer, caller } = asker;
    who = whoIs(viewer);
    if (asker.byTicket) asked = `${url.pathname}${shownQuery(asker.query)} (ticket)`;
    const wait = options.rateLimiter?.take(caller) ?? 0;
    if (wait > 0) {
      deny(429, 'RATE_LIMITED', rateLimitMessage(options.limits.ratePerMinute, wait), { 'retry-after': String(wait) });
      return;
    }
    let job: Job | null;
    try {
      job = jobOf(url.pathname, asker.query);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      deny(400, 'BAD_USER_INPUT', error.message, { parameter: error.parameter });
      return;
    }
    if (!job) {
      deny(404, 'NOT_FOUND', `${url.pathname}: no such download (there are ${BUDGET_DOWNLOAD_PATH} and ${IATI_DOWNLOAD_PATH})`);
      return;
    }
    if (request.method === 'POST') {
      await issueTicket(request, response, url, asker, job, deny, logLine);
      return;
    }
    const release = slots.take(caller);
    if (typeof release === 'string') {
      deny(429, 'TOO_MANY_DOWNLOADS', release, { 'retry-after': '5' });
      return;
    }
    const sink = new ResponseSink(response, job.headers, options.stallMs ?? STALL_MS);
    try {
      const count = await job.run(sink, viewer);
      if (!sink.writableEnded) sink.end();
      await finished(sink);
      logLine(`${job.what} sent (${count} ${url.pathname === IATI_DOWNLOAD_PATH ? 'activities' : 'rows'}, ${sink.bytes} bytes)`);
    } catch (error) {
      const refusal = sink.sent ? null : job.refusal(error);
      if (refusal) {
        const { status, code, message, parameter } = refusal;
        deny(status, code, message, parameter ? { parameter } : {});
      } else {
        // Part of a file may be out: cut the connection, so the client sees a failed download, never a short file.
        if (!response.headersSent) refuse(response, 500, 'INTERNAL', 'the download failed; the hub logged why');
        else response.destroy();
        // A client gone is why, not the cancelled statement it caused.
        logLine(`${job.what} stopped (${((sink.errored ?? error) as Error).message})`);
      }
    } finally {
      release();
    }
  }

  /** POST: the download's own checks, then a ticket for it (201), bound to this caller and address. */
  async function issueTicket(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    asker: Asker,
    job: Job,
    deny: (status: number, code: string, message: string, extra?: Record<string, string>) => void,
    logLine: (outcome: string) => void,
  ): Promise<void> {
    try {
      await job.check();
    } catch (error) {
      const refusal = job.refusal(error);
      if (!refusal) throw error;
      deny(refusal.status, refusal.code, refusal.message, refusal.parameter ? { parameter: refusal.parameter } : {});
      return;
    }
    const issued = tickets.issue({
      viewer: asker.viewer,
      caller: asker.caller,
      address: request.socket.remoteAddress,
      path: url.pathname,
      query: asker.query,
    });
    if (typeof issued === 'string') {
      deny(429, 'TOO_MANY_TICKETS', issued, { 'retry-after': String(Math.ceil(tickets.ttlMs / 1000)) });
      return;
    }
    const body = { ticket: issued.ticket, url: `${url.pathname}?ticket=${issued.ticket}`, expiresInSeconds: issued.expiresInSeconds };
    response
      .writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      .end(`${JSON.stringify(body)}\n`);
    logLine(`ticket issued for ${job.what}`);
  }

  return {
    handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://hub');
      if (!url.pathname.startsWith('/export/')) return false;
      if (request.method !== 'GET' && request.method !== 'POST') {
        refuse(response, 405, 'METHOD_NOT_ALLOWED', `${url.pathname}: downloads are GET requests (POST for a download ticket)`, {
          allow: 'GET, POST',
        });
        options.log(`download ${url.pathname}: refused (405: ${request.method ?? '?'})`);
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
