import { parse, type DocumentNode } from 'graphql';
import { aidSubgraph } from '../../src/aid/index.js';
import { ANONYMOUS } from '../../src/auth/viewer.js';
import type { Orm } from '../../src/db/orm.js';
import { subgraphServer } from '../../src/gateway/in-process.js';
import type { BuiltSubgraph } from '../../src/graphql/subgraph.js';
import type { GraphqlRequest } from './queries.js';

/**
 * The aid subgraph alone, at its best: the same subgraph server the hub runs in-process (resolvers
 * made cancellable, operations compiled once they repeat, the hub's error formatting), given the
 * operation already parsed (as a server with a parse cache would) and serialising its answer as
 * JSON text. What the gateway adds on top of this is the gateway's own cost.
 */
export interface StandaloneSubgraph {
  run(request: GraphqlRequest): Promise<string>;
}

export function standaloneSubgraph(built: BuiltSubgraph, orm: Orm): StandaloneSubgraph {
  const server = subgraphServer(aidSubgraph, built, false);
  const parsed = new Map<string, DocumentNode>();
  return {
    async run({ query, variables }) {
      let document = parsed.get(query);
      if (!document) parsed.set(query, (document = parse(query)));
      const result = await server.run({ document, variables }, aidSubgraph.createContext(orm, ANONYMOUS));
      return JSON.stringify(result);
    },
  };
}
