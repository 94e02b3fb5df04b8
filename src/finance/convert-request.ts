import { GraphQLError } from 'graphql';
import { badInput } from '../graphql/errors.js';
import type { FinanceContext } from './context.js';
import { convert, PIVOT_CURRENCIES, type Conversion, type ConvertRequest } from './conversion.js';

/** Converts with the request's loaders: rates of both currencies, sources in priority order. */
export async function convertFor(ctx: FinanceContext, request: ConvertRequest): Promise<Conversion> {
  const to = request.to.toUpperCase();
  const from = request.from.toUpperCase();
  if (!/^[A-Z]{3}$/.test(to)) throw badInput(`"${request.to}" is not an ISO 4217 currency code`, 'currency');
  const currencies = [...new Set([from, to, ...PIVOT_CURRENCIES])];
  const [rates, sources] = await Promise.all([
    Promise.all(currencies.map((currency) => ctx.loaders.ratesByCurrency.load(currency))),
    ctx.loaders.rateSources.load('all'),
  ]);
  const result = convert({ ...request, from, to }, rates.flat(), sources);
  if (!result) {
    throw new GraphQLError(
      `no exchange rate from ${from} to ${to} on or before ${request.date} in any source (${sources.join(', ') || 'no rates loaded'})`,
      {
        extensions: { code: 'NO_RATE' },
      },
    );
  }
  return result;
}
