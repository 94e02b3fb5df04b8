import type { Writable } from 'node:stream';
import { neutralised, writeCsvCells, writeSpreadsheetCsv } from '../../connectors/formats/csv.js';
import type { ExportColumn } from './columns.js';
import { write } from './write.js';

const BATCH = 2_000;
/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** One row's cells as text: text neutralised if it starts like a formula, numbers and dates exactly as given. */
function cells<R>(columns: readonly ExportColumn<R>[], texts: readonly boolean[], row: R): string[] {
  const out = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i += 1) {
    const value = columns[i]!.value(row);
    out[i] = value === null ? '' : texts[i] ? neutralised(String(value)) : String(value);
  }
  return out;
}

/**
 * Streams rows to CSV (UTF-8 with a byte-order mark, a header row), one batch of rows per write.
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe (OWASP's CSV injection advice); amounts stay numbers, "-12.50" a negative amount.
 */
export async function writeCsvExport<R>(
  output: Writable,
  columns: readonly ExportColumn<R>[],
  rows: AsyncIterable<R> | Iterable<R>,
  onRow?: (row: R) => void,
): Promise<number> {
  await write(
    output,
    BYTE_ORDER_MARK +
      writeSpreadsheetCsv(
        [],
        columns.map((column) => column.header),
      ),
  );
  const texts = columns.map((column) => column.kind === 'text');
  let batch: string[][] = [];
  let count = 0;
  for await (const row of rows) {
    batch.push(cells(columns, texts, row));
    count += 1;
    onRow?.(row);
    if (batch.length === BATCH) {
      await write(output, writeCsvCells(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await write(output, writeCsvCells(batch));
  return count;
}
