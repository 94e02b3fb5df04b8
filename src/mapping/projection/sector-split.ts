import { Decimal } from 'decimal.js';
import type { AmountKind } from '../../aid/projection-facts.js';
import { dacCategoryShares, type SectorShare } from '../../aid/sector-shares.js';
import type { EntityManager } from '../../db/orm.js';
import type { AidProjectionRow, Converted } from './row.js';
import { splitByShares } from './split.js';

/** A row, or the part of it one DAC sector category carries (totals by sector). */
export type TotalRow = AidProjectionRow & { readonly sector?: string | null };

const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];
/** Rows read before their activities' sectors are asked for, in one statement. */
const BATCH = 2_000;

/** `converted` in parts by `weights`: amounts and on-treasury parts to the cent, off = amount − on, so every part adds up. */
function splitConverted(converted: Converted, weights: readonly string[]): Converted[] {
  if (converted.amount === null) return weights.map(() => converted);
  const amounts = splitByShares(converted.amount, weights);
  const on = converted.onTreasury === null ? null : splitByShares(converted.onTreasury, weights);
  return amounts.map((amount, i) => {
    const onPart = on?.[i] ?? null;
    return {
      ...converted,
      amount,
      onTreasury: onPart,
      offTreasury: onPart === null ? null : new Decimal(amount).minus(onPart).toFixed(2),
    };
  });
}

/** The row in one part per sector category, its presented amounts split by the activity's percentages (equal parts where none is published). */
function splitRow(row: AidProjectionRow, shares: readonly SectorShare[]): TotalRow[] {
  if (shares.length <= 1) return [{ ...row, sector: shares[0]?.category ?? null }];
  const published = shares.every((s) => s.percentage !== null) && shares.some((s) => new Decimal(s.percentage ?? 0).gt(0));
  const weights = shares.map((s) => (published ? (s.percentage ?? '0') : '1'));
  const parts = Object.fromEntries(KINDS.map((kind) => [kind, splitConverted(row.amounts[kind].presented, weights)]));
  return shares.map((share, i) => ({
    ...row,
    sector: share.category,
    amounts: Object.fromEntries(
      KINDS.map((kind) => [kind, { ...row.amounts[kind], presented: parts[kind]![i]! }]),
    ) as AidProjectionRow['amounts'],
  }));
}

/**
 * The rows split over the DAC sector categories their activities report (activity-level
 * sectors), so totals by sector add up exactly to the rows' totals. A batch of rows at a time:
 * one statement per batch.
 */
export async function* bySector(em: EntityManager, rows: AsyncIterable<AidProjectionRow>): AsyncGenerator<TotalRow> {
  let batch: AidProjectionRow[] = [];
  const flush = async function* () {
    const shares = await dacCategoryShares(em, [...new Set(batch.map((r) => r.iatiIdentifier))]);
    const of = new Map<string, SectorShare[]>();
    for (const share of shares) of.set(share.iatiIdentifier, [...(of.get(share.iatiIdentifier) ?? []), share]);
    for (const row of batch) yield* splitRow(row, of.get(row.iatiIdentifier) ?? []);
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) yield* flush();
  }
  if (batch.length > 0) yield* flush();
}
