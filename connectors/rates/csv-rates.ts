import { Decimal } from 'decimal.js';
import { TributaryError } from '../../src/errors.js';
import { readCsvRecords } from '../formats/csv.js';
import { compileDateFormat, type DateReader } from '../formats/dates.js';
import { readAmount } from '../formats/numbers.js';
import type { RateRecord, RatesColumnMap } from './types.js';

/** A rates CSV read through its column map. Every bad cell is reported, with row and column. */
const FORMATS: Readonly<Record<string, DateReader>> = {
  'YYYY-MM-DD': compileDateFormat('YYYY-MM-DD'),
  'DD/MM/YYYY': compileDateFormat('D/M/YYYY'),
  'MM/DD/YYYY': compileDateFormat('M/D/YYYY'),
  'YYYY-MM': compileDateFormat('YYYY-MM', { monthOnly: true }),
};

export function parseDate(text: string, format: string): string | null {
  return FORMATS[format]?.(text) ?? null;
}

/** A positive plain amount (the map's separators, digits kept as written), or null. */
function parseNumber(text: string, numbers: RatesColumnMap['numbers']): string | null {
  const value = readAmount(text, numbers ?? {});
  return value !== null && !value.startsWith('-') && Number(value) > 0 ? value : null;
}

export function parseRatesCsv(text: string, file: string, map: RatesColumnMap): RateRecord[] {
  if (!FORMATS[map.date.format])
    throw new TributaryError('BAD_USER_INPUT', `${map.name}: date format must be one of ${Object.keys(FORMATS).join(', ')}`);
  let rows: Record<string, string>[];
  try {
    rows = readCsvRecords(text, { file, delimiter: map.delimiter ?? ',' });
  } catch (error) {
    throw new TributaryError('BAD_USER_INPUT', error instanceof Error ? error.message : String(error), { file });
  }
  const header = Object.keys(rows[0] ?? {});
  const needed = [map.date.column, map.rate.column, ...('column' in map.currency ? [map.currency.column] : [])];
  const missing = needed.filter((c) => !header.includes(c));
  if (rows.length && missing.length) {
    throw new TributaryError(
      'BAD_USER_INPUT',
      `${file}: no column ${missing.map((c) => `"${c}"`).join(', ')} (the header has ${header.join(', ')})`,
      { file, line: 1 },
    );
  }
  const errors: string[] = [];
  const records: RateRecord[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const date = parseDate(row[map.date.column] ?? '', map.date.format);
    const currency = ('value' in map.currency ? map.currency.value : (row[map.currency.column] ?? '')).trim().toUpperCase();
    const value = parseNumber(row[map.rate.column] ?? '', map.numbers);
    if (!date) errors.push(`row ${line}, column ${map.date.column}: "${row[map.date.column] ?? ''}" is not a ${map.date.format} date`);
    if (!/^[A-Z]{3}$/.test(currency)) errors.push(`row ${line}: currency "${currency}" is not an ISO 4217 code`);
    if (!value) errors.push(`row ${line}, column ${map.rate.column}: "${row[map.rate.column] ?? ''}" is not a positive number`);
    if (!date || !value || !/^[A-Z]{3}$/.test(currency)) return;
    // Inverting keeps 30 significant digits: far beyond any published rate's precision.
    const rate = map.inverse ? new Decimal(1).dividedBy(value).toSignificantDigits(30).toFixed() : value;
    records.push({ kind: 'rate', file, row: line, source: map.source, currency, quote: map.quote, period: map.period, date, rate });
  });
  if (errors.length) {
    throw new TributaryError(
      'BAD_USER_INPUT',
      `${file}: ${errors.length} bad cells, nothing imported: ${errors.slice(0, 20).join('; ')}${errors.length > 20 ? '; …' : ''}`,
      { file },
    );
  }
  return records;
}
