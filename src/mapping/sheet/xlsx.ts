import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { ShareDecimal } from './fields.js';
import { MAX_SHEET_ROWS, fileProblem, type FileProblem, type RawRow, type RawSheet } from './raw.js';

/**
 * An XLSX mapping sheet → rows of text cells. The worksheet named `mappings`, else the first
 * visible one. Number cells become exact decimal text as the spreadsheet shows them (33.33 stays
 * "33.33", 11110 is "11110"); a number formatted as a percentage (Excel stores 60% as 0.6)
 * becomes "60%".
 */

/** An XLSX workbook inflates without limit in the spreadsheet library: its directory is checked first. */
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
const MAX_RATIO = 1000;
const MAX_ENTRIES = 1000;

const SHEET_NAME = 'mappings';

/** Excel's precision: it shows and stores at most 15 significant digits. */
const SIGNIFICANT_DIGITS = 15;

export async function xlsxCells(bytes: Uint8Array, file: string): Promise<RawSheet> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refused = await checkArchive(buffer, file);
  if (refused) return refused;
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs reads an ArrayBuffer; a copy of the sheet's few megabytes at most.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (error) {
    return fileProblem(
      'NOT_A_SHEET',
      file,
      `not readable as an XLSX workbook (${errorText(error)}); save it again as .xlsx or as CSV UTF-8`,
    );
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.find((s) => s.name.trim().toLowerCase() === SHEET_NAME) ?? sheets.find((s) => s.state === 'visible') ?? sheets[0];
  if (!sheet) return fileProblem('EMPTY_SHEET', file, 'the workbook has no worksheet');
  if (sheet.rowCount > MAX_SHEET_ROWS + 1) {
    return fileProblem(
      'TOO_LARGE',
      file,
      `worksheet "${sheet.name}" has ${sheet.rowCount} rows, more than a mapping sheet holds (${MAX_SHEET_ROWS}); split it`,
    );
  }
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const bad = new Map<number, string>();
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const column = columnNumber - 1;
      while (cells.length < column) cells.push('');
      const read = cellText(cell.value, cell.numFmt);
      cells[column] = read.text;
      if (read.bad) bad.set(column, read.bad);
    });
    rows.push({ row: rowNumber, cells, bad });
  });
  return { rows, format: 'xlsx' };
}

async function checkArchive(buffer: Buffer, file: string): Promise<FileProblem | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    return fileProblem(
      'NOT_A_SHEET',
      file,
      `starts like a zip archive (XLSX) but is not readable as one (${errorText(error)}); save it again as .xlsx`,
    );
  }
  try {
    if (zip.entryCount > MAX_ENTRIES)
      return fileProblem('TOO_LARGE', file, `the archive holds ${zip.entryCount} parts, more than a workbook needs`);
    let total = 0;
    let workbook = false;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === 'xl/workbook.xml') workbook = true;
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (total > MAX_INFLATED_BYTES || ratio > MAX_RATIO) {
        return fileProblem(
          'TOO_LARGE',
          file,
          `${entry.fileName} expands ${Math.round(ratio)}× to ${entry.uncompressedSize} bytes; refused as a possible zip bomb`,
        );
      }
    }
    if (!workbook) {
      return fileProblem(
        'NOT_A_SHEET',
        file,
        'a zip archive but not an XLSX workbook (an OpenDocument or Word file?); save the sheet as .xlsx or as CSV UTF-8',
      );
    }
    return null;
  } catch (error) {
    return fileProblem('NOT_A_SHEET', file, `a damaged zip archive (${errorText(error)}); save it again as .xlsx`);
  } finally {
    zip.close();
  }
}

interface CellRead {
  readonly text: string;
  readonly bad?: string;
}

function cellText(value: ExcelJS.CellValue | undefined, numFmt: string | undefined): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') return numberCell(value, numFmt);
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('error' in value) return { text: value.error, bad: `the cell shows the error ${value.error}; correct the formula or type the value` };
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) {
      return {
        text: '',
        bad: 'the formula has no computed value in the file; open the workbook in a spreadsheet program and save it, or type the value',
      };
    }
    return cellText(value.result, numFmt);
  }
  if ('hyperlink' in value) return { text: typeof value.text === 'string' ? value.text : '' };
  return { text: '' };
}

function numberCell(value: number, numFmt: string | undefined): CellRead {
  if (!Number.isFinite(value)) return { text: String(value), bad: 'not a finite number' };
  // decimal.js reads a number through its shortest round-trip text (33.33 is "33.33", not
  // 33.3299…); 15 significant digits are what the spreadsheet shows and computes with, so a
  // formula's float noise goes too (=(1-0.9)*100 is 9.999999999999998 and shows as 10).
  const exact = new ShareDecimal(value).toSignificantDigits(SIGNIFICANT_DIGITS);
  if (isPercentFormat(numFmt)) return { text: `${exact.times(100).toFixed()}%` };
  return { text: exact.toFixed() };
}

/** A `%` in the number format outside quoted text and escapes: Excel shows the value × 100. */
export function isPercentFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return numFmt.replace(/"[^"]*"|\\./g, '').includes('%');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
