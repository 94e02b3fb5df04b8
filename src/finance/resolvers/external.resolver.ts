import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { FinanceContext } from '../context.js';
import { convertFor } from '../convert-request.js';
import { fiscalPeriodOf } from '../fiscal-calendar.js';
import { projectIdOf } from '../loan-query.js';
import type { LoanRow } from '../rows.js';
import { ActivityBudgetReference, ActivityReference, PlannedDisbursementReference, TransactionReference } from '../types/external.type.js';
import { FiscalPeriod } from '../types/fiscal.type.js';
import { Loan } from '../types/loan.type.js';
import { Conversion } from '../types/money.type.js';
import { calendarOf } from './calendar.js';

/** Nullable so that a missing rate costs that one amount (null, and the reason as a NO_RATE error), never its transaction or activity. */
const NO_RATE = 'Null, with a NO_RATE error naming the pair and date, when no source prices it.';

/** What finance adds to the aid subgraph's entities, through federation (no aid table is read here). */
@Resolver(() => ActivityReference)
export class ActivityLoansResolver {
  @FieldResolver(() => [Loan], {
    description: 'Loans financing this activity: by the creditor project id in its identifier (44000-<P-code>) and by the link table.',
  })
  async loans(@Root() activity: ActivityReference, @Ctx() ctx: FinanceContext): Promise<LoanRow[]> {
    const projectId = projectIdOf(activity.iatiIdentifier);
    const [byProject, linked] = await Promise.all([
      projectId ? ctx.loaders.loansByProject.load(projectId) : Promise.resolve([]),
      ctx.loaders.loansByLinkedActivity.load(activity.iatiIdentifier),
    ]);
    const loans = new Map<number, LoanRow>();
    for (const loan of [...byProject, ...linked]) loans.set(loan.loanId, loan);
    return [...loans.values()];
  }
}

@Resolver(() => TransactionReference)
export class TransactionFinanceResolver {
  @Directive('@requires(fields: "value currency valueDate date")')
  @FieldResolver(() => Conversion, {
    nullable: true,
    description: `The value in another currency, at the rate for its value date (else its date), else the nearest earlier. ${NO_RATE}`,
  })
  async amount(@Root() transaction: TransactionReference, @Ctx() ctx: FinanceContext, @Arg('currency', () => String) currency: string) {
    return convertFor(ctx, {
      amount: transaction.value,
      from: transaction.currency,
      to: currency,
      date: transaction.valueDate ?? transaction.date,
    });
  }

  @Directive('@requires(fields: "date")')
  @FieldResolver(() => FiscalPeriod, { description: "The transaction's fiscal year and quarter in a country's calendar." })
  async fiscalPeriod(@Root() transaction: TransactionReference, @Ctx() ctx: FinanceContext, @Arg('country', () => String) country: string) {
    return fiscalPeriodOf(await calendarOf(ctx, country), transaction.date);
  }
}

const PERIOD_AMOUNT =
  'The value in another currency, at the rate for its value date (else the start of its period), else the nearest earlier.';
const PERIOD_FISCAL =
  "The fiscal year and quarter its period starts in, in a country's calendar (a period across a year end counts in the year it starts).";

function periodAmount(ctx: FinanceContext, amount: ActivityBudgetReference, currency: string) {
  return convertFor(ctx, { amount: amount.value, from: amount.currency, to: currency, date: amount.valueDate ?? amount.periodStart });
}

async function periodFiscal(ctx: FinanceContext, amount: ActivityBudgetReference, country: string) {
  return fiscalPeriodOf(await calendarOf(ctx, country), amount.periodStart);
}

@Resolver(() => ActivityBudgetReference)
export class ActivityBudgetFinanceResolver {
  @Directive('@requires(fields: "value currency valueDate periodStart")')
  @FieldResolver(() => Conversion, { nullable: true, description: `${PERIOD_AMOUNT} ${NO_RATE}` })
  amount(@Root() budget: ActivityBudgetReference, @Ctx() ctx: FinanceContext, @Arg('currency', () => String) currency: string) {
    return periodAmount(ctx, budget, currency);
  }

  @Directive('@requires(fields: "periodStart")')
  @FieldResolver(() => FiscalPeriod, { description: PERIOD_FISCAL })
  fiscalPeriod(@Root() budget: ActivityBudgetReference, @Ctx() ctx: FinanceContext, @Arg('country', () => String) country: string) {
    return periodFiscal(ctx, budget, country);
  }
}

@Resolver(() => PlannedDisbursementReference)
export class PlannedDisbursementFinanceResolver {
  @Directive('@requires(fields: "value currency valueDate periodStart")')
  @FieldResolver(() => Conversion, { nullable: true, description: `${PERIOD_AMOUNT} ${NO_RATE}` })
  amount(@Root() planned: PlannedDisbursementReference, @Ctx() ctx: FinanceContext, @Arg('currency', () => String) currency: string) {
    return periodAmount(ctx, planned, currency);
  }

  @Directive('@requires(fields: "periodStart")')
  @FieldResolver(() => FiscalPeriod, { description: PERIOD_FISCAL })
  fiscalPeriod(@Root() planned: PlannedDisbursementReference, @Ctx() ctx: FinanceContext, @Arg('country', () => String) country: string) {
    return periodFiscal(ctx, planned, country);
  }
}
