import type { ActivityProfile, AmountKind, YearAmount } from '../../aid/projection-facts.js';
import type { Converter } from '../../finance/rate-lookup.js';
import { ALIGNMENT_DIMENSIONS, type AlignmentDimension, type DimensionValue } from '../types.js';
import type { Placement } from './chunk-facts.js';
import { financeTypeClass } from './finance-type.js';
import type { AidProjectionRow, AlignmentStatus, Converted, Money, RowAlignment, RowAmount, SegmentCode } from './row.js';
import { labelOf, type Projection } from './setup.js';
import { centsOf, centsText } from '../../finance/cents.js';
import { onOffCents, onShareOf, splitCents, weightsOf, type OnShare, type Weights } from './split.js';

/** The rows of one activity: per fiscal year (quarter) and currency, one per code of the segment split by. */
export interface ActivityFacts {
  readonly profile: ActivityProfile;
  /** Its amounts, in fiscal year, quarter and currency order. */
  readonly amounts: readonly YearAmount[];
  readonly placements: readonly Placement[];
  readonly alignment: Partial<Record<AlignmentDimension, DimensionValue>> | undefined;
  readonly loanHeld: boolean;
}

const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];
const STATUSES: readonly string[] = ['YES', 'NO', 'PARTLY', 'UNKNOWN'];

export function alignmentOf(stored: ActivityFacts['alignment']): Record<AlignmentDimension, RowAlignment> {
  const entries = ALIGNMENT_DIMENSIONS.map((dimension): [AlignmentDimension, RowAlignment] => {
    const value = stored?.[dimension];
    const status = (value && STATUSES.includes(value.status) ? value.status : 'UNKNOWN') as AlignmentStatus;
    const share = status === 'YES' ? '100' : status === 'NO' ? '0' : status === 'PARTLY' ? (value?.share ?? null) : null;
    return [dimension, { status, share, reasons: (value?.reasons ?? []).map((r) => r.reason) }];
  });
  return Object.fromEntries(entries) as Record<AlignmentDimension, RowAlignment>;
}

const validIn = (fiscalYear: number) => (p: Placement) =>
  (p.validFrom === null || p.validFrom <= fiscalYear) && (p.validTo === null || p.validTo >= fiscalYear);

/** The codes an amount is split over in one segment: shares of one code summed, the unmapped remainder last. */
export function sharesIn(placements: readonly Placement[], segment: string, fiscalYear: number) {
  const byCode = new Map<string | null, { name: string | null; share: number }>();
  for (const p of placements.filter((p) => p.segment === segment).filter(validIn(fiscalYear))) {
    const held = byCode.get(p.code);
    byCode.set(p.code, { name: p.name, share: (held?.share ?? 0) + Number(p.share) });
  }
  const mapped = [...byCode.entries()].filter(([code]) => code !== null);
  const total = mapped.reduce((sum, [, v]) => sum + v.share, 0);
  const shares = mapped.map(([code, v]) => ({ code, name: v.name, share: fixed(v.share) }));
  if (total < 100 - 1e-9) shares.push({ code: null, name: null, share: fixed(100 - total) });
  return shares;
}

/** Shares are per cent with up to a few decimals: printed exactly as far as the rules give them. */
const fixed = (share: number) => String(Number(share.toFixed(6)));

function otherCodes(facts: ActivityFacts, projection: Projection, fiscalYear: number): SegmentCode[] {
  return projection.segments
    .filter((segment) => segment !== projection.filter.segment)
    .flatMap((segment) => {
      const shares = sharesIn(facts.placements, segment, fiscalYear);
      const only = shares[0];
      return shares.length === 1 && only?.code ? [{ segment, code: only.code, name: only.name, share: only.share }] : [];
    });
}

/** One kind of money in one currency for a whole group, before it is split over the codes. */
export interface Priced extends Omit<Converted, 'onTreasury' | 'offTreasury'> {
  /** The amount's part for each code, in cents; null when it could not be priced. */
  readonly parts: readonly bigint[] | null;
  /** Nothing of this kind that year. */
  readonly zero?: boolean;
}

/**
 * Most rows hold no money of some kinds (nothing expended yet, no forward budget): those amounts are
 * one frozen zero per currency, shared by every row, instead of new objects on each.
 */
const zeros = new Map<string, Converted & Money>();

function zeroIn(currency: string, treasury: OnShare | null): Converted & Money {
  const key = `${currency}|${treasury === null ? '' : 'parts'}`;
  let zero = zeros.get(key);
  if (!zero) {
    const part = treasury === null ? null : '0.00';
    zero = Object.freeze({
      amount: '0.00',
      currency,
      rate: null,
      valueDate: null,
      rateDate: null,
      source: null,
      error: null,
      onTreasury: part,
      offTreasury: part,
    });
    // Currencies are few; a hostile list of them is not remembered beyond a bound.
    if (zeros.size < 2_000) zeros.set(key, zero);
  }
  return zero;
}

export function converted(
  converter: Converter,
  amount: Pick<YearAmount, 'value' | 'valueDate'> | undefined,
  currency: string,
  to: string,
  weights: Weights,
): Priced {
  if (!amount) {
    // Nothing of this kind that year: zero in every currency, no rate needed.
    return {
      amount: '0.00',
      currency: to,
      rate: null,
      valueDate: null,
      rateDate: null,
      source: null,
      error: null,
      parts: weights.units.map(() => 0n),
      zero: true,
    };
  }
  const { value, valueDate } = amount;
  const conversion = converter.convert({ amount: value, from: currency, to, date: valueDate });
  if (!conversion) {
    const error = `no exchange rate from ${currency} to ${to} on or before ${valueDate} in any source (${converter.sources.join(', ') || 'no rates loaded'})`;
    return { amount: null, currency: to, rate: null, valueDate, rateDate: null, source: null, error, parts: null };
  }
  const rateDate = conversion.rates.reduce<string | null>((latest, r) => (latest === null || r.date > latest ? r.date : latest), null);
  return {
    amount: conversion.amount,
    currency: to,
    rate: conversion.rate,
    valueDate,
    rateDate,
    source: conversion.source,
    error: null,
    parts: splitCents(centsOf(conversion.amount), weights),
  };
}

/** A part and its on- and off-treasury parts, as text (none when the part or the treasury share is unknown). */
function onOff(
  part: bigint | null,
  treasury: OnShare | null,
): { amount: string | null; onTreasury: string | null; offTreasury: string | null } {
  if (part === null) return { amount: null, onTreasury: null, offTreasury: null };
  if (treasury === null) return { amount: centsText(part), onTreasury: null, offTreasury: null };
  const [on, off] = onOffCents(part, treasury);
  return { amount: centsText(part), onTreasury: centsText(on), offTreasury: centsText(off) };
}

export function money(part: bigint, currency: string, treasury: OnShare | null): Money {
  const { amount, onTreasury, offTreasury } = onOff(part, treasury);
  return { amount: amount!, currency, onTreasury, offTreasury };
}

export function convertedPart(priced: Priced, i: number, treasury: OnShare | null): Converted {
  if (priced.zero) return zeroIn(priced.currency, treasury);
  const { amount, onTreasury, offTreasury } = onOff(priced.parts?.[i] ?? null, treasury);
  return {
    amount,
    currency: priced.currency,
    rate: priced.rate,
    valueDate: priced.valueDate,
    rateDate: priced.rateDate,
    source: priced.source,
    error: priced.error,
    onTreasury,
    offTreasury,
  };
}

export function* activityRows(
  facts: ActivityFacts,
  projection: Projection,
  converter: Converter,
  voteCodes: ReadonlySet<string> | null,
): Generator<AidProjectionRow> {
  const { profile } = facts;
  const { filter, calendar } = projection;
  const iatiFinanceType = profile.defaultFinanceType ?? profile.transactionFinanceType;
  const financeType = financeTypeClass(iatiFinanceType, facts.loanHeld);
  if (filter.financeTypes.length > 0 && !filter.financeTypes.includes(financeType)) return;
  const alignment = alignmentOf(facts.alignment);
  const treasuryShare = alignment.onTreasury.share;
  const treasury = treasuryShare === null ? null : onShareOf(treasuryShare);
  const groups = new Map<string, YearAmount[]>();
  for (const amount of facts.amounts) {
    if (filter.fiscalYears.length > 0 && !filter.fiscalYears.includes(amount.fiscalYear)) continue;
    const key = `${amount.fiscalYear}|${amount.quarter ?? ''}|${amount.currency}`;
    const group = groups.get(key);
    if (group) group.push(amount);
    else groups.set(key, [amount]);
  }
  const party = (ref: string | null, name: string | null) => (ref === null && name === null ? null : { ref, name });
  const donor = { ref: profile.donorRef, name: profile.donorName };
  const implementer = party(profile.implementerRef, profile.implementerName);
  const counterpart = party(profile.counterpartRef, profile.counterpartName);
  for (const group of groups.values()) {
    const { fiscalYear, quarter, currency } = group[0]!;
    const codes = sharesIn(facts.placements, filter.segment, fiscalYear);
    const weights = weightsOf(codes.map((c) => c.share));
    const others = otherCodes(facts, projection, fiscalYear);
    const fiscalYearLabel = labelOf(calendar, fiscalYear);
    const perKind = KINDS.map((kind) => {
      const amount = group.find((a) => a.kind === kind);
      return {
        kind,
        transaction: splitCents(centsOf(amount?.value ?? '0'), weights),
        national: converted(converter, amount, currency, calendar.currency, weights),
        usd: converted(converter, amount, currency, 'USD', weights),
        // Presented in national currency (the default): the same amounts, priced once.
        presented: filter.currency === calendar.currency ? null : converted(converter, amount, currency, filter.currency, weights),
      };
    });
    for (const [i, code] of codes.entries()) {
      if (voteCodes && filter.segment === projection.administrative && (code.code === null || !voteCodes.has(code.code))) continue;
      const amounts = {} as Record<AmountKind, RowAmount>;
      for (const { kind, transaction, national, usd, presented } of perKind) {
        const nationalPart = convertedPart(national, i, treasury);
        amounts[kind] = {
          transaction: national.zero ? zeroIn(currency, treasury) : money(transaction[i]!, currency, treasury),
          national: nationalPart,
          usd: convertedPart(usd, i, treasury),
          presented: presented ? convertedPart(presented, i, treasury) : nationalPart,
        };
      }
      yield {
        iatiIdentifier: profile.iatiIdentifier,
        title: profile.title,
        fiscalYear,
        fiscalYearLabel,
        quarter,
        segment: filter.segment,
        code: code.code,
        codeName: code.name,
        share: code.share,
        otherCodes: others,
        donor,
        implementer,
        counterpart,
        financeType,
        iatiFinanceType: facts.loanHeld ? null : iatiFinanceType,
        alignment,
        amounts,
      };
    }
  }
}
