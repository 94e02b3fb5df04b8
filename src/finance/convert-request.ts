import { GraphQLError } from 'graphql';
import { badInput } from '../graphql/errors.js';
import type { FinanceContext } from './context.js';
import { convert, convertInOneSource, PIVOT_CURRENCIES, type Conversion, type ConvertRequest } from './conversion.js';

/** Converts with the request's loaders: rates of both currencies (and of the pivots if need be), sources in priority order. */
export async function convertFor(ctx: FinanceContext, request: ConvertRequest): Promise<Conversion> {
  const to = request.to.toUpperCase();
  const from = request.from.toUpperCase();
  if (!/^[A-Z]{3}$/.test(to)) throw badInput(`"${request.to}" is not an ISO 4217 currency code`, 'currency');
  const ratesOf = async (currencies: readonly string[]) =>
    (await Promise.all(currencies.map((currency) => ctx.loaders.ratesByCurrency.load(currency)))).flat();
  const [rates, sources] = await Promise.all([ratesOf([from, to]), ctx.loaders.rateSources.load('all')]);
  // The pivot currencies' rates are read only when no one source prices both currencies.
  const result =
    convertInOneSource({ ...request, from, to }, rates, sources) ??
    convert({ ...request, from, to }, [...rates, ...(await ratesOf(PIVOT_CURRENCIES.filter((c) => c !== from && c !== to)))], sources);
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
