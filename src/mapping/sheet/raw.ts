import type { MappingProblem } from '../types.js';
import { problem, type SheetProblemCode } from './problems.js';

/** One row of a sheet as text cells, before its columns are known. */
export interface RawRow {
  /** 1-based row of the sheet (CSV: the line the row starts on). */
  readonly row: number;
  readonly cells: readonly string[];
  /** Columns (0-based) whose cell holds no usable value, and what to do about it. */
  readonly bad: ReadonlyMap<number, string>;
}

export type RawSheet = { readonly rows: RawRow[]; readonly format: 'csv' | 'xlsx' } | FileProblem;

export interface FileProblem {
  readonly problem: MappingProblem;
}

/** A mapping sheet is a few thousand rows at most; anything far larger is a mistaken upload. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
export const MAX_SHEET_ROWS = 50_000;

/** A problem of the whole file, which stops the reading: row null, field "file". */
export function fileProblem(code: SheetProblemCode, file: string, message: string): FileProblem {
  return { problem: problem(null, 'file', code, `${file}: ${message}`) };
}
