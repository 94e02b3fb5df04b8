import { BudgetFileError } from '../../../connectors/formats/problems.js';
import { openWorkbook, type Workbook } from '../../../connectors/formats/workbook.js';
import type { WorkbookCell, WorkbookRow } from '../../../connectors/formats/workbook-sheet.js';
import type { ZipLimits } from '../../../connectors/formats/zip.js';
import { TributaryError } from '../../errors.js';
import { ShareDecimal } from './fields.js';
import { MAX_SHEET_ROWS, fileProblem, type FileProblem, type RawRow, type RawSheet } from './raw.js';

/**
 * An XLSX mapping sheet → rows of text cells, through the budget connector's workbook reader.
 * The worksheet named `mappings`, else the first visible one. Number cells become exact decimal text as the spreadsheet shows them (33.33 stays
 * "33.33", 11110 is "11110"); a number formatted as a percentage (Excel stores 60% as 0.6)
 * becomes "60%".
 */

const LIMITS: ZipLimits = { maxBytes: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 1000 };

const SHEET_NAME = 'mappings';

/** Excel's precision: it shows and stores at most 15 significant digits. */
const SIGNIFICANT_DIGITS = 15;

export async function xlsxCells(bytes: Uint8Array, file: string): Promise<RawSheet> {
  let workbook: Workbook;
  try {
    workbook = await openWorkbook(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file, LIMITS);
  } catch (error) {
    return refusal(error, file);
  }
  try {
    const names = workbook.sheets;
    const name = names.find((n) => n.trim().toLowerCase() === SHEET_NAME) ?? names.find((n) => !workbook.hidden.has(n)) ?? names[0];
    if (name === undefined) return fileProblem('EMPTY_SHEET', file, 'the workbook has no worksheet');
    const rows: RawRow[] = [];
    for await (const row of workbook.rows(name)) {
      if (!row.cells.some((cell) => cell !== undefined)) continue;
      if (rows.length > MAX_SHEET_ROWS) {
        return fileProblem('TOO_LARGE', file, `worksheet "${name}" has more rows than a mapping sheet holds (${MAX_SHEET_ROWS}); split it`);
      }
      rows.push(rawRow(row));
    }
    return { rows, format: 'xlsx' };
  } catch (error) {
    return refusal(error, file);
  } finally {
    workbook.close();
  }
}

function rawRow(row: WorkbookRow): RawRow {
  const bad = new Map<number, string>();
  const cells = Array.from(row.cells, (cell, column) => {
    const read = cell ? cellText(cell) : { text: '' };
    if (read.bad) bad.set(column, read.bad);
    return read.text;
  });
  return { row: row.line, cells, bad };
}

/** The reader's refusals as the mapping sheet's problems, with what to do about them. */
function refusal(error: unknown, file: string): FileProblem {
  // The reader's messages name the file, as the sheet's problems do too.
  const message = (text: string): string => (text.startsWith(`${file}: `) ? text.slice(file.length + 2) : text);
  if (error instanceof TributaryError && error.code === 'LIMIT_EXCEEDED') return fileProblem('TOO_LARGE', file, message(error.message));
  if (error instanceof BudgetFileError) {
    return fileProblem(
      'NOT_A_SHEET',
      file,
      `${message(error.problems[0]?.message ?? error.message)}; save it again as .xlsx or as CSV UTF-8`,
    );
  }
  throw error;
}

interface CellRead {
  readonly text: string;
  readonly bad?: string;
}

function cellText(cell: WorkbookCell): CellRead {
  switch (cell.kind) {
    case 'number':
      return numberCell(cell);
    case 'error':
      return { text: cell.text, bad: `the cell shows the error ${cell.text}; correct the formula or type the value` };
    case 'uncomputed':
      return {
        text: '',
        bad: 'the formula has no computed value in the file; open the workbook in a spreadsheet program and save it, or type the value',
      };
    default:
      return { text: cell.text };
  }
}

function numberCell(cell: WorkbookCell): CellRead {
  // 15 significant digits are what the spreadsheet shows and computes with, so a formula's float
  // noise goes (=(1-0.9)*100 is 9.999999999999998 and shows as 10); the reader's text is the
  // number's shortest round-trip decimal (33.33, not 33.3299…).
  const exact = new ShareDecimal(cell.text).toSignificantDigits(SIGNIFICANT_DIGITS);
  if (cell.percent) return { text: `${exact.times(100).toFixed()}%` };
  return { text: exact.toFixed() };
}
