import { sql, type RawBuilder } from 'kysely';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { kysely } from '../../db/orm.js';
import { and } from '../../graphql/keyset.js';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import type { FinanceContext } from '../context.js';
import { convertFor } from '../convert-request.js';
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
    const where: RawBuilder<unknown>[] = [sql`currency = ${currency.toUpperCase()}`];
    if (quote) where.push(sql`quote = ${quote.toUpperCase()}`);
    if (source) where.push(sql`source = ${source}`);
    if (from) where.push(sql`date >= ${from}::date`);
    if (to) where.push(sql`date <= ${to}::date`);
    const { rows } =
      await sql<ExchangeRate>`select source, currency, quote, period, date::text as date, rate::text as rate from fin_exchange_rate
      where ${and(where)} order by date, source, quote limit 5000`.execute(kysely(ctx.em));
    return rows;
  }
}
