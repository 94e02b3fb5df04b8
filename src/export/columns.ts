/**
 * One column of an export, written the same way to XLSX and CSV. Amounts are exact decimal strings
 * ("1234.50") from the database and stay exact: XLSX stores their digits as they are, never a
 * binary float's rounding.
 */
export type ColumnKind = 'text' | 'decimal' | 'integer' | 'percent' | 'date';

export interface ExportColumn<R> {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Characters wide in a spreadsheet (default by kind). */
  readonly width?: number;
  /**
   * The spreadsheet number format of a decimal cell, e.g. `#,##0.00 "MWK"`: per row, so an amount
   * shows its own currency (default `#,##0.00`).
   */
  readonly format?: (row: R) => string;
  /** Text; a decimal, integer or percent as a number or exact decimal string; a date as YYYY-MM-DD. */
  value(row: R): string | number | null;
}

const formats = new Map<string, string>();

/** The number format showing a currency's code after the amount, as budget sheets do (asked for every amount cell: remembered). */
export function currencyFormat(currency: string | null | undefined): string {
  const given = currency ?? '';
  let format = formats.get(given);
  if (format === undefined) {
    const code = given.replace(/[^A-Z]/g, '');
    format = code ? `#,##0.00 "${code}"` : '#,##0.00';
    // A few hundred currencies exist; anything beyond is not remembered.
    if (formats.size < 1_000) formats.set(given, format);
  }
  return format;
}

const EXACT_NUMBER = /^-?\d+(\.\d+)?$/;

/** A number cell's digits, or undefined when the value is not a plain decimal number. */
export function numberText(value: string | number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  // Most cells are amounts already in the database's exact text: checked with one regular expression.
  return EXACT_NUMBER.test(value) ? value : undefined;
}

/** Rows to write: one at a time, or (an export's main sheet) in batches, for fewer asynchronous turns. */
export type RowSource<R> = AsyncIterable<R> | Iterable<R> | { readonly batches: AsyncIterable<readonly R[]> };

const BATCH = 1_000;

/** The rows of any source, a batch at a time. */
export async function* batchesOf<R>(rows: RowSource<R>): AsyncGenerator<readonly R[]> {
  if ('batches' in rows) {
    yield* rows.batches;
    return;
  }
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) yield [row];
    return;
  }
  let batch: R[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
