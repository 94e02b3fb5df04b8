/**
 * An exchange rate as the rates connector produces it: one unit of `currency` is worth `rate`
 * units of `quote` on `date` (a day), or on average over the month that starts on `date`.
 */
export interface RateRecord {
  readonly kind: 'rate';
  readonly file: string;
  readonly row: number;
  readonly source: string;
  readonly currency: string;
  readonly quote: string;
  readonly period: 'day' | 'month';
  /** YYYY-MM-DD; the first of the month for monthly rates. */
  readonly date: string;
  /** Exact decimal text. */
  readonly rate: string;
}

/** How to read a rates CSV (a central bank's publication, say). Kept under `mappings/rates/<name>.json`. */
export interface RatesColumnMap {
  readonly name: string;
  readonly description?: string;
  /** Recorded with every rate, e.g. `reserve-bank-of-malawi`. */
  readonly source: string;
  readonly period: 'day' | 'month';
  readonly delimiter?: string;
  /** Column holding the date, and how it is written (`YYYY-MM-DD`, `DD/MM/YYYY`, `MM/DD/YYYY`, `YYYY-MM`). */
  readonly date: { readonly column: string; readonly format: string };
  /** The currency priced, from a column or a constant. */
  readonly currency: { readonly column: string } | { readonly value: string };
  /** The currency the price is in (the central bank's own currency, usually). */
  readonly quote: string;
  readonly rate: { readonly column: string };
  /** The file gives units of currency per one unit of quote; tributary stores the inverse. */
  readonly inverse?: boolean;
  readonly numbers?: { readonly thousands?: string; readonly decimal?: string };
}
