import { createServer, type Server } from 'node:http';
import { budgetPageResponse } from '../export/page/index.js';
import { adminResponse } from '../mapping/admin/index.js';
import { sourcesPageResponse } from '../sync/page/index.js';
import type { Hub } from './hub.js';

/**
 * Mounts the hub's fetch handler on node:http (`/` redirects to GraphiQL), the mapping admin page
 * under /admin, the budget officers' page under /budget and the health page under /sources (pages and their files, no data: they
 * talk to /graphql like any client), and the file downloads under /export/ (hub.downloads).
 * Resolves once listening.
 */
export async function listen(hub: Hub, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://hub').pathname;
    if (hub.downloads?.handle(request, response)) return;
    if (!hub.downloads && path.startsWith('/export/')) {
      const message = `${path}: file downloads read the database, which the split-mode gateway does not open; use tributary export, or a single-process hub`;
      response
        .writeHead(501, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'NOT_IN_SPLIT_MODE', message } }));
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (path === '/') {
        response.writeHead(302, { location: '/graphql' }).end();
        return;
      }
      const page = adminResponse(path) ?? budgetPageResponse(path) ?? sourcesPageResponse(path);
      if (page) {
        response.writeHead(page.status, page.headers).end(request.method === 'HEAD' ? undefined : page.body);
        return;
      }
    }
    void hub.gateway(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use; set PORT to a free one`) : error),
    );
    server.listen(port, host, () => resolve());
  });
  return server;
}
