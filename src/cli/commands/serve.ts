import type { Server } from 'node:http';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { createHub, type Hub } from '../../gateway/hub.js';
import { listen } from '../../gateway/serve.js';

export interface Serving {
  readonly hub: Hub;
  readonly server: Server;
  readonly url: string;
}

/** Serves the supergraph (and GraphiQL) until SIGINT/SIGTERM, then closes cleanly. */
export async function serveHub(config: Config, orm: Orm): Promise<Serving> {
  const hub = await createHub(orm, { development: config.env !== 'production', auth: config.auth });
  const server = await listen(hub, config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}/graphql`;
  const stop = async (): Promise<void> => {
    server.close();
    await hub.close();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return { hub, server, url };
}
