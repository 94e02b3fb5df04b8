import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createRegistryContext } from './context.js';
import { PersonalReadResolver } from './resolvers/audit.resolver.js';
import { ActivityProgrammesResolver, CoaCodeProgrammesResolver, FundingSourceResolver } from './resolvers/funding.resolver.js';
import { FundingActivity, FundingCoaCode } from './types/external.type.js';
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
      resolvers: [
        ProgrammeResolver,
        FundingSourceResolver,
        CoaCodeProgrammesResolver,
        ActivityProgrammesResolver,
        RegistryStatisticsResolver,
        IndividualResolver,
        HouseholdResolver,
        PersonalReadResolver,
      ],
      orphanedTypes: [FundingCoaCode, FundingActivity],
      referenceResolvers: {
        // The registry only adds fields to these: the key is all it needs.
        CoaCode: { __resolveReference: (reference: never) => reference },
        Activity: { __resolveReference: (reference: never) => reference },
        Programme: { __resolveReference: resolveProgrammeReference },
        AdminArea: { __resolveReference: resolveAreaReference },
      },
    }),
  createContext: createRegistryContext,
};
