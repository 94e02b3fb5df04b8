import type { ActivityTransaction } from '../../aid/facts.js';
import type { Converter } from '../../finance/rate-lookup.js';
import { centsOf } from '../../finance/cents.js';
import { converted, convertedPart, money, sharesIn, type Priced } from './build.js';
import type { Placement } from './chunk-facts.js';
import type { RowAmount } from './row.js';
import { splitCents, weightsOf, type OnShare } from './split.js';

/** A placement of an activity, or of one of its transactions (where its sectors or receiver differ from the activity's). */
export interface TransactionPlacement extends Placement {
  readonly transactionId: number | null;
}

/** How a transaction's money is priced: the national currency, the currency of presentation, the rates, the on-treasury share. */
export interface Pricing {
  readonly converter: Converter;
  readonly national: string;
  readonly presented: string;
  readonly treasury: OnShare | null;
}

/**
 * The codes of `segment` a transaction's money is split over in its fiscal year, the unmapped
 * remainder last: its own placements in the segment where it has any, else its activity's (as
 * `Transaction.coa` shows them).
 */
export function transactionShares(
  placements: readonly TransactionPlacement[],
  transactionId: number,
  segment: string,
  fiscalYear: number,
): { code: string | null; share: string }[] {
  const own = placements.filter((p) => p.transactionId === transactionId && p.segment === segment);
  return sharesIn(own.length > 0 ? own : placements.filter((p) => p.transactionId === null), segment, fiscalYear);
}

/** Several parts of a priced split added up, priced as one (its rate and dates are the whole's). */
function summed(priced: Priced, indices: readonly number[], treasury: OnShare | null) {
  const parts = priced.parts === null ? null : [indices.reduce((sum, i) => sum + priced.parts![i]!, 0n)];
  return convertedPart({ ...priced, parts }, 0, treasury);
}

/**
 * A transaction's value split over codes to the cent (largest remainder, as the aid-on-budget
 * view splits an activity's money: converted whole, then split), then added up over each group
 * of codes: the part of each asked code is the sum of the parts of the codes under it, so parts
 * over every code of the segment always add up to the transaction.
 */
export function transactionParts(
  transaction: Pick<ActivityTransaction, 'value' | 'valueDate' | 'currency'>,
  shares: readonly { share: string }[],
  groups: readonly (readonly number[])[],
  pricing: Pricing,
): RowAmount[] {
  const weights = weightsOf(shares.map((s) => s.share));
  const { converter, national: to, presented: shown, treasury } = pricing;
  const own = splitCents(centsOf(transaction.value), weights);
  const national = converted(converter, transaction, transaction.currency, to, weights);
  const usd = converted(converter, transaction, transaction.currency, 'USD', weights);
  const presented = shown === to ? national : converted(converter, transaction, transaction.currency, shown, weights);
  return groups.map((group) => ({
    transaction: money(
      group.reduce((sum, i) => sum + own[i]!, 0n),
      transaction.currency,
      treasury,
    ),
    national: summed(national, group, treasury),
    usd: summed(usd, group, treasury),
    presented: summed(presented, group, treasury),
  }));
}
