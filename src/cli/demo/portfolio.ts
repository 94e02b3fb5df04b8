import {
  activityDates,
  AS_OF_MONTH,
  daysLater,
  envelope,
  firstOf,
  isoDay,
  lastOf,
  lastUpdated,
  timelineFor,
  type Timeline,
} from './calendar.js';
import { MINISTRY, type Programme, type Publisher } from './catalogue.js';
import {
  moneyFlows,
  primaryReceiver,
  roughCommitment,
  spendingMonths,
  THOUSAND,
  yearlyBudgets,
  type ActivityPlan,
  type OrgLink,
  type TransactionPlan,
} from './plan.js';
import { splitCents, type Random } from './random.js';

/** Turns each publisher's catalogue into planned activities, in file order. */
export interface Portfolio {
  readonly publisher: Publisher;
  readonly activities: readonly ActivityPlan[];
}

const byDate = (a: TransactionPlan, b: TransactionPlan): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

function participating(publisher: Publisher, programme: Programme, identifier: string): ActivityPlan['participating'] {
  return [
    ...(programme.coFunder ? [{ org: programme.coFunder.org, role: '1' as const }] : []),
    { org: publisher.org, role: '1' as const },
    ...(publisher.accountable ? [{ org: publisher.accountable, role: '2' as const }] : []),
    { org: publisher.org, role: '3' as const },
    ...programme.implementers.map((org, i) => ({
      org,
      role: '4' as const,
      ...(i === 0 && programme.alsoReportedByImplementer ? { activityId: identifier } : {}),
    })),
  ];
}

/** Planned disbursements for the coming year, spreading what is left over the remaining periods. */
function plannedDisbursements(random: Random, plan: Omit<ActivityPlan, 'planned'>, remaining: number): ActivityPlan['planned'] {
  const { timeline, publisher, status, currency } = plan;
  if (status !== '1' && status !== '2') return [];
  const first = Math.max(AS_OF_MONTH + 1, timeline.plannedStart);
  const periods = Math.max(1, Math.ceil((timeline.plannedEnd - first + 1) / publisher.step));
  const provider: OrgLink = { org: publisher.org, activityId: plan.identifier };
  const receiverOrg = primaryReceiver(plan.programme);
  const receiver: OrgLink = plan.programme.alsoReportedByImplementer
    ? { org: receiverOrg, activityId: plan.identifier }
    : { org: receiverOrg };
  const result: ActivityPlan['planned'][number][] = [];
  for (let m = first; m < first + 12 && m <= timeline.plannedEnd; m += publisher.step) {
    const cents = Math.round(((remaining / periods) * (0.8 + random.next() * 0.4)) / THOUSAND) * THOUSAND;
    const end = Math.min(m + publisher.step - 1, timeline.plannedEnd);
    result.push({ start: firstOf(m), end: lastOf(end), cents, currency, provider, receiver });
  }
  return result;
}

function planLeaf(random: Random, publisher: Publisher, programme: Programme, identifier: string, parent?: string): ActivityPlan {
  const timeline = timelineFor(random, programme.status);
  const currency = programme.coFunder?.currency ?? publisher.currency;
  const base = { identifier, publisher, programme, status: programme.status, timeline, currency };
  const money = moneyFlows(random, base);
  const transactions = [...money.transactions];
  const coFunder = programme.coFunder?.org;
  if (coFunder && timeline.actualStart) {
    // The co-funder pays its contribution in yearly tranches.
    const months = spendingMonths(timeline, 12);
    const shares = splitCents(random, Math.round(money.committed * (0.5 + random.next() * 0.2)), months.length);
    months.forEach((month, i) =>
      transactions.push({
        type: '1',
        date: isoDay({ month, day: random.int(1, 28) }),
        cents: shares[i] ?? 0,
        currency,
        provider: { org: coFunder },
        receiver: { org: publisher.org, activityId: identifier },
      }),
    );
  }
  const plan = {
    ...base,
    description: programme.description,
    ...(parent ? { hierarchy: 2 as const } : {}),
    dates: activityDates(timeline),
    participating: participating(publisher, programme, identifier),
    transactions: transactions.sort(byDate),
    budgets: yearlyBudgets(random, timeline, publisher.fiscalYearStart, money.committed, currency, programme.status),
    related: parent ? [{ type: '1' as const, ref: parent }] : [],
    lastUpdated: lastUpdated(random),
  };
  return { ...plan, planned: plannedDisbursements(random, plan, money.committed - money.spent) };
}

function planParent(random: Random, publisher: Publisher, programme: Programme, children: readonly ActivityPlan[]): ActivityPlan {
  const identifier = publisher.prefix + programme.id;
  const timeline: Timeline = envelope(children.map((c) => c.timeline));
  const size = (programme.components ?? []).reduce((sum, c) => sum + c.size, 0);
  return {
    identifier,
    publisher,
    programme,
    description: programme.description,
    currency: publisher.currency,
    hierarchy: 1,
    status: programme.status,
    timeline,
    dates: activityDates(timeline),
    participating: participating(publisher, programme, identifier),
    // A programme carries its budget; the money moves in its components.
    transactions: [],
    budgets: yearlyBudgets(
      random,
      timeline,
      publisher.fiscalYearStart,
      roughCommitment(random, size),
      publisher.currency,
      programme.status,
    ),
    planned: [],
    related: children.map((c) => ({ type: '2' as const, ref: c.identifier })),
    lastUpdated: lastUpdated(random),
  };
}

/**
 * The implementer's own report of an activity the donor also publishes: same identifier, the
 * donor as funder, the donor's disbursements seen as incoming funds in the implementer's currency.
 */
function implementerReport(random: Random, donorPlan: ActivityPlan, implementer: Publisher): ActivityPlan {
  const { identifier, timeline } = donorPlan;
  const rate = 1.22 + random.next() * 0.1;
  const currency = implementer.currency;
  const donor: OrgLink = { org: donorPlan.publisher.org, activityId: identifier };
  const self: OrgLink = { org: implementer.org, activityId: identifier };
  const converted = (cents: number): number => Math.round(cents * rate);
  const transactions: TransactionPlan[] = [];
  for (const t of donorPlan.transactions) {
    const date = daysLater(t.date, random.int(2, 9));
    if (t.type === '2') transactions.push({ type: '11', date, cents: converted(t.cents), currency, provider: donor, receiver: self });
    if (t.type === '3') transactions.push({ type: '1', date, cents: converted(t.cents), currency, provider: donor, receiver: self });
  }
  const received = transactions.filter((t) => t.type === '1').reduce((sum, t) => sum + t.cents, 0);
  const months = spendingMonths(timeline, implementer.step);
  splitCents(random, Math.round(received * 0.85), months.length).forEach((cents, i) => {
    const month = months[i];
    if (month !== undefined)
      transactions.push({ type: '4', date: isoDay({ month, day: random.int(20, 28) }), cents, currency, provider: self });
  });
  const committed = converted(donorPlan.transactions.find((t) => t.type === '2')?.cents ?? 0);
  return {
    ...donorPlan,
    publisher: implementer,
    currency,
    participating: [
      { ...donor, role: '1' },
      { ...donor, role: '3' },
      { org: implementer.org, role: '4' },
      { org: MINISTRY.finance, role: '4' },
    ],
    transactions: transactions.sort(byDate),
    budgets: yearlyBudgets(random, timeline, implementer.fiscalYearStart, committed, currency, donorPlan.status),
    planned: [],
    lastUpdated: lastUpdated(random),
  };
}

export function planPortfolios(random: Random, publishers: readonly Publisher[]): Portfolio[] {
  const planned = publishers.map((publisher) => ({ publisher, activities: [] as ActivityPlan[] }));
  const shared: ActivityPlan[] = [];
  for (const { publisher, activities } of planned) {
    for (const programme of publisher.programmes) {
      const identifier = publisher.prefix + programme.id;
      if (!programme.components) {
        const plan = planLeaf(random, publisher, programme, identifier);
        activities.push(plan);
        if (programme.alsoReportedByImplementer) shared.push(plan);
        continue;
      }
      const children = programme.components.map((c) => planLeaf(random, publisher, c, publisher.prefix + c.id, identifier));
      activities.push(planParent(random, publisher, programme, children), ...children);
    }
  }
  // The implementer's report goes at the end of the implementer's own file.
  for (const donorPlan of shared) {
    const implementerRef = donorPlan.programme.implementers[0]?.ref;
    const target = planned.find((p) => p.publisher.org.ref === implementerRef);
    if (target) target.activities.push(implementerReport(random, donorPlan, target.publisher));
  }
  return planned;
}
