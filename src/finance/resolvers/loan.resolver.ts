import { Decimal } from 'decimal.js';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import { PageArgs } from '../../graphql/pagination.js';
import { LocalDate } from '../../graphql/scalars.js';
import type { FinanceContext } from '../context.js';
import { convertFor } from '../convert-request.js';
import { fiscalPeriodOf } from '../fiscal-calendar.js';
import { findLoans, iatiIdentifierFor, LoanFilter } from '../loan-query.js';
import type { FlowRow, LoanRow } from '../rows.js';
import { BudgetLine } from '../types/budget.type.js';
import { CoaCode } from '../types/coa.type.js';
import { ImportRunReference } from '../types/external.type.js';
import { FiscalPeriod } from '../types/fiscal.type.js';
import { Loan, LoanAmountField, LoanConnection, LoanFlow, LoanTerm } from '../types/loan.type.js';
import { Conversion } from '../types/money.type.js';
import { calendarOf } from './calendar.js';
import { checkedLimit, coaCode } from './coa.resolver.js';

@Resolver(() => Loan)
export class LoanResolver {
  @Query(() => LoanConnection, { description: 'Loans by creditor, status, country…, page by page.' })
  async loans(
    @Ctx() ctx: FinanceContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LoanFilter, { nullable: true }) filter?: LoanFilter,
  ) {
    return findLoans(ctx.em, filter, page);
  }

  @Query(() => Loan, { nullable: true, description: 'A loan by its id ("<source>:<loan number>").' })
  async loan(@Ctx() ctx: FinanceContext, @Arg('id', () => ID) id: string): Promise<LoanRow | null> {
    return resolveLoanReference({ id }, ctx);
  }

  @FieldResolver(() => [LoanFlow], { description: 'Disbursements and debt service, by date.' })
  async flows(
    @Root() loan: LoanRow,
    @Ctx() ctx: FinanceContext,
    @Arg('type', () => [String], { nullable: true }) type?: string[],
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
    @Arg('scheduled', () => Boolean, { nullable: true, description: 'true: projections only; false: actual flows only.' })
    scheduled?: boolean,
  ): Promise<FlowRow[]> {
    const flows = await ctx.loaders.flowsByLoan.load(loan.loanId);
    return flows.filter(
      (f) =>
        (!type?.length || type.includes(f.type)) &&
        (!from || f.date >= from) &&
        (!to || f.date <= to) &&
        (scheduled == null || f.scheduled === scheduled),
    );
  }

  @FieldResolver(() => [LoanTerm])
  terms(@Root() loan: LoanRow): LoanTerm[] {
    return Object.entries(loan.terms).map(([name, value]) => ({ name, value }));
  }

  @FieldResolver(() => [String], {
    description:
      'IATI identifiers of the activities this loan finances, whether or not the hub holds them: 44000-<P-code> for a World Bank project id, and the link table. `activities` gives those the hub holds.',
  })
  async activityIdentifiers(@Root() loan: LoanRow, @Ctx() ctx: FinanceContext): Promise<string[]> {
    const byProject = iatiIdentifierFor(loan.projectId);
    const linked = (await ctx.loaders.linkedActivities.load(loan.loanId)).map((l) => l.iatiIdentifier);
    return [...new Set([...(byProject ? [byProject] : []), ...linked])];
  }

  @FieldResolver(() => Conversion, {
    nullable: true,
    description: 'A balance in another currency, valued on `date` (default: the statement date).',
  })
  async amount(
    @Root() loan: LoanRow,
    @Ctx() ctx: FinanceContext,
    @Arg('field', () => LoanAmountField) field: LoanAmountField,
    @Arg('currency', () => String) currency: string,
    @Arg('date', () => LocalDate, { nullable: true }) date?: string,
  ) {
    const value = loan[field];
    const at = date ?? loan.asOf;
    if (value === null) return null;
    if (!at) throw badInput(`loan ${loan.id} has no statement date: give a date`, 'date');
    return convertFor(ctx, { amount: value, from: loan.currency, to: currency, date: at });
  }

  @FieldResolver(() => [BudgetLine], {
    description:
      'The budget lines this loan finances: those whose fund or project code (an open segment) is its project id or loan number, by id: the first `limit` (default 100, at most 1000).',
  })
  async budgetLines(
    @Root() loan: LoanRow,
    @Ctx() ctx: FinanceContext,
    @Arg('fiscalYears', () => [String], { nullable: true }) fiscalYears?: string[] | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit?: number,
  ): Promise<BudgetLine[]> {
    const first = checkedLimit(limit);
    return ctx.loaders.budgetLinesOfLoan({ fiscalYears: fiscalYears ?? null, first }).load(loan.loanId);
  }

  @FieldResolver(() => [CoaCode], {
    description: 'The codes of the fund segment (source of funds, e.g. external loans) its budget lines carry; empty when none.',
  })
  async fundCodes(@Root() loan: LoanRow, @Ctx() ctx: FinanceContext): Promise<CoaCode[]> {
    return (await ctx.loaders.fundCodesOfLoan.load(loan.loanId)).map((row) => coaCode(row.country, row.segment, row.code));
  }

  @FieldResolver(() => ImportRunReference, { description: 'The import that last wrote this loan.' })
  importRun(@Root() loan: LoanRow): ImportRunReference {
    return { id: String(loan.importRunId) };
  }
}

@Resolver(() => LoanFlow)
export class LoanFlowResolver {
  @FieldResolver(() => Conversion, {
    nullable: true,
    description:
      'Null (with a NO_RATE error) when no source prices it, so the flow and its loan stay. The flow in another currency: at its own rate when the source gave a USD equivalent and USD is asked, else by the rate tables.',
  })
  async amount(@Root() flow: FlowRow, @Ctx() ctx: FinanceContext, @Arg('currency', () => String) currency: string) {
    const own =
      currency.toUpperCase() === 'USD' && flow.valueUsd !== null && Number(flow.value) !== 0
        ? { rate: Decimal.div(flow.valueUsd, flow.value).toFixed(), source: 'own rate (USD equivalent reported by the source)' }
        : null;
    return convertFor(ctx, { amount: flow.value, from: flow.currency, to: currency, date: flow.date, ownRate: own });
  }

  @FieldResolver(() => FiscalPeriod, {
    description: "The flow's fiscal year and quarter in the borrowing country's calendar (or `country`'s).",
  })
  async fiscalPeriod(
    @Root() flow: FlowRow,
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String, { nullable: true }) country?: string,
  ) {
    return fiscalPeriodOf(await calendarOf(ctx, country ?? flow.country), flow.date);
  }
}

export async function resolveLoanReference(reference: { id: string }, ctx: FinanceContext): Promise<LoanRow | null> {
  return reference.id.includes(':') ? ctx.loaders.loanByKey.load(reference.id) : null;
}
