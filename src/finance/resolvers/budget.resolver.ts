import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination.js';
import { LocalDate } from '../../graphql/scalars.js';
import { BudgetCodeFilter, BudgetGroup, budgetLines, budgetTotals } from '../budget-query.js';
import type { FinanceContext } from '../context.js';
import { convertFor } from '../convert-request.js';
import { fiscalYearByLabel } from '../fiscal-calendar.js';
import { BudgetLine, BudgetLineConnection, BudgetStage, BudgetTotal, SegmentCode, type StageAmounts } from '../types/budget.type.js';
import { Loan } from '../types/loan.type.js';
import { Conversion } from '../types/money.type.js';
import type { LoanRow } from '../rows.js';
import { calendarOf } from './calendar.js';
import { coaCode } from './coa.resolver.js';

/** An amount of a total or a line in another currency, valued on `date` (default: the first day of its fiscal year). */
async function amountIn(
  ctx: FinanceContext,
  owner: { country: string; fiscalYear: string; currency: string; amounts: StageAmounts },
  stage: BudgetStage,
  currency: string,
  date: string | undefined,
) {
  const value = owner.amounts[stage];
  if (value === null) return null;
  const year = fiscalYearByLabel(await calendarOf(ctx, owner.country), owner.fiscalYear);
  return convertFor(ctx, {
    amount: value,
    from: owner.currency,
    to: currency,
    date: date ?? year?.start ?? `${owner.fiscalYear.slice(0, 4)}-01-01`,
  });
}

@Resolver(() => BudgetTotal)
export class BudgetTotalResolver {
  @Query(() => [BudgetTotal], {
    description:
      'Budget totals by fiscal year and by any segments, each rolled up to any level of its hierarchy, for every stage, with the execution rate.',
  })
  async budget(
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String) country: string,
    @Arg('fiscalYears', () => [String], { nullable: true, description: 'Labels as the country writes them, e.g. "2025/26".' })
    fiscalYears?: string[],
    @Arg('groupBy', () => [BudgetGroup], { defaultValue: [] }) groupBy?: BudgetGroup[],
    @Arg('filter', () => [BudgetCodeFilter], { nullable: true }) filter?: BudgetCodeFilter[],
  ): Promise<BudgetTotal[]> {
    await calendarOf(ctx, country);
    return budgetTotals(ctx.em, country, fiscalYears, groupBy ?? [], filter);
  }

  @FieldResolver(() => Conversion, { nullable: true, description: "A stage's amount in another currency; null when the stage is absent." })
  async amount(
    @Root() total: BudgetTotal,
    @Ctx() ctx: FinanceContext,
    @Arg('stage', () => BudgetStage) stage: BudgetStage,
    @Arg('currency', () => String) currency: string,
    @Arg('date', () => LocalDate, { nullable: true, description: 'Value the amount on this date (default: the start of the fiscal year).' })
    date?: string,
  ) {
    return amountIn(ctx, total, stage, currency, date);
  }
}

@Resolver(() => BudgetLine)
export class BudgetLineResolver {
  @Query(() => BudgetLineConnection, { description: 'Budget lines, page by page.' })
  async budgetLines(
    @Ctx() ctx: FinanceContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('country', () => String) country: string,
    @Arg('fiscalYears', () => [String], { nullable: true }) fiscalYears?: string[],
    @Arg('filter', () => [BudgetCodeFilter], { nullable: true }) filter?: BudgetCodeFilter[],
  ) {
    await calendarOf(ctx, country);
    return budgetLines(ctx.em, country, fiscalYears, filter, page);
  }

  @FieldResolver(() => [SegmentCode], { description: 'Its code in every segment, in the chart’s order.' })
  async codes(@Root() line: BudgetLine, @Ctx() ctx: FinanceContext): Promise<SegmentCode[]> {
    const segments = await ctx.loaders.segmentsByCountry.load(line.country);
    return segments
      .filter((s) => line.codes[s.id] !== undefined)
      .map((s) => ({ segment: s.id, code: coaCode(line.country, s.id, line.codes[s.id] ?? '') }));
  }

  @FieldResolver(() => [Loan], {
    description: 'The loans financing this line: its fund or project code (an open segment) is their project id or loan number.',
  })
  async loans(@Root() line: BudgetLine, @Ctx() ctx: FinanceContext): Promise<LoanRow[]> {
    return ctx.loaders.loansOfBudgetLine.load(line.id);
  }

  @FieldResolver(() => Conversion, { nullable: true })
  async amount(
    @Root() line: BudgetLine,
    @Ctx() ctx: FinanceContext,
    @Arg('stage', () => BudgetStage) stage: BudgetStage,
    @Arg('currency', () => String) currency: string,
    @Arg('date', () => LocalDate, { nullable: true }) date?: string,
  ) {
    return amountIn(ctx, line, stage, currency, date);
  }
}

/** Budget lines other subgraphs refer to by id, batched. */
export async function resolveBudgetLineReference(reference: { id: string | number }, ctx: FinanceContext): Promise<BudgetLine | null> {
  const id = Number(reference.id);
  return Number.isSafeInteger(id) ? ctx.loaders.budgetLine.load(id) : Promise.resolve(null);
}
