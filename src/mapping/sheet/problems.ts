import type { MappingProblem } from '../types.js';

/**
 * The stable codes of mapping sheet problems. The message is for the AIMS admin who uploaded the
 * sheet; the code is for the graph (`extensions.code`) and for tests.
 */
export const SHEET_PROBLEM_CODES = [
  // The file as a whole (row null, field "file").
  'NOT_A_SHEET',
  'EMPTY_SHEET',
  'TOO_LARGE',
  'INVALID_CSV',
  // The header row (field: the column).
  'NO_HEADER',
  'MISSING_COLUMN',
  'UNKNOWN_COLUMN',
  'DUPLICATE_COLUMN',
  // One cell or one row.
  'BAD_CELL',
  'EXTRA_CELLS',
  'MISSING_VALUE',
  'BAD_COUNTRY',
  'UNKNOWN_SCHEME',
  'BAD_SHARE',
  'BAD_FISCAL_YEAR',
  'BAD_ACTION',
  'MISSING_REASON',
  // Against the catalogue.
  'UNKNOWN_COUNTRY',
  'UNKNOWN_CODE',
  'RETIRED_CODE',
  // Between the rows of one group.
  'SHARES_NOT_100',
  'SHARES_OVER_100',
  'OVERLAPPING_VALIDITY',
  'DUPLICATE_ROW',
] as const;
export type SheetProblemCode = (typeof SHEET_PROBLEM_CODES)[number];

/** The sheet's columns, in the order problems of one row are reported. */
export const SHEET_COLUMNS = [
  'country',
  'source_scheme',
  'source_code',
  'target_scheme',
  'target_code',
  'share',
  'valid_from',
  'valid_to',
  'reason',
  'action',
] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];

export function problem(row: number | null, field: string, code: SheetProblemCode, message: string): MappingProblem {
  return { row, field, code, message };
}

/** "row 5" in a sheet; for a rule that is not from a sheet, the rule itself. */
export function rowName(row: number | null | undefined, rule?: { readonly targetScheme: string; readonly targetCode: string }): string {
  if (row !== null && row !== undefined) return `row ${row}`;
  return rule ? `the rule to ${rule.targetScheme} ${rule.targetCode}` : 'the rule';
}

/** Text as it appears in a message: quoted, shortened past 60 characters. */
export function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return JSON.stringify(short);
}

const FIELD_ORDER = new Map<string, number>(SHEET_COLUMNS.map((column, index) => [column, index]));

/** File problems first, then by row and by column (other fields last), so that a list reads like the sheet. */
export function sortProblems(problems: MappingProblem[]): MappingProblem[] {
  const rank = (p: MappingProblem): number => (p.row === null ? -1 : p.row);
  const fieldRank = (p: MappingProblem): number => FIELD_ORDER.get(p.field) ?? SHEET_COLUMNS.length;
  return problems
    .map((p, index) => ({ p, index }))
    .sort((a, b) => rank(a.p) - rank(b.p) || fieldRank(a.p) - fieldRank(b.p) || a.index - b.index)
    .map(({ p }) => p);
}
