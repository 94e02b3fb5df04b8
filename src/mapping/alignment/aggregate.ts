import { Decimal } from 'decimal.js';
import { TributaryError } from '../../errors.js';
import { ALIGNMENT_DIMENSIONS, type AlignmentDimension } from '../types.js';
import type { AlignmentResult, DimensionResult } from './evaluate.js';

/**
 * An activity's alignment from its transactions': per dimension, how much of the money is "yes".
 * Money is weighted by value when every transaction is in one currency (convert first to get
 * that); otherwise each transaction counts once, and `weighting` says so.
 */
export interface AlignmentComponent {
  /** Exact decimal text; negative for a correction. */
  readonly value: string;
  readonly currency: string;
  readonly result: AlignmentResult;
}

export type AlignmentStatus = 'YES' | 'NO' | 'PARTLY' | 'UNKNOWN';

export interface ReasonShare {
  readonly value: boolean | null;
  readonly reason: string;
  /** The rules that gave this reason (empty for an override). */
  readonly ruleIds: readonly string[];
  /** Per cent of the activity (2 dp, half-even). */
  readonly share: string;
}

export interface AlignmentOverride {
  readonly value: boolean;
  readonly reason: string;
  readonly by: string;
}

export interface DimensionAlignment {
  /** YES: all yes; NO: all no; PARTLY: some yes, the rest no or unknown; UNKNOWN: nothing yes, not all no. */
  readonly status: AlignmentStatus;
  /** Per cent that is yes (2 dp, half-even); null when there is nothing to weigh. */
  readonly share: string | null;
  /** Per cent whose value is unknown. */
  readonly unknownShare: string | null;
  /** Each distinct reason with its share, largest first. */
  readonly reasons: readonly ReasonShare[];
  /** The administrator's decision, when one replaces what the rules derived. */
  readonly override: AlignmentOverride | null;
  /** What the rules derived, kept visible under an override. */
  readonly derived: Omit<DimensionAlignment, 'override' | 'derived'> | null;
}

export interface ActivityAlignment {
  readonly weighting: { readonly by: 'value'; readonly currency: string } | { readonly by: 'count'; readonly why: string };
  readonly dimensions: Readonly<Record<AlignmentDimension, DimensionAlignment>>;
}

/** Exact sums of money: 100 significant digits is far beyond any activity's total. */
const Exact = Decimal.clone({ precision: 100 });

/** `part / whole` in per cent, 2 dp, rounded half-even exactly (no float, no double rounding). */
export function percent(part: Decimal, whole: Decimal): string {
  const scaled = part.times(10_000);
  let quotient = scaled.div(whole).floor();
  let remainder = scaled.minus(quotient.times(whole));
  // div rounds to the precision; step back to the true floor if that rounding crossed an integer.
  while (remainder.isNegative() && !remainder.isZero()) [quotient, remainder] = [quotient.minus(1), remainder.plus(whole)];
  while (remainder.gte(whole)) [quotient, remainder] = [quotient.plus(1), remainder.minus(whole)];
  const twice = remainder.times(2);
  if (twice.gt(whole) || (twice.eq(whole) && quotient.mod(2).eq(1))) quotient = quotient.plus(1);
  return quotient.div(100).toFixed(2);
}

const reasonKey = (result: DimensionResult) => `${String(result.value)}\u0000${result.reason}`;

function amount(component: AlignmentComponent, index: number): Decimal {
  try {
    return new Exact(component.value.trim());
  } catch {
    throw new TributaryError('BAD_USER_INPUT', `alignment component ${index + 1}: value "${component.value}" is not a decimal number`);
  }
}

/** Weights per component: by value, or by count with the reason value weighting would mislead. */
function weights(components: readonly AlignmentComponent[]): { weights: Decimal[]; weighting: ActivityAlignment['weighting'] } {
  const values = components.map(amount);
  const count = (why: string) => ({ weights: components.map(() => new Exact(1)), weighting: { by: 'count' as const, why } });
  const currencies = [...new Set(components.map((c) => c.currency.trim().toUpperCase()))].sort();
  if (components.length === 0) return count('no transactions');
  if (currencies.length > 1) {
    return count(
      `transactions in ${currencies.length} currencies (${currencies.join(', ')}) are counted, not summed; convert them to weigh by value`,
    );
  }
  // A reason whose corrections outweigh its payments, or a zero total, has no meaningful share.
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    const sums = new Map<string, Decimal>();
    components.forEach((c, i) => {
      const key = reasonKey(c.result[dimension]);
      sums.set(key, (sums.get(key) ?? new Exact(0)).plus(values[i] ?? 0));
    });
    const total = [...sums.values()].reduce((a, b) => a.plus(b), new Exact(0));
    if (!total.isPositive() || total.isZero() || [...sums.values()].some((sum) => sum.isNegative() && !sum.isZero())) {
      return count('corrections outweigh payments for some reason, so the values give no share; transactions are counted');
    }
  }
  return { weights: values, weighting: { by: 'value', currency: currencies[0] ?? '' } };
}

function dimensionOf(
  components: readonly AlignmentComponent[],
  weights: readonly Decimal[],
  dimension: AlignmentDimension,
): DimensionAlignment {
  const total = weights.reduce((a, b) => a.plus(b), new Exact(0));
  const byValue = new Map<boolean | null, Decimal>();
  const byReason = new Map<string, { value: boolean | null; reason: string; ruleIds: Set<string>; weight: Decimal }>();
  components.forEach((component, i) => {
    const { value, ruleId, reason } = component.result[dimension];
    const weight = weights[i] ?? new Exact(0);
    byValue.set(value, (byValue.get(value) ?? new Exact(0)).plus(weight));
    const key = reasonKey(component.result[dimension]);
    const entry = byReason.get(key) ?? { value, reason, ruleIds: new Set<string>(), weight: new Exact(0) };
    if (ruleId !== null) entry.ruleIds.add(ruleId);
    entry.weight = entry.weight.plus(weight);
    byReason.set(key, entry);
  });
  const has = (value: boolean | null) => byValue.has(value);
  const status: AlignmentStatus =
    has(true) && !has(false) && !has(null) ? 'YES' : has(true) ? 'PARTLY' : has(false) && !has(null) ? 'NO' : 'UNKNOWN';
  const share = (part: Decimal | undefined) => (components.length === 0 ? null : percent(part ?? new Exact(0), total));
  const reasons = [...byReason.values()]
    .sort((a, b) => b.weight.comparedTo(a.weight) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .map((r) => ({ value: r.value, reason: r.reason, ruleIds: [...r.ruleIds].sort(), share: percent(r.weight, total) }));
  return { status, share: share(byValue.get(true)), unknownShare: share(byValue.get(null)), reasons, override: null, derived: null };
}

/** Per dimension: status, share that is yes, and each reason with its share. */
export function aggregateAlignment(components: readonly AlignmentComponent[]): ActivityAlignment {
  const { weights: w, weighting } = weights(components);
  const dimensions = {} as Record<AlignmentDimension, DimensionAlignment>;
  for (const dimension of ALIGNMENT_DIMENSIONS) dimensions[dimension] = dimensionOf(components, w, dimension);
  return { weighting, dimensions };
}

/**
 * An administrator's decision for one dimension of one activity replaces the derived value; the
 * derived result stays under `derived`, so both reasons remain visible.
 */
export function applyOverride(result: DimensionAlignment, override: AlignmentOverride): DimensionAlignment {
  if (!override.reason.trim()) throw new TributaryError('BAD_USER_INPUT', 'an alignment override needs a reason', { field: 'reason' });
  if (!override.by.trim())
    throw new TributaryError('BAD_USER_INPUT', 'an alignment override needs the name of who made it', { field: 'by' });
  const { status, share, unknownShare, reasons } = result.derived ?? result;
  return {
    status: override.value ? 'YES' : 'NO',
    share: override.value ? '100.00' : '0.00',
    unknownShare: '0.00',
    reasons: [{ value: override.value, reason: override.reason, ruleIds: [], share: '100.00' }],
    override,
    derived: { status, share, unknownShare, reasons },
  };
}
