import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createMappingContext } from './context.js';
import { ActivityAlignmentResolver, AlignmentRulesResolver, TransactionAlignmentResolver } from './resolvers/alignment.resolver.js';
import { AdminAreaLocationResolver } from './resolvers/area.resolver.js';
import { AdminAreaAidResolver, LocationAreaResolver } from './resolvers/location.resolver.js';
import { ActivityCoaResolver, TransactionCoaResolver } from './resolvers/assignment.resolver.js';
import { CoverageResolver } from './resolvers/coverage.resolver.js';
import { AidProjectionResolver } from './resolvers/projection.resolver.js';
import { AidBudgetResolver } from './resolvers/beside-budget.resolver.js';
import { LoanCoaResolver } from './resolvers/loan.resolver.js';
import { OrganisationMappingResolver } from './resolvers/organisation.resolver.js';
import { MappingRuleResolver } from './resolvers/rule.resolver.js';
import {
  AssignmentChartCodeResolver,
  BudgetLineAidResolver,
  CoaCodeAidResolver,
  OrganisationEntityResolver,
  ProjectionRowActivityResolver,
} from './resolvers/code-aid.resolver.js';
import {
  MappedActivity,
  MappedActivityLocation,
  MappedAdminArea,
  MappedBudgetLine,
  MappedCoaCode,
  MappedLoan,
  MappedOrganisation,
  MappedTransaction,
} from './types/external.type.js';

/**
 * The mapping subgraph: the rules that place aid in COFOG and the national charts of accounts,
 * their history, coverage and budget alignment; and, on aid's activities and transactions, the
 * codes the rules gave them.
 */
export const mappingSubgraph: SubgraphModule = {
  name: 'mapping',
  build: () =>
    buildSubgraph({
      resolvers: [
        MappingRuleResolver,
        CoverageResolver,
        AidProjectionResolver,
        AidBudgetResolver,
        ActivityCoaResolver,
        TransactionCoaResolver,
        ActivityAlignmentResolver,
        TransactionAlignmentResolver,
        AlignmentRulesResolver,
        OrganisationMappingResolver,
        LoanCoaResolver,
        AdminAreaLocationResolver,
        AdminAreaAidResolver,
        LocationAreaResolver,
        CoaCodeAidResolver,
        BudgetLineAidResolver,
        ProjectionRowActivityResolver,
        AssignmentChartCodeResolver,
        OrganisationEntityResolver,
      ],
      orphanedTypes: [
        MappedActivity,
        MappedActivityLocation,
        MappedTransaction,
        MappedLoan,
        MappedAdminArea,
        MappedCoaCode,
        MappedBudgetLine,
        MappedOrganisation,
      ],
      referenceResolvers: {
        Activity: { __resolveReference: (reference: never) => reference },
        Transaction: { __resolveReference: (reference: never) => reference },
        Loan: { __resolveReference: (reference: never) => reference },
        AdminArea: { __resolveReference: (reference: never) => reference },
        ActivityLocation: { __resolveReference: (reference: never) => reference },
        CoaCode: { __resolveReference: (reference: never) => reference },
        BudgetLine: { __resolveReference: (reference: never) => reference },
        Organisation: { __resolveReference: (reference: never) => reference },
      },
    }),
  createContext: createMappingContext,
};
