import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createRegistryContext } from './context.js';
import { PersonalReadResolver } from './resolvers/audit.resolver.js';
import { ProgrammeResolver, resolveAreaReference, resolveProgrammeReference } from './resolvers/programme.resolver.js';
import { HouseholdResolver, IndividualResolver } from './resolvers/records.resolver.js';
import { RegistryStatisticsResolver } from './resolvers/statistics.resolver.js';

/**
 * The registry subgraph: social-protection programmes, their statistics (exact for registry
 * officers, perturbed by the cell key method for everyone else signed in), the records with their personal fields for registry
 * officers, and the audit log of personal reads for system administrators.
 */
export const registrySubgraph: SubgraphModule = {
  name: 'registry',
  build: () =>
    buildSubgraph({
      resolvers: [ProgrammeResolver, RegistryStatisticsResolver, IndividualResolver, HouseholdResolver, PersonalReadResolver],
      referenceResolvers: {
        Programme: { __resolveReference: resolveProgrammeReference },
        AdminArea: { __resolveReference: resolveAreaReference },
      },
    }),
  createContext: createRegistryContext,
};
