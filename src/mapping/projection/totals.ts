import { Decimal } from 'decimal.js';
import type { AmountKind } from '../../aid/projection-facts.js';
import type { TotalRow } from './sector-split.js';

/**
 * What totals can be grouped by: any of the view's filters. `sector` is the DAC sector category
 * (3 digits), each row's amounts split over its activity's categories (see sector-split.ts).
 */
export const TOTAL_KEYS = ['fiscalYear', 'donor', 'code', 'sector', 'financeType', 'treasury', 'budget', 'currency'] as const;
export type TotalKey = (typeof TOTAL_KEYS)[number];

export interface KindTotal {
  readonly amount: string;
  readonly onTreasury: string;
  readonly offTreasury: string;
}

/** The sums of the rows sharing one value of each grouped key, in the currency of presentation. */
export interface ProjectionTotal {
  readonly key: Readonly<Partial<Record<TotalKey, string | null>>>;
  readonly rows: number;
  /** Rows left out of the sums because no rate converts them (their amounts are null). */
  readonly unconverted: number;
  readonly amounts: Readonly<Record<AmountKind, KindTotal>>;
}

const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];

function keyOf(row: TotalRow, key: TotalKey): string | null {
  switch (key) {
    case 'fiscalYear':
      return row.fiscalYearLabel;
    case 'donor':
      return row.donor.ref ?? row.donor.name;
    case 'code':
      return row.code;
    case 'sector':
      return row.sector ?? null;
    case 'financeType':
      return row.financeType;
    case 'treasury':
      return row.alignment.onTreasury.status;
    case 'budget':
      return row.alignment.onBudget.status;
    case 'currency':
      return row.amounts.disbursed.transaction.currency;
  }
}

interface Sums {
  rows: number;
  unconverted: number;
  sums: Record<AmountKind, { amount: Decimal; on: Decimal; off: Decimal }>;
}

const zero = () => ({ amount: new Decimal(0), on: new Decimal(0), off: new Decimal(0) });

/** Totals of the rows by the keys asked (one grand total when none), in key order. */
export async function projectionTotals(rows: AsyncIterable<TotalRow>, by: readonly TotalKey[]): Promise<ProjectionTotal[]> {
  const groups = new Map<string, { key: Partial<Record<TotalKey, string | null>>; sums: Sums }>();
  for await (const row of rows) {
    const key = Object.fromEntries(by.map((k) => [k, keyOf(row, k)])) as Partial<Record<TotalKey, string | null>>;
    const id = JSON.stringify(by.map((k) => key[k]));
    let group = groups.get(id);
    if (!group) {
      group = { key, sums: { rows: 0, unconverted: 0, sums: { committed: zero(), disbursed: zero(), expended: zero(), forward: zero() } } };
      groups.set(id, group);
    }
    group.sums.rows += 1;
    if (KINDS.some((kind) => row.amounts[kind].presented.amount === null)) group.sums.unconverted += 1;
    for (const kind of KINDS) {
      const presented = row.amounts[kind].presented;
      const sum = group.sums.sums[kind];
      if (presented.amount === null) continue;
      sum.amount = sum.amount.plus(presented.amount);
      if (presented.onTreasury !== null) sum.on = sum.on.plus(presented.onTreasury);
      if (presented.offTreasury !== null) sum.off = sum.off.plus(presented.offTreasury);
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  return sorted.map(([, { key, sums }]) => ({
    key,
    rows: sums.rows,
    unconverted: sums.unconverted,
    amounts: Object.fromEntries(
      KINDS.map((kind) => {
        const s = sums.sums[kind];
        return [kind, { amount: s.amount.toFixed(2), onTreasury: s.on.toFixed(2), offTreasury: s.off.toFixed(2) }];
      }),
    ) as Record<AmountKind, KindTotal>,
  }));
}
