import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A local HTTP server standing in for a publisher: each path answers with what the test set —
 * bytes (with an ETag and conditional GET), a status, a hang, or a handler of its own — and every
 * request is recorded.
 */
export type Route =
  | { readonly body: Buffer | string; readonly type?: string; readonly gzip?: 'whole' | 'truncated' }
  | { readonly status: number }
  | { readonly hang: true }
  | { readonly handle: (req: IncomingMessage, res: ServerResponse) => void };

export interface HttpSource {
  readonly url: string;
  readonly routes: Map<string, Route | Route[]>;
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

function answer(route: Route, req: IncomingMessage, res: ServerResponse): void {
  if ('hang' in route) return; // never answers; the socket is closed by close()
  if ('handle' in route) return route.handle(req, res);
  if ('status' in route) {
    res.writeHead(route.status, { 'content-type': 'text/plain' }).end(`status ${route.status}`);
    return;
  }
  const bytes = Buffer.from(route.body);
  const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  const headers: Record<string, string> = { etag, 'content-type': route.type ?? 'application/xml' };
  if (!route.gzip) return void res.writeHead(200, headers).end(bytes);
  const zipped = gzipSync(bytes);
  const sent = route.gzip === 'truncated' ? zipped.subarray(0, Math.floor(zipped.length / 2)) : zipped;
  res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': String(sent.length) }).end(sent);
}

export async function startHttpSource(): Promise<HttpSource> {
  const routes = new Map<string, Route | Route[]>();
  const requests: HttpSource['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path, headers: req.headers });
    const found = routes.get(path);
    // A list answers one route per request, the last one for ever after.
    const route = Array.isArray(found) ? (found.length > 1 ? found.shift() : found[0]) : found;
    if (!route) return void res.writeHead(404).end('not found');
    answer(route, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
