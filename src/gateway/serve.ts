import { createServer, type Server } from 'node:http';
import type { Hub } from './hub.js';

/** Mounts the hub's fetch handler on node:http (`/` redirects to GraphiQL). Resolves once listening. */
export async function listen(hub: Hub, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/' && request.method === 'GET') {
      response.writeHead(302, { location: '/graphql' }).end();
      return;
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
