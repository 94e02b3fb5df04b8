import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { Orm } from '../db/orm.js';
import type { SubgraphModule } from '../graphql/subgraph.js';
import { composeHub, type ComposedHub } from './compose.js';
import { inProcessTransport, subgraphServer, type SubgraphServer } from './in-process.js';
import { subgraphs as registered } from './subgraphs.js';

/**
 * The hub: the composed supergraph served by Hive Gateway, with every subgraph executed in this
 * process. `handle` is a fetch-style handler, mounted by `serve.ts` on node:http.
 */
export interface Hub {
  readonly composed: ComposedHub;
  readonly gateway: GatewayRuntime;
  close(): Promise<void>;
}

export interface HubOptions {
  readonly development: boolean;
  readonly modules?: readonly SubgraphModule[];
}

export async function createHub(orm: Orm, options: HubOptions): Promise<Hub> {
  const modules = options.modules ?? registered;
  const composed = await composeHub(modules);
  const servers = new Map<string, SubgraphServer>();
  for (const module of modules) {
    const built = composed.subgraphs.get(module.name);
    if (!built) continue;
    const target = subgraphServer(module, built, options.development);
    await target.server.start();
    servers.set(module.name, target);
  }
  const transport = inProcessTransport(servers, orm);
  const gateway = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    transports: () => transport,
    // GraphiQL from the hub itself, its scripts bundled: ministries are often offline.
    graphiql: { title: 'tributary' },
    renderGraphiQL,
    landingPage: false,
    logging: options.development ? 'info' : 'warn',
    maskedErrors: !options.development,
  });
  return {
    composed,
    gateway,
    async close() {
      await gateway.dispose();
      await Promise.all([...servers.values()].map((s) => s.server.stop()));
    },
  };
}
