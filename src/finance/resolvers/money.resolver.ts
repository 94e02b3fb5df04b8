import { sql } from 'kysely';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import type { FinanceContext } from '../context.js';
import { convertFor } from '../convert-request.js';
import { financeDb } from '../db.js';
import { rates } from '../rows.js';
import { Conversion, ExchangeRate } from '../types/money.type.js';

@Resolver()
export class MoneyResolver {
  @Query(() => Conversion, { description: 'Any amount in another currency, valued on `date`, with the rate used and why that one.' })
  async convert(
    @Ctx() ctx: FinanceContext,
    @Arg('amount', () => Decimal) amount: string,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('date', () => LocalDate) date: string,
  ) {
    return convertFor(ctx, { amount, from, to, date });
  }

  @Query(() => [ExchangeRate], { description: 'Published rates of a currency (at most 5,000, oldest first).' })
  async exchangeRates(
    @Ctx() ctx: FinanceContext,
    @Arg('currency', () => String) currency: string,
    @Arg('quote', () => String, { nullable: true }) quote?: string,
    @Arg('source', () => String, { nullable: true }) source?: string,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
  ): Promise<ExchangeRate[]> {
    let query = rates(financeDb(ctx.em)).where('currency', '=', currency.toUpperCase());
    if (quote) query = query.where('quote', '=', quote.toUpperCase());
    if (source) query = query.where('source', '=', source);
    if (from) query = query.where('date', '>=', sql<string>`${from}::date`);
    if (to) query = query.where('date', '<=', sql<string>`${to}::date`);
    return query.orderBy('date').orderBy('source').orderBy('quote').limit(5000).execute();
  }
}
