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

/** Reads any decimal syntax (exponents too); 100 significant digits is far beyond any amount. */
const Exact = Decimal.clone({ precision: 100 });

const PLAIN_DECIMAL = /^[+-]?\d+(?:\.\d*)?$/;

/**
 * An exact amount as an integer of 10^-scale units. Sums and shares are integer arithmetic
 * (BigInt): exact like decimal.js, and many times faster over every dimension of every activity.
 */
interface Fixed {
  readonly units: bigint;
  readonly scale: number;
}

function fixed(text: string): Fixed {
  // Plain notation as published; anything else (an exponent) goes through decimal.js, which refuses non-numbers.
  const plain = PLAIN_DECIMAL.test(text) ? text : new Exact(text).toFixed();
  const [whole = '', fraction = ''] = plain.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** `part / whole` in per cent, 2 dp, rounded half-even exactly (whole > 0). */
export function percent(part: bigint, whole: bigint): string {
  const scaled = part * 10_000n;
  let quotient = scaled / whole;
  let remainder = scaled - quotient * whole;
  // BigInt division truncates toward zero: step down to the floor for a negative part.
  if (remainder < 0n) [quotient, remainder] = [quotient - 1n, remainder + whole];
  const twice = remainder * 2n;
  if (twice > whole || (twice === whole && quotient % 2n !== 0n)) quotient += 1n;
  const sign = quotient < 0n ? '-' : '';
  const digits = (quotient < 0n ? -quotient : quotient).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const reasonKey = (result: DimensionResult) => `${String(result.value)}\u0000${result.reason}`;

/** Each component's value in units of the smallest scale any of them uses. */
function amounts(components: readonly AlignmentComponent[]): bigint[] {
  const values = components.map((component, index) => {
    try {
      return fixed(component.value.trim());
    } catch {
      throw new TributaryError('BAD_USER_INPUT', `alignment component ${index + 1}: value "${component.value}" is not a decimal number`);
    }
  });
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return values.map((v) => v.units * 10n ** BigInt(scale - v.scale));
}

const sum = (values: Iterable<bigint>): bigint => {
  let total = 0n;
  for (const value of values) total += value;
  return total;
};

/** Weights per component: by value, or by count with the reason value weighting would mislead. */
function weights(components: readonly AlignmentComponent[]): { weights: bigint[]; weighting: ActivityAlignment['weighting'] } {
  const values = amounts(components);
  const count = (why: string) => ({ weights: components.map(() => 1n), weighting: { by: 'count' as const, why } });
  const currencies = [...new Set(components.map((c) => c.currency.trim().toUpperCase()))].sort();
  if (components.length === 0) return count('no transactions');
  if (currencies.length > 1) {
    return count(
      `transactions in ${currencies.length} currencies (${currencies.join(', ')}) are counted, not summed; convert them to weigh by value`,
    );
  }
  // A reason whose corrections outweigh its payments, or a zero total, has no meaningful share.
  if (sum(values) <= 0n)
    return count('corrections outweigh payments for some reason, so the values give no share; transactions are counted');
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    const sums = new Map<string, bigint>();
    components.forEach((c, i) => {
      const key = reasonKey(c.result[dimension]);
      sums.set(key, (sums.get(key) ?? 0n) + (values[i] ?? 0n));
    });
    if ([...sums.values()].some((reasonSum) => reasonSum < 0n)) {
      return count('corrections outweigh payments for some reason, so the values give no share; transactions are counted');
    }
  }
  return { weights: values, weighting: { by: 'value', currency: currencies[0] ?? '' } };
}

function dimensionOf(
  components: readonly AlignmentComponent[],
  weights: readonly bigint[],
  total: bigint,
  dimension: AlignmentDimension,
): DimensionAlignment {
  const byValue = new Map<boolean | null, bigint>();
  const byReason = new Map<string, { value: boolean | null; reason: string; ruleIds: Set<string>; weight: bigint }>();
  components.forEach((component, i) => {
    const { value, ruleId, reason } = component.result[dimension];
    const weight = weights[i] ?? 0n;
    byValue.set(value, (byValue.get(value) ?? 0n) + weight);
    const key = reasonKey(component.result[dimension]);
    const entry = byReason.get(key) ?? { value, reason, ruleIds: new Set<string>(), weight: 0n };
    if (ruleId !== null) entry.ruleIds.add(ruleId);
    entry.weight += weight;
    byReason.set(key, entry);
  });
  const has = (value: boolean | null) => byValue.has(value);
  const status: AlignmentStatus =
    has(true) && !has(false) && !has(null) ? 'YES' : has(true) ? 'PARTLY' : has(false) && !has(null) ? 'NO' : 'UNKNOWN';
  const share = (part: bigint | undefined) => (components.length === 0 ? null : percent(part ?? 0n, total));
  const reasons = [...byReason.values()]
    .sort((a, b) => (b.weight > a.weight ? 1 : b.weight < a.weight ? -1 : 0) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .map((r) => ({ value: r.value, reason: r.reason, ruleIds: [...r.ruleIds].sort(), share: percent(r.weight, total) }));
  return { status, share: share(byValue.get(true)), unknownShare: share(byValue.get(null)), reasons, override: null, derived: null };
}

/** Per dimension: status, share that is yes, and each reason with its share. */
export function aggregateAlignment(components: readonly AlignmentComponent[]): ActivityAlignment {
  const { weights: w, weighting } = weights(components);
  const total = sum(w);
  const dimensions = {} as Record<AlignmentDimension, DimensionAlignment>;
  for (const dimension of ALIGNMENT_DIMENSIONS) dimensions[dimension] = dimensionOf(components, w, total, dimension);
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
