import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TributaryError } from '../../errors.js';
import type { HttpOptions } from './source-config.js';

/** What the hub last got from a URL: sent back as If-None-Match / If-Modified-Since. */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export type Fetched =
  | { readonly changed: false }
  | ({ readonly changed: true; readonly path: string; readonly sha256: string; readonly bytes: number } & Validators);

/** A failure worth trying again later: the network, a timeout, HTTP 408, 429 or 5xx. */
export function isTransient(error: TributaryError): boolean {
  return error.code === 'SOURCE_UNAVAILABLE' || error.code === 'TIMEOUT';
}

const unavailable = (url: string, why: string) => new TributaryError('SOURCE_UNAVAILABLE', `${url}: ${why}`, { file: url });
const refused = (url: string, why: string) => new TributaryError('SOURCE_REFUSED', `${url}: ${why}`, { file: url });

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Follows at most `maxRedirects` redirects by hand, so a loop or a hop to another scheme is refused. */
async function request(url: string, headers: Record<string, string>, options: HttpOptions, signal: AbortSignal): Promise<Response> {
  let at = url;
  for (let hop = 0; ; hop += 1) {
    const response = await fetch(at, { headers, redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
    await response.body?.cancel();
    if (hop >= options.maxRedirects) throw refused(url, `more than ${options.maxRedirects} redirects`);
    const next = new URL(location, at);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw refused(url, `redirected to ${next.protocol} (only http and https)`);
    at = next.toString();
  }
}

function checkStatus(url: string, response: Response): void {
  const { status } = response;
  if (status === 408 || status === 429 || status >= 500) throw unavailable(url, `HTTP ${status} ${response.statusText}`.trim());
  if (status < 200 || status >= 300) throw refused(url, `HTTP ${status} ${response.statusText}`.trim());
}

/**
 * Downloads `url` to `target` with a conditional GET: `{ changed: false }` on 304 Not Modified.
 * gzip is accepted (and inflated by fetch); the whole exchange, body included, must end within
 * `timeoutMs` and `maxBytes`. Secret headers come from the environment (`secret`).
 */
export async function fetchToFile(
  url: string,
  target: string,
  known: Validators | null,
  options: HttpOptions,
  secret: (variable: string) => string | null,
  signal: AbortSignal,
): Promise<Fetched> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip', 'user-agent': 'tributary' };
  for (const [name, variable] of Object.entries(options.headersEnv)) {
    const value = secret(variable);
    if (value === null) throw refused(url, `set the environment variable ${variable} (header ${name})`);
    headers[name.toLowerCase()] = value;
  }
  if (known?.etag) headers['if-none-match'] = known.etag;
  if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  const failed = (error: unknown): never => {
    if (error instanceof TributaryError) throw error;
    if (signal.aborted) throw error;
    if (timeout.aborted) throw new TributaryError('TIMEOUT', `${url}: no complete answer within ${options.timeoutMs} ms`, { file: url });
    const cause = causeOf(error);
    if (/^Z_|incorrect header check|unexpected end of file/i.test(cause))
      throw refused(url, `the gzip content is corrupt or cut short (${cause})`);
    throw unavailable(url, cause);
  };
  try {
    const response = await request(url, headers, options, both);
    if (response.status === 304) return { changed: false };
    checkStatus(url, response);
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (length > options.maxBytes) throw refused(url, `${length} bytes, more than the ${options.maxBytes} allowed (http.maxBytes)`);
    if (!response.body) throw refused(url, 'no content');
    const hash = createHash('sha256');
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) return done(refused(url, `more than the ${options.maxBytes} bytes allowed (http.maxBytes)`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), count, createWriteStream(target), {
      signal: both,
    });
    return {
      changed: true,
      path: target,
      sha256: hash.digest('hex'),
      bytes,
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    };
  } catch (error) {
    await rm(target, { force: true });
    return failed(error);
  }
}
