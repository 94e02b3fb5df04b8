import { AS_OF_MONTH, fiscalYearOf, firstOf, isoDay, lastOf, type Timeline } from './calendar.js';
import { MINISTRY, type Org, type Programme, type Publisher, type Status, type Text } from './catalogue.js';
import { splitByWeight, splitCents, type Random } from './random.js';

/**
 * One activity as it will be written: the catalogue entry plus the dates and money drawn for it.
 * Money is in integer cents of `currency` until it is rendered.
 */
export interface OrgLink {
  readonly org: Org;
  readonly activityId?: string;
}

export interface TransactionPlan {
  /** TransactionType: 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure, 11 incoming commitment. */
  readonly type: '1' | '2' | '3' | '4' | '11';
  readonly date: string;
  readonly cents: number;
  readonly currency: string;
  readonly description?: string;
  readonly provider: OrgLink;
  readonly receiver?: OrgLink;
  /** DisbursementChannel: 1 through the Treasury, 2 to the implementer's own account. */
  readonly channel?: '1' | '2';
}

export interface PeriodPlan {
  readonly start: string;
  readonly end: string;
  readonly cents: number;
  readonly currency: string;
}

export interface ActivityPlan {
  readonly identifier: string;
  readonly publisher: Publisher;
  readonly programme: Programme;
  readonly description: Text;
  readonly currency: string;
  readonly hierarchy?: 1 | 2;
  readonly status: Status;
  readonly timeline: Timeline;
  readonly dates: readonly { type: string; date: string }[];
  readonly participating: readonly (OrgLink & { role: '1' | '2' | '3' | '4' })[];
  readonly transactions: readonly TransactionPlan[];
  readonly budgets: readonly (PeriodPlan & { status: '1' | '2' })[];
  readonly planned: readonly (PeriodPlan & { provider: OrgLink; receiver: OrgLink })[];
  readonly related: readonly { type: '1' | '2'; ref: string }[];
  readonly lastUpdated: string;
}

/** A thousand units of a currency, in cents. */
export const THOUSAND = 100_000;

/** Roughly `millions`, rounded to whole thousands, in cents. */
export function roughCommitment(random: Random, millions: number): number {
  return Math.round(millions * 1000 * (0.85 + random.next() * 0.3)) * THOUSAND;
}

/**
 * Yearly budgets over the publisher's financial years, in whole thousands. The first and last
 * periods are cut to the activity's dates and get a share in proportion to the months they hold.
 */
export function yearlyBudgets(
  random: Random,
  t: Timeline,
  fiscalYearStart: number,
  cents: number,
  currency: string,
  status: Status,
): ActivityPlan['budgets'] {
  const periods: { from: number; to: number }[] = [];
  for (let y = fiscalYearOf(t.plannedStart, fiscalYearStart); y <= t.plannedEnd; y += 12) {
    periods.push({ from: Math.max(y, t.plannedStart), to: Math.min(y + 11, t.plannedEnd) });
  }
  const shares = splitByWeight(
    random,
    Math.round(cents / THOUSAND),
    periods.map((p) => p.to - p.from + 1),
    0.25,
  );
  return periods.map((p, i) => ({
    start: firstOf(p.from),
    end: lastOf(p.to),
    cents: (shares[i] ?? 0) * THOUSAND,
    currency,
    status: status === '1' ? ('1' as const) : ('2' as const),
  }));
}

/** Months in which money moved: every `step` months from the actual start, up to the end or the as-of date. */
export function spendingMonths(t: Timeline, step: number): number[] {
  if (!t.actualStart) return [];
  const last = Math.min(t.actualEnd?.month ?? t.plannedEnd, AS_OF_MONTH);
  const months: number[] = [];
  for (let m = t.actualStart.month + 1; m <= last; m += step) months.push(m);
  return months;
}

/** The share of the commitment spent by now: nearly all when closed, pro rata while running. */
function spentShare(random: Random, status: Status, t: Timeline): number {
  if (status === '4') return 0.96 + random.next() * 0.04;
  if (status === '3') return 0.88 + random.next() * 0.09;
  const start = t.actualStart?.month ?? t.plannedStart;
  const elapsed = (AS_OF_MONTH - start) / Math.max(1, t.plannedEnd - start);
  return Math.min(0.9, elapsed * (0.75 + random.next() * 0.2));
}

export function primaryReceiver(programme: Programme): Org {
  const budgetSupport = programme.aidType === 'A01' || programme.aidType === 'A02';
  return budgetSupport ? MINISTRY.finance : (programme.implementers[0] ?? MINISTRY.finance);
}

export function channelFor(publisher: Publisher, programme: Programme, receiver: Org): '1' | '2' | undefined {
  if (receiver.type !== '10') return undefined;
  const onTreasury = publisher.key === 'bank' || programme.aidType?.startsWith('A') === true || programme.budgetItems !== undefined;
  return onTreasury ? '1' : '2';
}

export interface Money {
  readonly transactions: TransactionPlan[];
  readonly committed: number;
  readonly spent: number;
}

type Flow = 'disburse' | 'spend' | 'split';

/** Commitment, then disbursements (and, for a publisher that spends directly, expenditure). */
export function moneyFlows(
  random: Random,
  plan: Pick<ActivityPlan, 'identifier' | 'publisher' | 'programme' | 'status' | 'timeline' | 'currency'>,
): Money {
  const { identifier, publisher, programme, status, timeline, currency } = plan;
  const self: OrgLink = { org: publisher.org, activityId: identifier };
  const receiverOrg = primaryReceiver(programme);
  const receiver: OrgLink = programme.alsoReportedByImplementer ? { org: receiverOrg, activityId: identifier } : { org: receiverOrg };
  const channel = channelFor(publisher, programme, receiverOrg);
  const committed = roughCommitment(random, programme.size);
  const transactions: TransactionPlan[] = [];
  if (!timeline.actualStart) return { transactions, committed, spent: 0 };
  const agreement = programme.financeType === '421' ? 'Financing agreement (credit) signed' : 'Grant arrangement signed';
  transactions.push({
    type: '2',
    date: isoDay(timeline.actualStart),
    cents: committed,
    currency,
    description: agreement,
    provider: self,
    receiver,
  });
  const months = spendingMonths(timeline, publisher.step);
  const spent = months.length === 0 ? 0 : Math.round(committed * spentShare(random, status, timeline));
  const shares = splitCents(random, spent, months.length, 0.4);
  // A publisher that spends directly pays its partner every other period and reports its own costs.
  const flow = (i: number): Flow => (!publisher.spendsDirectly ? 'disburse' : i % 2 === 0 ? 'spend' : 'split');
  months.forEach((month, i) => {
    const cents = shares[i] ?? 0;
    const date = isoDay({ month, day: random.int(3, 28) });
    const kind = flow(i);
    const disbursed = kind === 'disburse' ? cents : kind === 'split' ? Math.round(cents * 0.4) : 0;
    if (disbursed > 0)
      transactions.push({ type: '3', date, cents: disbursed, currency, provider: self, receiver, ...(channel ? { channel } : {}) });
    if (disbursed < cents) transactions.push({ type: '4', date, cents: cents - disbursed, currency, provider: self });
  });
  return { transactions, committed, spent };
}
