import { Decimal } from 'decimal.js';
import type { RateRow } from './rows.js';

/**
 * Currency conversion with the rule a budget team can defend: the transaction's own rate first;
 * else the rate for its value date (that day, or that month for monthly averages); else the
 * nearest earlier rate. Rates triangulate through a common quote currency (XDR for the IMF's,
 * the national currency for a central bank's), and, when no one source prices both currencies,
 * chain two sources through a pivot (XDR → USD by the IMF, USD → MWK by the central bank).
 * Every result says which rate it used and why.
 * Arithmetic is decimal (34 significant digits); amounts are rounded half-even to 2 decimals.
 */
/** A published rate as `fin_exchange_rate` holds it (date and rate as exact text). */
export type Rate = Readonly<RateRow>;

export type ConversionMethod = 'same-currency' | 'own-rate' | 'value-date' | 'nearest-earlier';

export interface Conversion {
  readonly amount: string;
  readonly currency: string;
  readonly original: string;
  readonly originalCurrency: string;
  /** Units of `currency` per unit of `originalCurrency`. */
  readonly rate: string;
  readonly date: string;
  readonly method: ConversionMethod;
  /** Where the rate came from, e.g. `imf-monthly-average` or `own rate (reported USD equivalent)`. */
  readonly source: string;
  /** The rates used, with their dates: one for a direct rate, two when triangulated. */
  readonly rates: readonly Rate[];
}

const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

export function money(value: Decimal.Value): string {
  return new D(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}

/** Rates of one currency against one quote from one source, sorted by date. */
type Series = readonly Rate[];

/** The rate for `date` (its day, or its month), else the nearest earlier one; null if none. */
export function rateOn(series: Series, date: string): { rate: Rate; exact: boolean } | null {
  let earlier: Rate | null = null;
  for (const rate of series) {
    const covers = rate.period === 'day' ? rate.date === date : rate.date.slice(0, 7) === date.slice(0, 7);
    if (covers) return { rate, exact: true };
    if (rate.date <= date) earlier = rate;
    else break;
  }
  return earlier ? { rate: earlier, exact: false } : null;
}

/**
 * Every series of a rates array, sorted once and remembered while the array lives: a converter
 * pricing thousands of amounts with the same rates (the aid-on-budget view) filters and sorts
 * them once, not per amount.
 */
const indexed = new WeakMap<readonly Rate[], { series: Map<string, Series>; quotes: Map<string, Set<string>> }>();

function indexOf(rates: readonly Rate[]) {
  let index = indexed.get(rates);
  if (!index) {
    const series = new Map<string, Rate[]>();
    const quotes = new Map<string, Set<string>>();
    for (const rate of rates) {
      const key = `${rate.currency}|${rate.quote}|${rate.source}`;
      const held = series.get(key);
      if (held) held.push(rate);
      else series.set(key, [rate]);
      const from = `${rate.source}|${rate.currency}`;
      quotes.set(from, (quotes.get(from) ?? new Set()).add(rate.quote));
    }
    for (const held of series.values()) held.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    index = { series, quotes };
    indexed.set(rates, index);
  }
  return index;
}

function seriesOf(rates: readonly Rate[], currency: string, quote: string, source: string): Series {
  return indexOf(rates).series.get(`${currency}|${quote}|${source}`) ?? [];
}

interface Path {
  readonly rate: Decimal;
  readonly used: Rate[];
  readonly exact: boolean;
  readonly source: string;
}

/** Every way to price `from` in `to` with one source's rates: direct, inverse, or through a shared quote. */
function paths(rates: readonly Rate[], from: string, to: string, date: string, source: string): Path[] {
  const found: Path[] = [];
  const direct = rateOn(seriesOf(rates, from, to, source), date);
  if (direct) found.push({ rate: new D(direct.rate.rate), used: [direct.rate], exact: direct.exact, source });
  const inverse = rateOn(seriesOf(rates, to, from, source), date);
  if (inverse) found.push({ rate: new D(1).dividedBy(inverse.rate.rate), used: [inverse.rate], exact: inverse.exact, source });
  const quotes = indexOf(rates).quotes.get(`${source}|${from}`) ?? new Set<string>();
  for (const quote of quotes) {
    if (quote === to) continue;
    const fromQ = rateOn(seriesOf(rates, from, quote, source), date);
    const toQ = quote === from ? null : rateOn(seriesOf(rates, to, quote, source), date);
    if (fromQ && toQ)
      found.push({
        rate: new D(fromQ.rate.rate).dividedBy(toQ.rate.rate),
        used: [fromQ.rate, toQ.rate],
        exact: fromQ.exact && toQ.exact,
        source,
      });
  }
  return found;
}

export interface ConvertRequest {
  readonly amount: string;
  readonly from: string;
  readonly to: string;
  /** The value date (else the transaction date) of the amount. */
  readonly date: string;
  /** The transaction's own rate (units of `to` per unit of `from`), where its source gives one. */
  readonly ownRate?: { readonly rate: string; readonly source: string } | null;
}

/**
 * Converts with `rates` (the rates of `from`, of `to` and of the pivot currencies), trying sources
 * in the order of `sources`: an exact date beats an earlier one; among equals, the earlier-listed
 * source wins; one source before two chained.
 */
export function convert(request: ConvertRequest, rates: readonly Rate[], sources: readonly string[]): Conversion | null {
  return convertBy(request, rates, sources, true);
}

/** `convert` without chaining two sources: it needs only the rates of `from` and `to`. */
export function convertInOneSource(request: ConvertRequest, rates: readonly Rate[], sources: readonly string[]): Conversion | null {
  return convertBy(request, rates, sources, false);
}

function convertBy(request: ConvertRequest, rates: readonly Rate[], sources: readonly string[], chain: boolean): Conversion | null {
  const { amount, from, to, date } = request;
  const base = { original: amount, originalCurrency: from, currency: to, date };
  if (from === to) return { ...base, amount: money(amount), rate: '1', method: 'same-currency', source: 'none', rates: [] };
  if (request.ownRate) {
    const rate = new D(request.ownRate.rate);
    return {
      ...base,
      amount: money(rate.times(amount)),
      rate: rate.toFixed(),
      method: 'own-rate',
      source: request.ownRate.source,
      rates: [],
    };
  }
  const best =
    choose(sources.flatMap((source) => paths(rates, from, to, date, source))) ??
    (chain ? choose(pivotPaths(rates, request, sources)) : undefined);
  if (!best) return null;
  return {
    ...base,
    amount: money(best.rate.times(amount)),
    rate: best.rate.toSignificantDigits(20).toFixed(),
    method: best.exact ? 'value-date' : 'nearest-earlier',
    source: best.source,
    rates: best.used,
  };
}

/** An exact-date path first; else the most recent; among equals, the earlier-listed source (the sort is stable). */
function choose(candidates: readonly Path[]): Path | undefined {
  return candidates.find((p) => p.exact) ?? [...candidates].sort((a, b) => latest(b).localeCompare(latest(a)))[0];
}

/**
 * Currencies two sources may both price, to chain them when no one source prices both currencies:
 * the IMF prices the SDR in dollars, a central bank the dollar in its own currency.
 */
export const PIVOT_CURRENCIES = ['USD', 'XDR', 'EUR'] as const;

/** Two legs through a pivot currency, each priced by whichever source does it best. */
function pivotPaths(rates: readonly Rate[], request: ConvertRequest, sources: readonly string[]): Path[] {
  const { from, to, date } = request;
  const found: Path[] = [];
  for (const pivot of PIVOT_CURRENCIES) {
    if (pivot === from || pivot === to) continue;
    const first = choose(sources.flatMap((source) => paths(rates, from, pivot, date, source)));
    const second = choose(sources.flatMap((source) => paths(rates, pivot, to, date, source)));
    if (!first || !second) continue;
    found.push({
      rate: first.rate.times(second.rate),
      used: [...first.used, ...second.used],
      exact: first.exact && second.exact,
      source: first.source === second.source ? first.source : `${first.source} + ${second.source}`,
    });
  }
  return found;
}

function latest(path: Path): string {
  return path.used.reduce((min, r) => (r.date < min ? r.date : min), '9999-12-31');
}
