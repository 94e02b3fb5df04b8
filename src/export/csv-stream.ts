import type { Writable } from 'node:stream';
import { CsvNumber, writeSpreadsheetCsv, type CsvValue } from '../../connectors/formats/csv.js';
import type { ExportColumn } from './columns.js';
import { write } from './write.js';

const BATCH = 2_000;
/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** Text as it is (a formula-like start is neutralised by the writer); numbers and dates exactly as given. */
function cell<R>(column: ExportColumn<R>, row: R): CsvValue | CsvNumber {
  const value = column.value(row);
  if (value === null) return null;
  return column.kind === 'text' ? String(value) : new CsvNumber(String(value));
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
  onRow?: () => void,
): Promise<number> {
  await write(
    output,
    BYTE_ORDER_MARK +
      writeSpreadsheetCsv(
        [],
        columns.map((column) => column.header),
      ),
  );
  let batch: (CsvValue | CsvNumber)[][] = [];
  let count = 0;
  for await (const row of rows) {
    batch.push(columns.map((column) => cell(column, row)));
    count += 1;
    onRow?.();
    if (batch.length === BATCH) {
      await write(output, writeSpreadsheetCsv(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await write(output, writeSpreadsheetCsv(batch));
  return count;
}
