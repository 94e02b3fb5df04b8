import { buildSubgraph, type SubgraphModule } from '../graphql/subgraph.js';
import { createFinanceContext } from './context.js';
import { BudgetLineResolver, BudgetTotalResolver, resolveBudgetLineReference } from './resolvers/budget.resolver.js';
import { CoaCodeResolver, CoaSegmentResolver, FinanceCountryResolver, resolveCoaCodeReference } from './resolvers/coa.resolver.js';
import {
  ActivityBudgetFinanceResolver,
  ActivityLoansResolver,
  PlannedDisbursementFinanceResolver,
  TransactionFinanceResolver,
} from './resolvers/external.resolver.js';
import { FiscalResolver } from './resolvers/fiscal.resolver.js';
import { LoanFlowResolver, LoanResolver, resolveLoanReference } from './resolvers/loan.resolver.js';
import { MoneyResolver } from './resolvers/money.resolver.js';
import {
  ActivityBudgetReference,
  ActivityReference,
  ImportRunReference,
  PlannedDisbursementReference,
  TransactionReference,
} from './types/external.type.js';

/**
 * The finance subgraph: charts of accounts, budgets rolled up by any segment, fiscal calendars,
 * loans and their flows, exchange rates and conversion; and, on aid's entities, the loans
 * financing an activity and a transaction's value in any currency and fiscal period.
 */
export const financeSubgraph: SubgraphModule = {
  name: 'finance',
  build: () =>
    buildSubgraph({
      resolvers: [
        FinanceCountryResolver,
        CoaSegmentResolver,
        CoaCodeResolver,
        BudgetTotalResolver,
        BudgetLineResolver,
        FiscalResolver,
        MoneyResolver,
        LoanResolver,
        LoanFlowResolver,
        ActivityLoansResolver,
        TransactionFinanceResolver,
        ActivityBudgetFinanceResolver,
        PlannedDisbursementFinanceResolver,
      ],
      orphanedTypes: [ImportRunReference, TransactionReference, ActivityReference, ActivityBudgetReference, PlannedDisbursementReference],
      referenceResolvers: {
        Loan: { __resolveReference: resolveLoanReference },
        BudgetLine: { __resolveReference: resolveBudgetLineReference },
        CoaCode: { __resolveReference: resolveCoaCodeReference },
        // Finance only adds fields to these: the reference (with @requires fields) is all it needs.
        Activity: { __resolveReference: (reference: never) => reference },
        Transaction: { __resolveReference: (reference: never) => reference },
        Budget: { __resolveReference: (reference: never) => reference },
        PlannedDisbursement: { __resolveReference: (reference: never) => reference },
      },
    }),
  createContext: createFinanceContext,
};
