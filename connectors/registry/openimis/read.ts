import { RegistryProblems } from '../problems.js';
import type { Enrolment, Grievance, Membership, Payment, RegistryChanges, RegistryPull } from '../types.js';
import { checkPull } from './checks.js';
import { OpenImisClient, type OpenImisAuth } from './client.js';
import { NOTHING_KNOWN, type KnownRegistryKeys } from '../known.js';
import type {
  BeneficiaryNode,
  BenefitPlanNode,
  GroupBeneficiaryNode,
  GroupIndividualNode,
  GroupNode,
  IndividualNode,
  LocationNode,
  PayrollBenefitNode,
  Stamped,
  TicketNode,
} from './nodes.js';
import {
  normaliseBenefitPlan,
  normaliseBeneficiary,
  normaliseGroup,
  normaliseGroupIndividual,
  normaliseIndividual,
  normaliseLocation,
  normaliseTicket,
  type NormaliseContext,
} from './normalise.js';
import { normalisePayment } from './payments.js';
import {
  BENEFICIARIES,
  BENEFIT_PLANS,
  GROUP_BENEFICIARIES,
  GROUP_INDIVIDUALS,
  GROUP_MEMBERS,
  GROUPS,
  INDIVIDUALS,
  LOCATIONS,
  PAYROLL_BENEFITS,
  TICKETS,
} from './queries.js';

export interface PullOpenImisOptions {
  /** The GraphQL endpoint, e.g. `https://imis.example.org/api/graphql`. */
  readonly url: string;
  readonly auth: OpenImisAuth;
  /** The previous pull's watermark (records updated at or after it come again), or null for everything. */
  readonly since: string | null;
  /** ISO date: later dates are reported as in the future. */
  readonly today: string;
  readonly pageSize?: number;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
  /** What the hub already holds for this source (default: nothing). */
  readonly known?: KnownRegistryKeys;
  readonly programmeDefaults?: NormaliseContext['programmeDefaults'];
}

/** Above this many changed groups, all memberships are read at once rather than group by group. */
const GROUP_BY_GROUP = 200;

/**
 * Pulls every entity changed since `since` from openIMIS, page by page, and normalises it:
 * the changed records, the keys openIMIS marks deleted, the watermark for the next pull, and
 * every problem (with any, the caller loads nothing). A group's members come whole: for each
 * changed group, or group whose membership changed, every current member is read.
 */
export async function pullOpenImis(options: PullOpenImisOptions): Promise<RegistryPull> {
  const client = new OpenImisClient(options);
  await client.login();
  const { since } = options;
  const known = options.known ?? NOTHING_KNOWN;
  const live = { since, deleted: false };
  const gone = { since, deleted: true };
  const deletions = async <N>(query: Parameters<typeof client.all>[0]): Promise<N[]> => (since === null ? [] : client.all<N>(query, gone));

  const locations = await client.all<LocationNode>(LOCATIONS);
  const plans = await client.all<BenefitPlanNode>(BENEFIT_PLANS, live);
  const individuals = await client.all<IndividualNode>(INDIVIDUALS, live);
  const deletedIndividuals = await deletions<IndividualNode>(INDIVIDUALS);
  const groups = await client.all<GroupNode>(GROUPS, live);
  const deletedGroups = await deletions<GroupNode>(GROUPS);
  const changedMembers = await client.all<GroupIndividualNode>(GROUP_INDIVIDUALS, live);
  const leftMembers = await deletions<GroupIndividualNode>(GROUP_INDIVIDUALS);
  const beneficiaries = await client.all<BeneficiaryNode>(BENEFICIARIES, live);
  const groupBeneficiaries = await client.all<GroupBeneficiaryNode>(GROUP_BENEFICIARIES, live);
  const benefits = await client.all<PayrollBenefitNode>(PAYROLL_BENEFITS, live);
  const deletedBenefits = await deletions<PayrollBenefitNode>(PAYROLL_BENEFITS);
  const tickets = await client.all<TicketNode>(TICKETS, live);
  const deletedTickets = await deletions<TicketNode>(TICKETS);

  const deletedGroupIds = new Set(deletedGroups.map((g) => g.uuid));
  let members = changedMembers;
  if (since !== null) {
    const touched = new Set([
      ...groups.map((g) => g.uuid),
      ...[...changedMembers, ...leftMembers].flatMap((m) => (m.group ? [m.group.uuid] : [])),
    ]);
    for (const id of deletedGroupIds) touched.delete(id);
    members = [];
    if (touched.size > GROUP_BY_GROUP) {
      const all = await client.all<GroupIndividualNode>(GROUP_INDIVIDUALS, { since: null, deleted: false });
      members = all.filter((m) => m.group && touched.has(m.group.uuid));
    } else {
      for (const group of touched) members.push(...(await client.all<GroupIndividualNode>(GROUP_MEMBERS, { group })));
    }
  }

  const problems = new RegistryProblems();
  const context: NormaliseContext = {
    today: options.today,
    problems,
    ...(options.programmeDefaults ? { programmeDefaults: options.programmeDefaults } : {}),
  };
  const each = <N extends { uuid: string }, R>(nodes: readonly N[], normalise: (node: N) => R | null) =>
    nodes.flatMap((node) => {
      const record = normalise(node);
      return record === null ? [] : [{ uuid: node.uuid, record }];
    });
  const areas = each(locations, (n) => normaliseLocation(n, context)).map((r) => r.record);
  const programmes = each(plans, (n) => normaliseBenefitPlan(n, context)).map((r) => r.record);
  const people = each(individuals, (n) => normaliseIndividual(n, context)).map((r) => r.record);
  const households = each(groups, (n) => normaliseGroup(n, context)).map((r) => r.record);
  const memberships = each(members, (n) => normaliseGroupIndividual(n, context));
  const enrolments = each([...beneficiaries, ...groupBeneficiaries], (n) => normaliseBeneficiary(n, context));
  const recipients = new Map(memberships.filter((m) => m.record.recipient).map((m) => [m.record.individualKey, m.record.householdKey]));
  const individualIds = new Set(individuals.map((i) => i.uuid));
  const programmeByCode = new Map(programmes.map((p) => [p.code, p]));
  const payments = benefits.flatMap((link) => {
    const record = normalisePayment(link, context, {
      programme: (code) => programmeByCode.get(code) ?? known.programmes.get(code),
      recipientOf: (individual) => recipients.get(individual) ?? known.recipients.get(individual),
      individualKnown: (individual) => individualIds.has(individual) || known.individuals.has(individual),
    });
    return record === null || !link.benefit ? [] : [{ uuid: link.benefit.uuid, record }];
  });
  const grievances = each(tickets, (n) => normaliseTicket(n, context));
  checkPull(
    {
      areas,
      programmes,
      groupIds: new Set(groups.map((g) => g.uuid)),
      individualIds,
      individuals: people,
      groupAreas: households.map((h) => ({ uuid: h.key, areaCode: h.areaCode })),
      memberships,
      enrolments,
      payments,
      grievances,
    },
    known,
    problems,
  );

  const stamped: Stamped[] = [
    ...plans,
    ...individuals,
    ...deletedIndividuals,
    ...groups,
    ...deletedGroups,
    ...changedMembers,
    ...leftMembers,
    ...beneficiaries,
    ...groupBeneficiaries,
    ...[...benefits, ...deletedBenefits].flatMap((b) => (b.benefit ? [b.benefit] : [])),
    ...tickets,
    ...deletedTickets,
  ];
  const records = <R>(list: readonly { record: R }[]): R[] => list.map((r) => r.record);
  const changes: RegistryChanges = {
    batch: {
      programmes,
      // openIMIS benefit plans name no funding source: the hub keeps what it holds.
      funding: [],
      areas,
      households,
      individuals: people,
      memberships: records<Membership>(memberships),
      enrolments: enrolments.map(({ record: { group: _group, ...enrolment } }): Enrolment => enrolment),
      payments: records<Payment>(payments),
      grievances: records<Grievance>(grievances),
      changes: [],
    },
    deleted: {
      households: [...deletedGroupIds],
      individuals: deletedIndividuals.map((i) => i.uuid),
      payments: deletedBenefits.flatMap((b) => (b.benefit?.code ? [b.benefit.code] : [])),
      grievances: deletedTickets.flatMap((t) => (t.code ? [t.code] : [])),
    },
    watermark: latest(stamped),
  };
  const order = [
    'Location',
    'BenefitPlan',
    'Individual',
    'Group',
    'GroupIndividual',
    'Beneficiary',
    'GroupBeneficiary',
    'Payroll',
    'PayrollBenefitConsumption',
    'BenefitConsumption',
    'Ticket',
  ];
  return { changes, problems: problems.sorted(order.map((entity) => `openimis:${entity}`)) };
}

/** The latest `dateUpdated` (as openIMIS wrote it), compared as instants. */
function latest(nodes: readonly Stamped[]): string | null {
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const node of nodes) {
    const time = Date.parse(node.dateUpdated);
    if (Number.isFinite(time) && time > bestTime) {
      best = node.dateUpdated;
      bestTime = time;
    }
  }
  return best;
}
