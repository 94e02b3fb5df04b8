import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { decodeBytes } from '../ifmis/decode.js';
import { numberText } from '../ifmis/numbers.js';
import { csvRows } from '../ifmis/rows.js';
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
 * Every sheet of a workbook, in one streaming pass: `sheetFor(name)` says where a sheet's rows
 * go (or null to skip it). Styles are read so that date-formatted cells arrive as dates.
 * Returns the names of the sheets seen.
 */
export async function readWorkbook(path: string, sheetFor: (name: string) => RowSink | null): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const seen: string[] = [];
  for await (const worksheet of reader) {
    const name = (worksheet as unknown as { name?: string }).name ?? `sheet ${seen.length + 1}`;
    seen.push(name);
    const sink = sheetFor(name);
    let reading = sink !== null;
    // Rows of a sheet not read are still drained: the reader parses the workbook in order.
    for await (const row of worksheet) if (reading) reading = sink?.take(sheetRow(row)) ?? false;
    sink?.end();
  }
  return seen;
}

type CellValue = ExcelJS.CellValue;

function sheetRow(row: ExcelJS.Row): TableRow {
  const values = row.values as CellValue[];
  const cells: string[] = [];
  const numeric = new Set<number>();
  const dates = new Set<number>();
  // `values` is 1-based (index 0 unused) and sparse.
  for (let column = 1; column < values.length; column += 1) {
    const cell = cellText(values[column]);
    cells.push(cell.text);
    if (cell.type === 'number') numeric.add(column - 1);
    if (cell.type === 'date') dates.add(column - 1);
  }
  return { line: row.number, cells, numeric, dates };
}

function cellText(value: CellValue | undefined): { text: string; type?: 'number' | 'date' } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') return { text: numberText(value) ?? String(value), type: 'number' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  // The library reads a date cell as that day at midnight UTC.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { text: '' } : { text: value.toISOString().slice(0, 10), type: 'date' };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('result' in value) return cellText(value.result as CellValue);
  if ('text' in value && typeof value.text === 'string') return { text: value.text };
  if ('error' in value) return { text: String(value.error) };
  return { text: '' };
}
