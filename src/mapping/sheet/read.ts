import type { MappingProblem } from '../types.js';
import { normaliseHeader, sheetCells } from './cells.js';
import { SHEET_COLUMNS, problem, quote, sortProblems, type SheetColumn } from './problems.js';
import { MAX_SHEET_ROWS, fileProblem, type RawRow } from './raw.js';
import { interpretRule, type SheetRow, type UnreadRow } from './rule.js';

export interface MappingSheet {
  /** The rows read without a problem, in sheet order. */
  readonly rows: SheetRow[];
  /** Every problem of the file, its header and its rows, file problems first, then by row and column. */
  readonly problems: MappingProblem[];
  /** Rows with a problem, as far as they could be read (for `validateMappingRows`). */
  readonly unread: UnreadRow[];
}

const OPTIONAL: ReadonlySet<SheetColumn> = new Set(['action']);
const KNOWN: ReadonlySet<string> = new Set(SHEET_COLUMNS);

/**
 * Reads a mapping sheet (CSV or XLSX, told apart by content) into rows, without judging them
 * against any catalogue. Never throws for what is in the file: a file that cannot be read is one
 * problem; a readable file gives every problem of its header, or of every row.
 */
export async function readMappingSheet(bytes: Uint8Array | Buffer, fileName: string): Promise<MappingSheet> {
  const refused = (p: MappingProblem): MappingSheet => ({ rows: [], problems: [p], unread: [] });
  const raw = await sheetCells(bytes, fileName, KNOWN);
  if ('problem' in raw) return refused(raw.problem);
  const lines = raw.rows.filter((row) => !isBlank(row));
  const header = lines[0];
  if (!header)
    return refused(fileProblem('EMPTY_SHEET', fileName, 'the sheet has no rows; it needs a header row and mapping rows').problem);
  if (lines.length > MAX_SHEET_ROWS + 1) {
    return refused(
      fileProblem('TOO_LARGE', fileName, `${lines.length - 1} rows is more than one sheet holds (${MAX_SHEET_ROWS}); split it`).problem,
    );
  }
  const bound = bindHeader(header, fileName);
  if ('problems' in bound) return { rows: [], problems: bound.problems, unread: [] };
  const body = lines.slice(1);
  if (body.length === 0) {
    return refused(fileProblem('EMPTY_SHEET', fileName, `the sheet has a header (row ${header.row}) but no mapping rows`).problem);
  }
  const rows: SheetRow[] = [];
  const problems: MappingProblem[] = [];
  const unread: UnreadRow[] = [];
  for (const line of body) {
    const read = readRow(line, bound.columns);
    problems.push(...read.problems);
    if (read.row) rows.push(read.row);
    if (read.unread) unread.push(read.unread);
  }
  return { rows, problems: sortProblems(problems), unread };
}

function isBlank(row: RawRow): boolean {
  return row.bad.size === 0 && row.cells.every((cell) => cell.trim() === '');
}

/** Column A, B … AA, as a spreadsheet names it (a CSV opened in one too). */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

type Bound = { readonly columns: ReadonlyMap<number, SheetColumn> } | { readonly problems: MappingProblem[] };

function bindHeader(header: RawRow, file: string): Bound {
  const columns = new Map<number, SheetColumn>();
  const seen = new Map<SheetColumn, number>();
  const problems: MappingProblem[] = [];
  const expected = `${SHEET_COLUMNS.filter((c) => !OPTIONAL.has(c)).join(', ')}, and optionally action`;
  const at = (index: number): string => `row ${header.row}, column ${columnLetter(index)}`;
  for (const [index, text] of header.cells.entries()) {
    const name = normaliseHeader(text);
    if (name === '') continue;
    const column = SHEET_COLUMNS.find((c) => c === name);
    if (!column) {
      const near = SHEET_COLUMNS.find((c) => c.replace(/_/g, '') === name.replace(/_/g, ''));
      const fix = near ? `did you mean ${near}? ` : '';
      problems.push(
        problem(
          header.row,
          text.trim(),
          'UNKNOWN_COLUMN',
          `${at(index)} ${quote(text.trim())}: not a column of the mapping sheet; ${fix}remove or rename it (the columns are ${expected})`,
        ),
      );
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      problems.push(
        problem(
          header.row,
          column,
          'DUPLICATE_COLUMN',
          `${at(index)} ${quote(text.trim())}: column ${columnLetter(earlier)} is ${column} already; remove one of the two`,
        ),
      );
      continue;
    }
    seen.set(column, index);
    columns.set(index, column);
  }
  if (seen.size === 0) {
    const found = header.cells.filter((cell) => cell.trim() !== '').map((cell) => quote(cell.trim()));
    return {
      problems: [
        problem(
          header.row,
          'header',
          'NO_HEADER',
          `${file}: row ${header.row} is not the header of a mapping sheet (it holds ${found.slice(0, 5).join(', ')}${found.length > 5 ? ' …' : ''}); ` +
            `the first row must name the columns ${expected}`,
        ),
      ],
    };
  }
  for (const column of SHEET_COLUMNS) {
    if (OPTIONAL.has(column) || seen.has(column)) continue;
    problems.push(
      problem(
        header.row,
        column,
        'MISSING_COLUMN',
        `the header (row ${header.row}) has no column ${column}; add it (the columns are ${expected})`,
      ),
    );
  }
  return problems.length > 0 ? { problems: sortProblems(problems) } : { columns };
}

interface ReadRow {
  readonly row: SheetRow | null;
  readonly problems: MappingProblem[];
  readonly unread: UnreadRow | null;
}

function readRow(line: RawRow, columns: ReadonlyMap<number, SheetColumn>): ReadRow {
  const texts: Partial<Record<SheetColumn, string>> = {};
  const cellProblems: MappingProblem[] = [];
  const badColumns = new Set<SheetColumn>();
  for (const [index, cell] of line.cells.entries()) {
    const column = columns.get(index);
    if (!column) {
      if (cell.trim() !== '') {
        cellProblems.push(
          problem(
            line.row,
            columnLetter(index),
            'EXTRA_CELLS',
            `row ${line.row}, column ${columnLetter(index)} ${quote(cell.trim())}: the column has no header; remove the value or move it to its column`,
          ),
        );
      }
      continue;
    }
    texts[column] = cell;
  }
  for (const [index, fix] of line.bad) {
    const column = columns.get(index);
    if (!column) continue;
    badColumns.add(column);
    cellProblems.push(problem(line.row, column, 'BAD_CELL', `row ${line.row}, ${column}: ${fix}`));
  }
  const read = interpretRule(texts, line.row);
  const problems = [...cellProblems, ...read.problems.filter((p) => !badColumns.has(p.field as SheetColumn))];
  if (read.rule && problems.length === 0) return { row: { ...read.rule, row: line.row }, problems, unread: null };
  return { row: null, problems, unread: read.unread ?? { row: line.row } };
}
