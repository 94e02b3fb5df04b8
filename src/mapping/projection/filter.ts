import type { FinanceTypeClass } from './finance-type.js';

/** The four ways an alignment filter can ask: `on` takes YES and PARTLY rows, `off` NO and PARTLY. */
export const ALIGNMENT_FILTERS = ['on', 'off', 'partly', 'unknown'] as const;
export type AlignmentFilter = (typeof ALIGNMENT_FILTERS)[number];

/** What the aid-on-budget view is asked for, checked (see `checkedFilter` in the resolver). */
export interface ProjectionFilter {
  /** Upper-case ISO code of a country whose chart finance holds. */
  readonly country: string;
  /** The segment rows are split by (default: the administrative one). */
  readonly segment: string;
  /** Start years of the national fiscal years kept (all when empty). */
  readonly fiscalYears: readonly number[];
  readonly quarters: boolean;
  readonly treasury: readonly AlignmentFilter[];
  readonly budget: readonly AlignmentFilter[];
  /** Reporting organisations (IATI ref, or name where none). */
  readonly donors: readonly string[];
  /** DAC purpose codes (5 digits) or categories (3). */
  readonly sectors: readonly string[];
  /** Codes of the administrative segment at any level (a vote takes its cost centres). */
  readonly votes: readonly string[];
  readonly financeTypes: readonly FinanceTypeClass[];
  /** Currency of presentation (ISO 4217). */
  readonly currency: string;
}

/** The statuses an alignment filter keeps. */
export function statusesFor(filters: readonly AlignmentFilter[]): string[] {
  const statuses = new Set<string>();
  for (const filter of filters) {
    if (filter === 'on') ['YES', 'PARTLY'].forEach((s) => statuses.add(s));
    if (filter === 'off') ['NO', 'PARTLY'].forEach((s) => statuses.add(s));
    if (filter === 'partly') statuses.add('PARTLY');
    if (filter === 'unknown') statuses.add('UNKNOWN');
  }
  return [...statuses];
}
