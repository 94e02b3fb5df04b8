import { aidSubgraph } from '../aid/index.js';
import { financeSubgraph } from '../finance/index.js';
import type { SubgraphModule } from '../graphql/subgraph.js';
import { mappingSubgraph } from '../mapping/index.js';
import { registrySubgraph } from '../registry/index.js';
import { syncSubgraph } from '../sync/index.js';

/**
 * The one list of domains the hub serves. A new domain (finance, registry, mapping) plugs in by
 * adding its module here; nothing else in the gateway knows a domain.
 */
export const subgraphs: readonly SubgraphModule[] = [aidSubgraph, financeSubgraph, mappingSubgraph, registrySubgraph, syncSubgraph];
