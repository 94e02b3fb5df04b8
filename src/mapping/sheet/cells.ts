import { TextDecoder } from 'node:util';
import Papa from 'papaparse';
import { MAX_SHEET_BYTES, fileProblem, type RawRow, type RawSheet } from './raw.js';
import { xlsxCells } from './xlsx.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * A sheet's bytes → rows of text cells, whatever the format. What the bytes are is decided by
 * their content, never by the file name: an XLSX workbook is a zip archive ("PK"), anything else
 * must be UTF-8 text, read as CSV.
 */
export async function sheetCells(bytes: Uint8Array, file: string, known: ReadonlySet<string>): Promise<RawSheet> {
  if (bytes.length === 0) return fileProblem('EMPTY_SHEET', file, 'the file is empty; upload a mapping sheet (CSV or XLSX)');
  if (bytes.length > MAX_SHEET_BYTES) {
    return fileProblem(
      'TOO_LARGE',
      file,
      `${bytes.length} bytes is more than a mapping sheet holds (at most ${MAX_SHEET_BYTES}); split it`,
    );
  }
  if (startsWith(bytes, ZIP)) return xlsxCells(bytes, file);
  if (startsWith(bytes, OLE2)) {
    return fileProblem(
      'NOT_A_SHEET',
      file,
      'an Excel 97–2003 workbook (.xls) or another old Office file; save it as .xlsx or as CSV UTF-8',
    );
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return fileProblem('NOT_A_SHEET', file, 'a PDF document, not a CSV or XLSX sheet');
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return fileProblem('NOT_A_SHEET', file, 'UTF-16 text (Excel\'s "Unicode text"); save it as CSV UTF-8 or .xlsx');
  }
  if (bytes.subarray(0, 8192).includes(0)) return fileProblem('NOT_A_SHEET', file, 'a binary file, not a CSV or XLSX sheet');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fileProblem('INVALID_CSV', file, `not UTF-8 text (from line ${firstBadLine(bytes)}); save it as CSV UTF-8 or .xlsx`);
  }
  return csvCells(text, file, known);
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let at = 0; at <= bytes.length; at += 1) {
    if (at < bytes.length && bytes[at] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, at));
    } catch {
      return line;
    }
    line += 1;
    start = at + 1;
  }
  return line;
}

/** TextDecoder drops one byte-order mark; a file re-saved by some tools carries two. */
function csvCells(text: string, file: string, known: ReadonlySet<string>): RawSheet {
  const body = text.replace(/^\uFEFF+/, '');
  const delimiter = detectDelimiter(body, known);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, quoteChar: '"' });
  const rows: RawRow[] = [];
  let line = 0;
  for (const record of parsed.data) {
    const start = line + 1;
    line = start + record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    rows.push({ row: start, cells: record, bad: new Map() });
  }
  const broken = parsed.errors.find((error) => error.type === 'Quotes');
  if (broken) {
    const at = rows[Math.min(broken.row ?? 0, rows.length - 1)]?.row ?? 1;
    return fileProblem(
      'INVALID_CSV',
      file,
      `line ${at}: a quoted cell is not closed or is followed by text (${broken.message}); check the quotes from this line on`,
    );
  }
  return { rows, format: 'csv' };
}

/**
 * Comma or semicolon (Excel's CSV where the decimal separator is a comma): whichever splits the
 * first line into more of the sheet's column names, else whichever the line holds more of.
 */
export function detectDelimiter(text: string, known: ReadonlySet<string>): ',' | ';' {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const score = (delimiter: string): number =>
    first.split(delimiter).filter((name) => known.has(normaliseHeader(name.replace(/^\s*"|"\s*$/g, '')))).length;
  const commas = score(',');
  const semicolons = score(';');
  if (commas !== semicolons) return commas > semicolons ? ',' : ';';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** `Source Scheme`, `SOURCE-SCHEME` and `source_scheme` are the same column. */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}
