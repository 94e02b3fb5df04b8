import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { TributaryError } from '../../src/errors.js';
import { countryCoa, type Coa } from '../../src/finance/coa/load.js';
import type { Progress } from '../source.js';
import type { ColumnMap } from './column-map.js';
import { decodeBytes } from '../formats/decode.js';
import { interpretRow, type InterpretContext } from './interpret.js';
import { LineBook } from './lines.js';
import { checkColumnMap } from './map.js';
import { bindHeader } from './plan.js';
import { ProblemList, fatal } from '../formats/problems.js';
import { csvRows, xlsxRows, type SheetRow } from './rows.js';
import { checkSubtotals } from './subtotals.js';
import type { BudgetRecord } from './types.js';
import { DEFAULT_ZIP_LIMITS, openZippedCsv, type ZipLimits } from '../formats/zip.js';
import { openWorkbook } from '../formats/workbook.js';

export interface ReadBudgetOptions {
  /** How the file is named in messages (defaults to the path). */
  readonly displayName?: string;
  /** The chart of accounts to check codes against (default: the map's country under mappings/coa/). */
  readonly coa?: Coa;
  /** A fiscal year for every line, replacing the map's (the CLI's `--fy`). */
  readonly fiscalYear?: string;
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: AbortSignal;
  readonly zipLimits?: ZipLimits;
}

/** Rows between two progress reports. */
const PROGRESS_ROWS = 5_000;

/** Every line of one budget export (see `budgetLines`), or a `BudgetFileError` with every problem. */
export async function readBudgetFile(path: string, map: ColumnMap, options: ReadBudgetOptions = {}): Promise<BudgetRecord[]> {
  const records: BudgetRecord[] = [];
  for await (const record of budgetLines(path, map, options)) records.push(record);
  return records;
}

/**
 * Reads one budget export through a column map and yields its lines. Every problem in the file
 * is collected and thrown together in one `BudgetFileError` when the whole file has been read,
 * so a consumer must treat what it received as void if the generator throws (the importer writes
 * in one transaction and rolls it back). A wide export's lines are yielded as they are read, while
 * no problem has been found, so that writing can overlap reading; a long export's lines only
 * once all of its rows are merged and checked.
 */
export async function* budgetLines(path: string, map: ColumnMap, options: ReadBudgetOptions = {}): AsyncGenerator<BudgetRecord> {
  const file = options.displayName ?? path;
  const coa = options.coa ?? countryCoa(map.country);
  checkColumnMap(map, coa);
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new TributaryError('FILE_NOT_FOUND', `cannot read ${file}: no such file`, { file });
    },
  );
  const format = map.format ?? (/\.xlsx$/i.test(path) ? 'xlsx' : 'csv');
  const zipped = /\.zip$/i.test(path);
  const limits = options.zipLimits ?? DEFAULT_ZIP_LIMITS;
  if (zipped && format === 'xlsx') throw fatal(file, 'INVALID_ZIP', 'an XLSX workbook is read as it is, not inside a zip');
  if (!zipped && format !== 'xlsx' && (await isZipArchive(path))) {
    throw fatal(
      file,
      'INVALID_CSV',
      'the file is a zip archive (an XLSX workbook?) but the column map reads CSV: set "format": "xlsx", or name a zipped CSV .zip',
    );
  }
  const workbook = format === 'xlsx' ? await openWorkbook(path, file, limits) : null;
  const opened = zipped ? await openZippedCsv(path, file, limits) : null;
  const input = workbook ? { workbook } : { bytes: opened?.stream ?? createReadStream(path, { highWaterMark: 256 * 1024 }) };
  const bytesTotal = workbook?.sheetSize(map.sheet ?? workbook.sheets[0] ?? '') ?? opened?.size ?? size;
  let bytesRead = 0;
  const counted = async function* (this: void, input: Readable): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        bytesRead += chunk.length;
        yield chunk;
      }
    } catch (error) {
      if (error instanceof TributaryError) throw error;
      // yauzl stops an entry that inflates past its declared size: the archive lies about itself.
      const message = error instanceof Error ? error.message : String(error);
      throw fatal(file, zipped ? 'INVALID_ZIP' : 'INVALID_CSV', `cannot read the file: ${message}`);
    }
  };
  const progress = (records: number): void => options.onProgress?.({ bytesRead, bytesTotal, records });
  const problems = new ProblemList(file);
  try {
    const rows = input.workbook
      ? xlsxRows(input.workbook, { sheet: map.sheet, file, onBytes: (n) => (bytesRead += n) })
      : csvRows(decodeBytes(counted(input.bytes), map.encoding, file), map.delimiter ?? ',', file);
    let count = 0;
    for await (const record of readRows(rows, map, coa, problems, { ...options, file, strictWidth: format === 'csv', progress })) {
      count += 1;
      yield record;
    }
    progress(count);
  } finally {
    if (input.workbook) input.workbook.close();
    else input.bytes.destroy();
    opened?.close();
  }
}

interface ReadContext {
  readonly file: string;
  readonly fiscalYear?: string;
  readonly signal?: AbortSignal;
  readonly strictWidth: boolean;
  readonly progress: (rows: number) => void;
}

async function* readRows(
  rows: AsyncIterable<SheetRow>,
  map: ColumnMap,
  coa: Coa,
  problems: ProblemList,
  read: ReadContext,
): AsyncGenerator<BudgetRecord> {
  const headerRow = map.headerRow ?? 1;
  let context: InterpretContext | null = null;
  let book: LineBook | null = null;
  let count = 0;
  for await (const row of rows) {
    if (row.line < headerRow) continue;
    if (!context) {
      if (row.line > headerRow) break;
      const plan = bindHeader(map, coa, row, problems);
      if (!plan) break;
      context = {
        plan,
        coa,
        numbers: map.numbers ?? {},
        problems,
        fiscalYear: read.fiscalYear,
        strictWidth: read.strictWidth,
        interned: new Map(),
      };
      book = new LineBook(plan, problems, read.file, coa.config.country);
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    const line = interpretRow(context, row);
    const added = line ? (book?.add(line) ?? null) : null;
    if (added && !context.plan.long && problems.total === 0) yield added;
    count += 1;
    if (count % PROGRESS_ROWS === 0) {
      read.progress(count);
      read.signal?.throwIfAborted();
    }
  }
  if (!context || !book) {
    if (problems.total === 0)
      problems.add('MISSING_COLUMN', headerRow, undefined, `the file has no header at row ${headerRow} (the map's headerRow)`);
    problems.throwIfAny();
    throw fatal(read.file, 'NO_LINES', 'no header row');
  }
  checkSubtotals(book, context.plan, coa, problems);
  if (book.lines.size === 0 && problems.total === 0)
    problems.add('NO_LINES', undefined, undefined, 'the file has a header but no budget lines');
  problems.throwIfAny();
  if (context.plan.long) yield* book.lines.values();
}

async function isZipArchive(path: string): Promise<boolean> {
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}
