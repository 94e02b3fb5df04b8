import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { CsvError, parse } from 'csv-parse';
import type { ProblemList } from './problems.js';

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

export interface CsvReadOptions {
  /** The table as it is named in messages. */
  readonly file: string;
  readonly delimiter?: string;
  readonly problems: ProblemList;
  readonly signal?: AbortSignal;
  /** Called with the bytes of each chunk read. */
  readonly onBytes?: (bytes: number) => void;
  /** Called after every 1,000 rows and at the end, with the rows read so far. */
  readonly onRows?: (rows: number) => void;
}

export async function readCsvTable(bytes: AsyncIterable<Buffer>, options: CsvReadOptions): Promise<CsvTable | null> {
  const { file, problems } = options;
  const rows: CsvRow[] = [];
  let header: readonly string[] | null = null;
  let linesBefore = 0;
  let offset = 0;
  let decodingFailed = false;
  const decoded = async function* (): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decode = (chunk?: Buffer): string => {
      try {
        return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      } catch {
        decodingFailed = true;
        throw new Error(`the bytes after offset ${offset} are not UTF-8; save the file as UTF-8`);
      }
    };
    for await (const chunk of bytes) {
      options.onBytes?.(chunk.length);
      yield decode(chunk);
      offset += chunk.length;
    }
    yield decode();
  };
  const parser = parse({ delimiter: options.delimiter ?? ',', bom: true, raw: true, relax_column_count: true, skip_empty_lines: true });
  try {
    await pipeline(
      decoded,
      parser,
      async (records: AsyncIterable<{ record: string[]; raw: string }>) => {
        for await (const { record, raw } of records) {
          const leading = /^[\r\n]*/.exec(raw)?.[0] ?? '';
          const line = linesBefore + count(leading, '\n') + 1;
          linesBefore += count(raw, '\n');
          if (header === null) {
            header = record.map((name) => name.trim());
            checkHeader(header, file, problems);
            continue;
          }
          if (record.length !== header.length) {
            problems.add(file, line, null, `the row has ${record.length} cells, the header ${header.length}`);
            continue;
          }
          rows.push({ line, cells: record });
          if (rows.length % 1000 === 0) options.onRows?.(rows.length);
        }
      },
      ...(options.signal ? [{ signal: options.signal }] : []),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const where = error instanceof CsvError ? ((error as CsvError & { lines?: number }).lines ?? null) : null;
    problems.add(file, decodingFailed ? null : where, null, describeCsvError(error));
    return null;
  }
  options.onRows?.(rows.length);
  if (header === null) {
    problems.add(file, null, null, 'the file is empty: no header row');
    return null;
  }
  return { file, header, rows };
}

function checkHeader(header: readonly string[], file: string, problems: ProblemList): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.add(file, 1, name, 'the header names this column twice');
    seen.add(name);
  }
}

function describeCsvError(error: unknown): string {
  if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted cell is not closed before the end of the file';
  if (error instanceof CsvError) return `not valid CSV: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n += 1;
  return n;
}

/** The value of each named column in a row, by header position. */
export function columnIndex(header: readonly string[]): ReadonlyMap<string, number> {
  return new Map(header.map((name, i) => [name, i] as const));
}
