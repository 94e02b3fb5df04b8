import type { EntityManager } from '../db/orm.js';
import { centsText, scaled, timesToCents, type Scaled } from './cents.js';
import { convert, convertInOneSource, PIVOT_CURRENCIES, type Conversion, type ConvertRequest, type Rate } from './conversion.js';
import { financeDb } from './db.js';
import { anyText, rates } from './rows.js';

/**
 * Conversion for other domains (the aid-on-budget view): the rates of a few currencies and of
 * the pivots read once (two statements), then every amount converted in memory by the same rule
 * as the graph's `convert`, a result remembered per currency pair and date.
 */
export interface Converter {
  /** The amount in `to`, or null when no source prices the pair on or before the date. */
  convert(request: ConvertRequest): Conversion | null;
  /** The rate sources in the order they are tried. */
  readonly sources: readonly string[];
}

export async function converterFor(em: EntityManager, currencies: readonly string[]): Promise<Converter> {
  const db = financeDb(em);
  const wanted = [...new Set([...currencies.map((c) => c.toUpperCase()), ...PIVOT_CURRENCIES])];
  const [rows, sourceRows] = await Promise.all([
    rates(db).where('currency', '=', anyText(wanted)).orderBy('currency').orderBy('quote').orderBy('source').orderBy('date').execute(),
    db.selectFrom('fin_exchange_rate').select('source').distinct().execute(),
  ]);
  // The central bank's own rates before the IMF's, as the graph's loader orders them.
  const sources = sourceRows
    .map((r) => r.source)
    .sort((a, b) => Number(a.startsWith('imf')) - Number(b.startsWith('imf')) || a.localeCompare(b));
  const all: readonly Rate[] = rows;
  const remembered = new Map<string, { unit: Conversion; rate: Scaled } | null>();
  return {
    sources,
    convert(request) {
      const from = request.from.toUpperCase();
      const to = request.to.toUpperCase();
      const key = `${from}|${to}|${request.date}`;
      let priced = remembered.get(key);
      if (priced === undefined) {
        const one = { amount: '1', from, to, date: request.date };
        const unit = convertInOneSource(one, all, sources) ?? convert(one, all, sources);
        priced = unit && { unit, rate: scaled(unit.rate) };
        remembered.set(key, priced);
      }
      if (!priced) return null;
      // The rate found for one unit prices every amount of the pair that day (the rate as `convert`
      // reports it), exactly: amount × rate in integers, rounded half to even to the cent.
      return { ...priced.unit, original: request.amount, amount: centsText(timesToCents(request.amount, priced.rate)) };
    },
  };
}
