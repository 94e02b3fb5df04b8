import type { CreditorCategory, Instrument, LoanStatus } from './types.js';
import type { NumberFormat } from '../formats/numbers.js';

/**
 * How to read one loan-level CSV export (a creditor's statement of loans, a debt office's list):
 * which column holds which fact of a `LoanRecord`, and how the file writes dates and numbers.
 * Kept as JSON under `mappings/debt/<name>.json` and checked by `checkColumnMap` when loaded.
 *
 * Every column the map names must be in the file's header. A fact can also be a constant
 * (`{ "value": "IBRD" }`) when the file does not carry it because it is the same for every row.
 */
export interface Constant<T extends string = string> {
  readonly value: T;
}

/** A column name, or a constant. */
export type ColumnRef = string | Constant;

/**
 * A fact read through a table of the source's words: the column's value (trimmed) is looked up
 * in `values`; a value not there takes `otherwise`, or is an error when there is no `otherwise`.
 * `about` documents the source's codes (it is not used to read).
 */
export interface CodedColumn<T extends string> {
  readonly column: string;
  readonly values: Readonly<Record<string, T>>;
  readonly otherwise?: T;
  readonly about?: Readonly<Record<string, string>>;
}

export type Coded<T extends string> = Constant<T> | CodedColumn<T>;

export interface CountryRule {
  /** Column holding an ISO 3166-1 alpha-2 code; or `value` for a one-country file. */
  readonly column?: string;
  readonly value?: string;
  /** Source codes that are not ISO 3166-1 alpha-2 today → the ISO code to record (`ZR` → `CD`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * Source codes that are not ISO but are accepted and recorded as they are, each with why
   * (regional codes, countries that no longer exist). Any other code is an error.
   */
  readonly accept?: Readonly<Record<string, string>>;
}

export type CurrencyRule =
  | Constant
  | {
      readonly column: string;
      /** ISO 4217 code recorded when the column is empty (the IBRD statement's is empty in every row: amounts are USD). */
      readonly whenEmpty?: string;
    };

export const DATE_FIELDS = ['signing', 'approval', 'effective', 'closing', 'firstRepayment', 'lastRepayment', 'asOf'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

export const AMOUNT_FIELDS = ['committed', 'disbursed', 'undisbursed', 'cancelled', 'repaid', 'outstanding'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

export const TERM_TYPES = ['text', 'date', 'amount'] as const;
export type TermType = (typeof TERM_TYPES)[number];

/** An extra column kept in `terms`: its text as is, or read as a date (`YYYY-MM-DD`) or an amount. */
export type TermColumn = string | { readonly column: string; readonly type: TermType };

export interface LoanColumnMap {
  /** The map's own name (its file name without `.json`). */
  readonly name: string;
  /** For people: what the file is, and why the map reads it as it does. */
  readonly description?: string | readonly string[];
  /** `LoanRecord.source`: which system the loans come from (with the loan number, their key). */
  readonly source: string;
  /** CSV field delimiter (default `,`). The file is UTF-8, with or without a byte-order mark. */
  readonly delimiter?: string;
  /** How dates are written, e.g. `MM/DD/YYYY hh:mm:ss AM` or `YYYY-MM-DD` (see `compileDateFormat`). */
  readonly dateFormat: string;
  readonly numbers?: NumberFormat;
  /** The loan number column: required in every row, unique in the file. */
  readonly loanNumber: string;
  readonly creditor: ColumnRef;
  readonly creditorCategory?: Coded<CreditorCategory>;
  readonly instrument: Coded<Instrument>;
  readonly country: CountryRule;
  readonly borrower?: string;
  readonly guarantor?: string;
  readonly projectId?: string;
  readonly projectName?: string;
  readonly status: Coded<LoanStatus>;
  readonly currency: CurrencyRule;
  /** Percent per year. */
  readonly interestRate?: string;
  readonly interestType?: Coded<'fixed' | 'variable'>;
  readonly dates?: Readonly<Partial<Record<DateField, string>>>;
  readonly amounts?: Readonly<Partial<Record<AmountField, string>>>;
  /** Term name → column; kept in `LoanRecord.terms` when the cell is not empty. */
  readonly terms?: Readonly<Record<string, TermColumn>>;
}

export function isConstant<T extends string>(ref: string | Constant<T> | { readonly column: string }): ref is Constant<T> {
  return typeof ref === 'object' && 'value' in ref;
}

/** Every column the map reads, with the map field that reads it (for "column not found" messages). */
export function mapColumns(map: LoanColumnMap): Map<string, string> {
  const columns = new Map<string, string>();
  const add = (column: string | undefined, field: string): void => {
    if (column !== undefined && !columns.has(column)) columns.set(column, field);
  };
  add(map.loanNumber, 'loanNumber');
  if (!isConstant(map.creditor)) add(map.creditor, 'creditor');
  for (const [field, coded] of [
    ['creditorCategory', map.creditorCategory],
    ['instrument', map.instrument],
    ['status', map.status],
    ['interestType', map.interestType],
  ] as const) {
    if (coded && !isConstant(coded)) add(coded.column, field);
  }
  add(map.country.column, 'country');
  if (!isConstant(map.currency)) add(map.currency.column, 'currency');
  for (const field of ['borrower', 'guarantor', 'projectId', 'projectName', 'interestRate'] as const) add(map[field], field);
  for (const [field, column] of Object.entries(map.dates ?? {})) add(column, `dates.${field}`);
  for (const [field, column] of Object.entries(map.amounts ?? {})) add(column, `amounts.${field}`);
  for (const [term, column] of Object.entries(map.terms ?? {})) add(typeof column === 'string' ? column : column.column, `terms.${term}`);
  return columns;
}
