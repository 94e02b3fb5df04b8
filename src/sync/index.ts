import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createSyncContext } from './context.js';
import { ImportRunResolver, resolveImportRunReference } from './runs.resolver.js';

/** The sync subgraph: import runs of every connector and the records they quarantined. */
export const syncSubgraph: SubgraphModule = {
  name: 'sync',
  build: () =>
    buildSubgraph({
      resolvers: [ImportRunResolver],
      referenceResolvers: { ImportRun: { __resolveReference: resolveImportRunReference } },
    }),
  createContext: createSyncContext,
};
