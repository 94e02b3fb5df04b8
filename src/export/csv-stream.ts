import type { Writable } from 'node:stream';
import { writeCsv, type CsvValue } from '../../connectors/formats/csv.js';
import type { ExportColumn } from './columns.js';
import { write } from './write.js';

const BATCH = 2_000;
/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * A text cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, so a hostile title is shown, never run (OWASP's CSV injection
 * advice). Number and date columns are written as they are: "-12.50" stays a negative amount.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell<R>(column: ExportColumn<R>, row: R): CsvValue {
  const value = column.value(row);
  if (value === null) return null;
  return column.kind === 'text' ? neutralised(String(value)) : value;
}

/** Streams rows to CSV (UTF-8 with a byte-order mark, a header row), one batch of rows per write. */
export async function writeCsvExport<R>(
  output: Writable,
  columns: readonly ExportColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  onRow?: () => void,
): Promise<number> {
  await write(
    output,
    BYTE_ORDER_MARK +
      writeCsv(
        [],
        columns.map((column) => neutralised(column.header)),
      ),
  );
  let batch: CsvValue[][] = [];
  let count = 0;
  for await (const row of rows) {
    batch.push(columns.map((column) => cell(column, row)));
    count += 1;
    onRow?.();
    if (batch.length === BATCH) {
      await write(output, writeCsv(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await write(output, writeCsv(batch));
  return count;
}
