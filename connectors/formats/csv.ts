import Papa from 'papaparse';

/**
 * Small CSV files read and written whole, through papaparse (the parser the budget import streams
 * with): reference tables, chart-of-accounts folders, rate sheets, demo files. Large inputs stream
 * through `connectors/ifmis/rows.ts`; one table with line numbers and a problem list is
 * `readCsvTable` (`csv-table.ts`).
 */
export interface CsvRecordOptions {
  /** Default ",". */
  readonly delimiter?: string;
  /** Trim the spaces around every header name and cell. */
  readonly trim?: boolean;
  /** The file as it is named in errors. */
  readonly file?: string;
}

/**
 * The records of a CSV with a header row, keyed by the header's names: a byte-order mark is
 * dropped and empty lines skipped. A record with more or fewer cells than the header, or a quote
 * left open, throws (naming the file and line).
 */
export function readCsvRecords(input: string | Buffer, options: CsvRecordOptions = {}): Record<string, string>[] {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  const trim = options.trim ? (value: string) => value.trim() : undefined;
  const result = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter: options.delimiter ?? ',',
    skipEmptyLines: true,
    ...(trim ? { transform: trim, transformHeader: trim } : {}),
  });
  const error = result.errors[0];
  if (error) {
    const where = error.row === undefined ? '' : `, record ${error.row + 1}`;
    throw new Error(`${options.file ?? 'CSV'}${where}: not valid CSV: ${error.message}`);
  }
  return result.data;
}

/**
 * All records of a CSV as cell arrays, the header (if any) first: a byte-order mark is dropped,
 * empty lines are kept as `[""]` (so that an index is a line), records may differ in length. A
 * quote left open throws.
 */
export function readCsvRows(input: string | Buffer, options: CsvRecordOptions = {}): string[][] {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  if (text === '') return [];
  const trim = options.trim ? (value: string) => value.trim() : undefined;
  const result = Papa.parse<string[]>(text, { delimiter: options.delimiter ?? ',', ...(trim ? { transform: trim } : {}) });
  const error = result.errors[0];
  if (error) {
    const where = error.row === undefined ? '' : `, record ${error.row + 1}`;
    throw new Error(`${options.file ?? 'CSV'}${where}: not valid CSV: ${error.message}`);
  }
  const rows = result.data;
  // papaparse reads the line break that ends the last record as one more, empty, record.
  const last = rows.at(-1);
  if (last?.length === 1 && last[0] === '' && /\n$/.test(text)) rows.pop();
  return rows;
}

export type CsvValue = string | number | bigint | boolean | null | undefined;

/**
 * Rows as CSV text: "," between cells, "\n" after every row (the last too), a cell quoted when it
 * holds a comma, a quote or a line break; null and undefined are empty, true is "1", false empty.
 * `columns`, when given, is written first as the header.
 */
export function writeCsv(rows: readonly (readonly CsvValue[])[], columns?: readonly string[]): string {
  const data = rows.map((row) => row.map(cellText));
  if (columns === undefined && data.length === 0) return '';
  const text = Papa.unparse(columns ? { fields: [...columns], data } : data, {
    newline: '\n',
    delimiter: ',',
    header: columns !== undefined,
  });
  // papaparse ends a header-only text with a line break already.
  return data.length === 0 ? text.replace(/\n?$/, '\n') : `${text}\n`;
}

function cellText(value: CsvValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  return String(value);
}

/** A number written as its exact decimal text: never neutralised, so a negative amount stays a number in a spreadsheet. */
export class CsvNumber {
  constructor(readonly text: string) {}
}

/** Text a spreadsheet would run as a formula (OWASP's list): `=`, `+`, `-`, `@`, tab, carriage return first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet must show it: one that starts like a formula gets a leading `'` (formula injection). */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What makes papaparse quote a cell: a line break, a quote, the delimiter, a byte-order mark, a space at either end. */
const NEEDS_QUOTES = /[\r\n",\uFEFF]|^ | $/;
/** Cells papaparse quoted, by their text: the same names and reasons come back row after row. */
const quotedCells = new Map<string, string>();
const QUOTED_REMEMBERED = 10_000;
const QUOTED_LENGTH = 200;

/** One cell as `writeCsvCells` writes it: as it is, or quoted as papaparse quotes it. */
export function csvCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? quoted(cell) : cell;
}

function quoted(cell: string): string {
  let text = quotedCells.get(cell);
  if (text === undefined) {
    text = Papa.unparse([[cell]], { newline: '\n', delimiter: ',' });
    if (cell.length <= QUOTED_LENGTH && quotedCells.size < QUOTED_REMEMBERED) quotedCells.set(cell, text);
  }
  return text;
}

/**
 * Rows of cells already as text, as CSV, "\n" after every row: exactly what `Papa.unparse` gives
 * for them. A cell that needs no quoting (most: amounts, codes, most names) is written as it is;
 * papaparse quotes every other one. The export's hot path: no conversion per cell, and papaparse's
 * work only where it changes something.
 */
export function writeCsvCells(rows: readonly (readonly string[])[]): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i += 1) {
      text += `${i > 0 ? ',' : ''}${csvCell(row[i]!)}`;
    }
    text += '\n';
  }
  return text;
}

/**
 * Rows for a file a person opens in a spreadsheet: like `writeCsv`, but text that starts like a
 * formula is neutralised with a leading `'` (formula injection), while `CsvNumber` cells keep
 * their exact text. No header when `columns` is omitted (to write a long file in pieces).
 */
export function writeSpreadsheetCsv(rows: readonly (readonly (CsvValue | CsvNumber)[])[], columns?: readonly string[]): string {
  const safe = (value: CsvValue | CsvNumber): CsvValue => {
    if (value instanceof CsvNumber) return value.text;
    return typeof value === 'string' ? neutralised(value) : value;
  };
  return writeCsv(
    rows.map((row) => row.map(safe)),
    columns?.map((column) => safe(column) as string),
  );
}
