import { TributaryError } from '../../src/errors.js';
import type { RateRecord } from './types.js';

/**
 * The IMF monthly average exchange rates as IATI.cloud ships them (`currency_monthlyaverage.json`):
 * `[{ year, month, currency_id, value }]`, where `value` is SDR (XDR) per unit of the currency.
 * Numbers are kept as the exact text the file has (JSON.parse would round them to binary floats).
 */
export const IMF_SOURCE = 'imf-monthly-average';
const DECIMAL = /^\d+(\.\d+)?(e-?\d+)?$/i;

interface Raw {
  year?: unknown;
  month?: unknown;
  currency_id?: unknown;
  value?: unknown;
}

/** Parses the file; every problem is collected, and the whole file is refused if there is any. */
export function parseImfMonthly(text: string, file: string): RateRecord[] {
  let data: unknown;
  try {
    // The reviver receives each number's source text, so rates stay exact.
    data = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' && context?.source ? context.source : value,
    );
  } catch (error) {
    throw new TributaryError('BAD_USER_INPUT', `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (!Array.isArray(data))
    throw new TributaryError('BAD_USER_INPUT', `${file}: expected a JSON array of {year, month, currency_id, value}`, { file });
  const errors: string[] = [];
  const records: RateRecord[] = [];
  (data as Raw[]).forEach((raw, index) => {
    const where = `record ${index + 1}`;
    const year = Number(raw.year);
    const month = Number(raw.month);
    const currency = typeof raw.currency_id === 'string' ? raw.currency_id.trim().toUpperCase() : '';
    const value = typeof raw.value === 'string' ? raw.value : '';
    if (!Number.isInteger(year) || year < 1900 || year > 2200) errors.push(`${where}: year "${String(raw.year)}" is not a year`);
    else if (!Number.isInteger(month) || month < 1 || month > 12) errors.push(`${where}: month "${String(raw.month)}" is not 1–12`);
    else if (!/^[A-Z]{3}$/.test(currency)) errors.push(`${where}: currency_id "${String(raw.currency_id)}" is not an ISO 4217 code`);
    else if (!DECIMAL.test(value) || Number(value) <= 0)
      errors.push(`${where} (${currency} ${year}-${month}): value "${String(raw.value)}" is not a positive number`);
    else {
      records.push({
        kind: 'rate',
        file,
        row: index + 1,
        source: IMF_SOURCE,
        currency,
        quote: 'XDR',
        period: 'month',
        date: `${year}-${String(month).padStart(2, '0')}-01`,
        rate: value,
      });
    }
  });
  if (errors.length) {
    const shown = errors.slice(0, 20).join('; ');
    throw new TributaryError(
      'BAD_USER_INPUT',
      `${file}: ${errors.length} bad rate records, nothing imported: ${shown}${errors.length > 20 ? '; …' : ''}`,
      { file },
    );
  }
  return records;
}
