import type { Writable } from 'node:stream';
import { csvCell, neutralised, writeSpreadsheetCsv } from '../../connectors/formats/csv.js';
import { batchesOf, type ExportColumn, type RowSource } from './columns.js';
import { write } from './write.js';

/** Characters of CSV gathered before a write. */
const FLUSH_AT = 1 << 16;
/** Excel reads a CSV as UTF-8 only when it starts with the byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Streams rows to CSV (UTF-8 with a byte-order mark, a header row), about 64 KB per write. A text
 * cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe
 * (OWASP's CSV injection advice); amounts stay numbers, "-12.50" a negative amount. Each line is
 * what `writeCsvCells` (papaparse's quoting) gives for the row's cells, built without them.
 */
export async function writeCsvExport<R>(
  output: Writable,
  columns: readonly ExportColumn<R>[],
  rows: RowSource<R>,
  onRow?: (row: R) => void,
): Promise<number> {
  let text =
    BYTE_ORDER_MARK +
    writeSpreadsheetCsv(
      [],
      columns.map((column) => column.header),
    );
  const texts = columns.map((column) => column.kind === 'text');
  let count = 0;
  for await (const batch of batchesOf(rows)) {
    for (const row of batch) {
      for (let i = 0; i < columns.length; i += 1) {
        const value = columns[i]!.value(row);
        if (i > 0) text += ',';
        if (value !== null) text += csvCell(texts[i] ? neutralised(String(value)) : String(value));
      }
      text += '\n';
      count += 1;
      onRow?.(row);
    }
    if (text.length >= FLUSH_AT) {
      await write(output, text);
      text = '';
    }
  }
  await write(output, text);
  return count;
}
