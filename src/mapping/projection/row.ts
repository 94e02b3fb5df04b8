import type { AmountKind } from '../../aid/projection-facts.js';
import type { AlignmentDimension } from '../types.js';
import type { FinanceTypeClass } from './finance-type.js';

/** The one row type of the aid-on-budget view: what the graph pages over and the exports write. */
export interface AidProjectionRow {
  readonly iatiIdentifier: string;
  readonly title: string | null;
  /** Start year of the national fiscal year, and its name ("2025/26"). */
  readonly fiscalYear: number;
  readonly fiscalYearLabel: string;
  /** 1–4 when quarters were asked for. */
  readonly quarter: number | null;
  /** The segment the money is split by, and this row's code in it (null: the unmapped remainder). */
  readonly segment: string;
  readonly code: string | null;
  readonly codeName: string | null;
  /** Per cent of the activity's money this row carries. */
  readonly share: string;
  /** The activity's code in each other segment where it maps to exactly one code. */
  readonly otherCodes: readonly SegmentCode[];
  readonly donor: Party;
  readonly implementer: Party | null;
  readonly counterpart: Party | null;
  readonly financeType: FinanceTypeClass;
  /** The IATI finance type it was read from (null when a linked loan decided, or none is published). */
  readonly iatiFinanceType: string | null;
  readonly alignment: Readonly<Record<AlignmentDimension, RowAlignment>>;
  readonly amounts: Readonly<Record<AmountKind, RowAmount>>;
}

export interface SegmentCode {
  readonly segment: string;
  readonly code: string;
  readonly name: string | null;
  readonly share: string;
}

export interface Party {
  readonly ref: string | null;
  readonly name: string | null;
}

export type AlignmentStatus = 'YES' | 'NO' | 'PARTLY' | 'UNKNOWN';

export interface RowAlignment {
  readonly status: AlignmentStatus;
  /** Per cent of the money aligned (PARTLY; 100 for YES, 0 for NO, null when unknown). */
  readonly share: string | null;
  readonly reasons: readonly string[];
}

/** One amount in the transaction currency, the national currency, USD and the currency of presentation. */
export interface RowAmount {
  readonly transaction: Money;
  readonly national: Converted;
  readonly usd: Converted;
  readonly presented: Converted;
}

export interface Money {
  readonly amount: string;
  readonly currency: string;
  /** The on- and off-treasury parts by the row's on-treasury share (on + off = amount); null when treasury is unknown. */
  readonly onTreasury: string | null;
  readonly offTreasury: string | null;
}

/** A converted amount, or, when no rate prices it, null amounts and the reason. */
export interface Converted {
  readonly amount: string | null;
  readonly currency: string;
  readonly onTreasury: string | null;
  readonly offTreasury: string | null;
  readonly rate: string | null;
  /** The date the amount was valued at (null for a zero with nothing behind it), and of the latest published rate used. */
  readonly valueDate: string | null;
  readonly rateDate: string | null;
  readonly source: string | null;
  readonly error: string | null;
}
