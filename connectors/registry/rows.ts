import { createReadStream } from 'node:fs';
import { decodeBytes } from '../formats/decode.js';
import { csvRows } from '../ifmis/rows.js';
import { openWorkbook } from '../formats/workbook.js';
import type { WorkbookRow } from '../formats/workbook-sheet.js';
import type { ZipLimits } from '../formats/zip.js';
import type { TableRow } from './table.js';

/** Where a sheet's rows go. */
export interface RowSink {
  take(row: TableRow): boolean;
  end(): void;
}

/**
 * Rows of a CSV file, through the IFMIS connector's reader: papaparse streaming, line numbers
 * that count the newlines inside quoted cells, and a declared encoding (UTF-8 by default).
 * Unreadable input is thrown as that connector's `BudgetFileError`, which the caller turns into
 * registry problems.
 */
export async function* csvTableRows(path: string, file: string, delimiter: string, encoding: string | undefined): AsyncGenerator<TableRow> {
  const bytes = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    yield* csvRows(decodeBytes(bytes as AsyncIterable<Buffer>, encoding, file), delimiter, file);
  } finally {
    bytes.destroy();
  }
}

/**
 * Every sheet of a workbook, in tab order: `sheetFor(name)` says where a sheet's rows go (or null
 * to skip it). Date-formatted cells arrive as ISO dates. Returns the names of the sheets.
 */
export async function readWorkbook(
  path: string,
  file: string,
  limits: ZipLimits,
  sheetFor: (name: string) => RowSink | null,
): Promise<string[]> {
  const workbook = await openWorkbook(path, file, limits);
  try {
    for (const name of workbook.sheets) {
      const sink = sheetFor(name);
      if (!sink) continue;
      for await (const row of workbook.rows(name)) if (!sink.take(tableRow(row))) break;
      sink.end();
    }
    return [...workbook.sheets];
  } finally {
    workbook.close();
  }
}

function tableRow(row: WorkbookRow): TableRow {
  const numeric = new Set<number>();
  const dates = new Set<number>();
  const cells = Array.from(row.cells, (cell, column) => {
    if (cell?.kind === 'number') numeric.add(column);
    if (cell?.kind === 'date') dates.add(column);
    return cell?.kind === 'boolean' ? cell.text.toLowerCase() : (cell?.text ?? '');
  });
  return { line: row.line, cells, numeric, dates };
}
