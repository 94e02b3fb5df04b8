import type { BudgetStage } from './types.js';

/**
 * How to read one IFMIS export: which column is which segment, amount or stage, and how the file
 * is written. Kept as JSON under `mappings/ifmis/<name>.json`, or derived from a Fiscal Data
 * Package descriptor (`datapackage.json`) by `fromFiscalDataPackage`.
 *
 * A segment's code is built from one or more columns, top level first: `["GF", "FN", "SF"]` with
 * `join: "."` gives `2.1.3` (the default join is `-`). Empty columns at the end are dropped, so a
 * row coded only to a higher level gets that level's code. A column may be `{ "value": "…" }` for a
 * constant. Amounts come either wide (one column per stage) or long (one amount column and a stage
 * column; rows sharing the fiscal year and every code merge into one line).
 *
 * Numbers are read exactly (never as floats): surrounding spaces, a leading minus or accounting
 * parentheses `(1,500)` for a negative, a lone `-` for zero (accounting format), thousands
 * separators only in whole groups of three, and the declared decimal separator. An empty amount
 * cell means the line has no amount at that stage. Cells an XLSX stores as numbers need no format.
 */
export interface Constant {
  readonly value: string;
}

export type ColumnRef = string | Constant;

export interface SegmentColumns {
  /** Columns whose values, joined, make the code (top level first). */
  readonly columns: readonly string[];
  readonly join?: string;
  /** Strip leading zeros before joining (`007` → `7`); off by default. */
  readonly trimZeros?: boolean;
  /**
   * Codes that mean "no code in this segment" (e.g. `["0"]` for Mexico's CLAVE_CARTERA, where 0 is
   * a line outside any investment project): the line then has no code in the segment. Added with
   * the IFMIS connector; an empty cell means the same for an open segment.
   */
  readonly none?: readonly string[];
}

export interface LongAmounts {
  readonly amount: string;
  readonly stage: string;
  /** The stage column's values → tributary's stages; rows with other values are an error. */
  readonly stages: Readonly<Record<string, BudgetStage>>;
}

/**
 * Rows with one of `values` in `column`, or whose `column` matches `pattern` (a regular
 * expression, case-insensitive, e.g. `^total section`), are subtotals: checked, never loaded. A subtotal covers the
 * lines (non-subtotal rows, after long-format merging) of its fiscal year and currency whose code,
 * in every segment where the subtotal row has a code, is that code or one of its descendants in the
 * chart of accounts; segments left empty on the subtotal row are not constrained (a row with every
 * code empty is a grand total). For each stage the subtotal row carries, its amount must equal the
 * exact sum of the covered lines' amounts at that stage.
 */
export interface SubtotalRows {
  readonly column: string;
  readonly values?: readonly string[];
  readonly pattern?: string;
}

export interface ColumnMap {
  readonly name: string;
  readonly description?: string;
  /** ISO 3166 alpha-2: whose chart of accounts the codes are in. */
  readonly country: string;
  /** `csv` or `xlsx`; by default from the file name (`.csv`, `.csv.zip`, `.xlsx`). */
  readonly format?: 'csv' | 'xlsx';
  /** Declared encoding of a CSV (`utf-8`, `cp850`, `windows-1252`, `latin1`, `utf-16le`…). Without it, only UTF-8 (with or without BOM) is accepted. */
  readonly encoding?: string;
  readonly delimiter?: string;
  /** 1-based row holding the column names (default 1). */
  readonly headerRow?: number;
  /** XLSX: the sheet to read (default the first). */
  readonly sheet?: string;
  readonly fiscalYear: ColumnRef;
  readonly currency: ColumnRef;
  /** How numbers are written, e.g. `{ "thousands": ",", "decimal": "." }` or `{ "thousands": ".", "decimal": "," }`. */
  readonly numbers?: { readonly thousands?: string; readonly decimal?: string };
  /** Segment id (as in the country's coa.json) → the columns that make its code. */
  readonly segments: Readonly<Record<string, SegmentColumns>>;
  /** Wide format: stage → amount column. */
  readonly amounts?: Readonly<Partial<Record<BudgetStage, string>>>;
  /** Long format. */
  readonly long?: LongAmounts;
  readonly subtotals?: SubtotalRows;
}
