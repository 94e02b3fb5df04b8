import { TextDecoder } from 'node:util';
import Papa from 'papaparse';

/**
 * One CSV table read whole into memory (debt files are thousands of rows, not millions), with the
 * 1-based line each record starts on. Problems with the table as a whole (bytes that are not
 * UTF-8, an unclosed quote, a header naming a column twice, a row with too many cells) go to the
 * problem list; the caller decides what to do with a table that has them.
 */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Where a table's problems go: file, 1-based line (null for the whole table), column (or null), message. */
export interface TableProblems {
  add(file: string, row: number | null, column: string | null, message: string): void;
}

export interface CsvReadOptions {
  /** The table as it is named in messages. */
  readonly file: string;
  readonly delimiter?: string;
  readonly problems: TableProblems;
  readonly signal?: AbortSignal;
  /** Called with the bytes of each chunk read. */
  readonly onBytes?: (bytes: number) => void;
  /** Called after every 1,000 rows and at the end, with the rows read so far. */
  readonly onRows?: (rows: number) => void;
}

export async function readCsvTable(bytes: AsyncIterable<Buffer>, options: CsvReadOptions): Promise<CsvTable | null> {
  const { file, problems } = options;
  const decoded = await decodeWhole(bytes, options);
  if (decoded === null) return null;
  const text = decoded.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let header: readonly string[] | null = null;
  let failed = false;
  // papaparse's cursor is where the record just read ends; the next one starts there.
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter: options.delimiter ?? ',',
    step: (result, handle) => {
      const recordLine = line;
      const end = result.meta.cursor;
      line += count(text, '\n', start, end);
      start = end;
      const error = result.errors[0];
      if (error) {
        const message =
          error.code === 'MissingQuotes' ? 'a quoted cell is not closed before the end of the file' : `not valid CSV: ${error.message}`;
        problems.add(file, recordLine, null, message);
        failed = true;
        handle.abort();
        return;
      }
      const record = result.data;
      if (record.length === 1 && record[0] === '') return;
      if (header === null) {
        header = record.map((name) => name.trim());
        checkHeader(header, file, problems);
        return;
      }
      if (record.length !== header.length) {
        problems.add(file, recordLine, null, `the row has ${record.length} cells, the header ${header.length}`);
        return;
      }
      rows.push({ line: recordLine, cells: record });
      if (rows.length % 1000 === 0) options.onRows?.(rows.length);
    },
  });
  options.signal?.throwIfAborted();
  if (failed) return null;
  options.onRows?.(rows.length);
  if (header === null) {
    problems.add(file, null, null, 'the file is empty: no header row');
    return null;
  }
  return { file, header, rows };
}

async function decodeWhole(bytes: AsyncIterable<Buffer>, options: CsvReadOptions): Promise<string | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let offset = 0;
  const decode = (chunk?: Buffer): boolean => {
    try {
      parts.push(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
      return true;
    } catch {
      options.problems.add(options.file, null, null, `the bytes after offset ${offset} are not UTF-8; save the file as UTF-8`);
      return false;
    }
  };
  for await (const chunk of bytes) {
    options.signal?.throwIfAborted();
    options.onBytes?.(chunk.length);
    if (!decode(chunk)) return null;
    offset += chunk.length;
  }
  return decode() ? parts.join('') : null;
}

function checkHeader(header: readonly string[], file: string, problems: TableProblems): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.add(file, 1, name, 'the header names this column twice');
    seen.add(name);
  }
}

function count(text: string, char: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i !== -1 && i < to; i = text.indexOf(char, i + 1)) n += 1;
  return n;
}

/** The value of each named column in a row, by header position. */
export function columnIndex(header: readonly string[]): ReadonlyMap<string, number> {
  return new Map(header.map((name, i) => [name, i] as const));
}
