/**
 * Small-cell suppression for aggregate tables: what goes in and what comes out. The rows that come
 * out are what an analyst may see; the `steps` are for the administrator who must explain why a
 * number is missing.
 */

/** One cell of an aggregate table: a combination of dimension values and its measures. */
export interface TableCell {
  /** A value for every dimension named in the options, e.g. { programme: 'SCTP', area: 'Balaka', sex: 'F' }. */
  readonly dims: Readonly<Record<string, string>>;
  /** The frequency (beneficiaries, households, payments) that decides whether the cell is sensitive. */
  readonly count: number;
  /** Exact decimals as text, e.g. { amount: '15000.00' }; hidden whenever the count is. */
  readonly sums?: Readonly<Record<string, string>>;
}

export interface SuppressOptions {
  /** The threshold: a cell or total with 0 < count < k is sensitive. Default 5. */
  readonly k?: number;
  /** Every dimension a cell carries, in the order used for labels and tie-breaks. */
  readonly dimensions: readonly string[];
  /**
   * The totals to return, each named by the dimensions it keeps: [['programme', 'area'], []] asks
   * for programme × area totals and the grand total. Every margin is protected whether or not it
   * is asked for, so asking changes what is returned, never which cells are hidden. A total's
   * `over` lists its dimensions in `dimensions` order.
   */
  readonly totals?: readonly (readonly string[])[];
}

export type SuppressionReason = 'primary' | 'secondary';

interface Shown {
  readonly suppressed: false;
  readonly reason: null;
  readonly count: number;
  readonly sums: Readonly<Record<string, string>>;
}

interface Hidden {
  readonly suppressed: true;
  readonly reason: SuppressionReason;
  readonly count: null;
  readonly sums: Readonly<Record<string, null>>;
}

/** A cell as published: its values, and either its measures or nulls. */
export type PublishedCell = (Shown | Hidden) & { readonly dims: Readonly<Record<string, string>> };

/** A total over the cells sharing the values of the dimensions in `over` (none: the grand total). */
export type PublishedTotal = PublishedCell & { readonly over: readonly string[] };

/** Why one number is hidden, in the order the decisions were made. */
export interface SuppressionStep {
  /** e.g. "programme=SCTP, area=Balaka, sex=F" or "total of programme=SCTP". */
  readonly item: string;
  readonly reason: SuppressionReason;
  /**
   * below-k: 0 < count < k. lone-unknown: it was the complement chosen for a group where one number
   * alone was hidden. linear-combination: part of a hypercube hidden around a number that several
   * groups added and subtracted together still revealed.
   */
  readonly rule: 'below-k' | 'lone-unknown' | 'linear-combination';
  /** The hidden number that would otherwise have been recovered. */
  readonly protects: string | null;
  /** The group (a total and the parts it adds up) that would have revealed it. */
  readonly via: string | null;
}

export interface SuppressionResult {
  readonly k: number;
  /** The input cells, in input order. */
  readonly cells: readonly PublishedCell[];
  /** The requested totals, in the order requested, each level in dimension-value order. */
  readonly totals: readonly PublishedTotal[];
  readonly steps: readonly SuppressionStep[];
}
