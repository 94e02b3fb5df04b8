import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import { LocalDate } from '../../graphql/scalars.js';
import type { FinanceContext } from '../context.js';
import { fiscalPeriodOf, fiscalYearByLabel } from '../fiscal-calendar.js';
import { FiscalPeriod, FiscalYear } from '../types/fiscal.type.js';
import { calendarOf } from './calendar.js';

@Resolver()
export class FiscalResolver {
  @Query(() => FiscalPeriod, { description: "The fiscal year and quarter a date falls in, in a country's calendar." })
  async fiscalPeriod(
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String) country: string,
    @Arg('date', () => LocalDate) date: string,
  ): Promise<FiscalPeriod> {
    return fiscalPeriodOf(await calendarOf(ctx, country), date);
  }

  @Query(() => [FiscalYear], { description: 'The fiscal years that overlap [from, to], with their quarters.' })
  async fiscalYears(
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String) country: string,
    @Arg('from', () => LocalDate) from: string,
    @Arg('to', () => LocalDate) to: string,
  ): Promise<FiscalYear[]> {
    if (to < from) throw badInput('to is before from', 'to');
    const calendar = await calendarOf(ctx, country);
    const years: FiscalYear[] = [];
    for (let day = fiscalPeriodOf(calendar, from).fiscalYearStart; day <= to && years.length < 200;) {
      const first = fiscalPeriodOf(calendar, day);
      const quarters = [0, 3, 6, 9].map((months) => {
        const [y, m] = first.fiscalYearStart.split('-').map(Number) as [number, number];
        const at = new Date(Date.UTC(y, m - 1 + months, 1)).toISOString().slice(0, 10);
        return fiscalPeriodOf(calendar, at);
      });
      years.push({ label: first.fiscalYear, start: first.fiscalYearStart, end: first.fiscalYearEnd, quarters });
      day = new Date(Date.parse(`${first.fiscalYearEnd}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
    return years;
  }

  @Query(() => FiscalYear, { nullable: true, description: 'A fiscal year by its label, e.g. "2025/26".' })
  async fiscalYear(
    @Ctx() ctx: FinanceContext,
    @Arg('country', () => String) country: string,
    @Arg('label', () => String) label: string,
  ): Promise<FiscalYear | null> {
    const calendar = await calendarOf(ctx, country);
    const year = fiscalYearByLabel(calendar, label);
    if (!year) return null;
    return (await this.fiscalYears(ctx, country, year.start, year.start))[0] ?? null;
  }
}
