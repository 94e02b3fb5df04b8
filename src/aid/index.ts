import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createAidContext } from './context.js';
import { ActivityPartsResolver, resolveLocationReference } from './resolvers/activity-parts.resolver.js';
import { ActivityResolver, resolveActivityReference } from './resolvers/activity.resolver.js';
import { CodeResolver } from './resolvers/code.resolver.js';
import { CodelistResolver } from './resolvers/codelist.resolver.js';
import { DescriptionResolver } from './resolvers/description.resolver.js';
import {
  OrgReferenceResolver,
  ParticipatingOrgResolver,
  RelatedActivityResolver,
  ReportingOrgResolver,
  SectorResolver,
} from './resolvers/links.resolver.js';
import { resolveBudgetReference, resolvePlannedDisbursementReference } from './resolvers/money-parts.js';
import { LoanActivitiesResolver } from './resolvers/loan-activities.resolver.js';
import { OrganisationResolver, resolveOrganisationReference } from './resolvers/organisation.resolver.js';
import { ActivityReportResolver } from './resolvers/report.resolver.js';
import { resolveTransactionReference, TransactionResolver } from './resolvers/transaction.resolver.js';
import { LoanReference } from './types/loan-reference.type.js';
import { ImportRun } from './types/report.type.js';

/** The aid subgraph: IATI activities, their reports, transactions, organisations and codelists. */
export const aidSubgraph: SubgraphModule = {
  name: 'aid',
  build: () =>
    buildSubgraph({
      resolvers: [
        ActivityResolver,
        ActivityPartsResolver,
        ActivityReportResolver,
        TransactionResolver,
        OrganisationResolver,
        CodelistResolver,
        CodeResolver,
        DescriptionResolver,
        OrgReferenceResolver,
        ParticipatingOrgResolver,
        ReportingOrgResolver,
        SectorResolver,
        RelatedActivityResolver,
        LoanActivitiesResolver,
      ],
      orphanedTypes: [ImportRun, LoanReference],
      referenceResolvers: {
        Activity: { __resolveReference: resolveActivityReference },
        Transaction: { __resolveReference: resolveTransactionReference },
        Budget: { __resolveReference: resolveBudgetReference },
        PlannedDisbursement: { __resolveReference: resolvePlannedDisbursementReference },
        Organisation: { __resolveReference: resolveOrganisationReference },
        ActivityLocation: { __resolveReference: resolveLocationReference },
        // Aid only adds `activities` to finance's Loan: the reference (with its @requires field) is all it needs.
        Loan: { __resolveReference: (reference: never) => reference },
      },
    }),
  createContext: createAidContext,
};
