import { createHash } from 'node:crypto';
import type { RegistryBatch } from '../../../connectors/registry/types.js';

/**
 * A generated registry (src/cli/demo/registry/generate.ts) as openIMIS would hold it: the nodes
 * its GraphQL API returns, with uuids derived from the generator's keys (so a test can find a
 * record), `jsonExt` as JSON text and decimals with two places. Every node has a `dateUpdated`,
 * one second apart in a fixed order (benefit plans last); a test's change stamps later ones.
 */
export type Node = Record<string, unknown> & { uuid?: string; dateUpdated?: string; isDeleted?: boolean };

/** A deterministic UUID (name-based, SHA-1, version 5 layout) for an entity's generator key. */
export function openImisUuid(entity: string, key: string): string {
  const hex = createHash('sha1').update(`openimis-double:${entity}:${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** graphene's relay global id: base64 of `<Type>:<pk>`. */
export function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

/** Exact decimal text with two places, as a Django DecimalField(decimal_places=2) gives it. */
function twoPlaces(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

const LOCATION_TYPES = ['R', 'D', 'W', 'V'];
const PAYMENT_STATUSES = { pending: 'ACCEPTED', paid: 'APPROVE_FOR_PAYMENT', reconciled: 'RECONCILED', failed: 'REJECTED' } as const;
const TICKET_STATUSES = { open: 'OPEN', 'in-progress': 'IN_PROGRESS', resolved: 'RESOLVED', closed: 'CLOSED' } as const;

export class OpenImisRecords {
  readonly locations: Node[] = [];
  readonly benefitPlans: Node[] = [];
  readonly individuals: Node[] = [];
  readonly groups: Node[] = [];
  readonly groupIndividuals: Node[] = [];
  readonly beneficiaries: Node[] = [];
  readonly groupBeneficiaries: Node[] = [];
  readonly payrollBenefits: Node[] = [];
  readonly tickets: Node[] = [];
  private clock = Date.UTC(2025, 8, 1);

  constructor(readonly batch: RegistryBatch) {
    const node = (type: string, entity: string, key: string, fields: Record<string, unknown>): Node => {
      const uuid = openImisUuid(entity, key);
      return { id: globalId(type, uuid), uuid, isDeleted: false, version: 1, jsonExt: '{}', ...fields };
    };
    const stamped = (n: Node): Node => Object.assign(n, { dateCreated: this.stamp(), dateUpdated: this.stampNow() });
    const locations = new Map<string, Node>();
    for (const area of batch.areas) {
      const location = node('LocationGQLType', 'Location', area.code, {
        code: area.code,
        name: area.name,
        type: LOCATION_TYPES[area.level - 1] ?? String(area.level),
        parent: area.parent === null ? null : (locations.get(area.parent) ?? null),
      });
      locations.set(area.code, location);
      this.locations.push(location);
    }
    const people = new Map<string, Node>();
    for (const person of batch.individuals) {
      const ext: Record<string, string> = { sex: person.sex };
      if (person.nationalId) ext.national_id = person.nationalId;
      if (person.phone) ext.phone = person.phone;
      const individual = stamped(
        node('IndividualGQLType', 'Individual', person.key, {
          firstName: person.givenName,
          lastName: person.familyName,
          dob: person.dateOfBirth,
          jsonExt: JSON.stringify(ext),
          location: locations.get(person.areaCode) ?? null,
        }),
      );
      people.set(person.key, individual);
      this.individuals.push(individual);
    }
    const groups = new Map<string, Node>();
    for (const household of batch.households) {
      const group = stamped(
        node('GroupGQLType', 'Group', household.key, { code: household.key, location: locations.get(household.areaCode) ?? null }),
      );
      groups.set(household.key, group);
      this.groups.push(group);
    }
    const recipients = new Map<string, Node>();
    const sexes = new Map(batch.individuals.map((i) => [i.key, i.sex]));
    for (const m of batch.memberships) {
      const individual = people.get(m.individualKey);
      const sex = sexes.get(m.individualKey);
      const role = {
        head: 'HEAD',
        spouse: 'SPOUSE',
        child: sex === 'F' ? 'DAUGHTER' : 'SON',
        other: sex === 'F' ? 'GRANDMOTHER' : 'GRANDFATHER',
      }[m.role];
      if (m.recipient && individual) recipients.set(m.householdKey, individual);
      this.groupIndividuals.push(
        stamped(
          node('GroupIndividualGQLType', 'GroupIndividual', `${m.householdKey}/${m.individualKey}`, {
            group: groups.get(m.householdKey),
            individual,
            role,
            recipientType: m.recipient ? 'PRIMARY' : null,
          }),
        ),
      );
    }
    const plans = new Map<string, Node>();
    for (const p of batch.programmes) {
      plans.set(
        p.code,
        node('BenefitPlanGQLType', 'BenefitPlan', p.code, {
          code: p.code,
          name: p.name,
          type: p.targeting === 'household' ? 'GROUP' : 'INDIVIDUAL',
          ceilingPerBeneficiary: p.ceilingPerBeneficiary === null ? null : twoPlaces(p.ceilingPerBeneficiary),
          beneficiaryDataSchema: '{}',
          jsonExt: JSON.stringify({ currency: p.currency, country: p.country, transfer_type: p.transferType }),
          dateValidFrom: '2024-01-01T00:00:00',
        }),
      );
    }
    for (const e of batch.enrolments) {
      const plan = plans.get(e.programmeCode);
      const group = plan?.type === 'GROUP';
      const fields = {
        benefitPlan: plan,
        status: e.status.toUpperCase(),
        dateValidFrom: `${e.enrolledOn}T00:00:00`,
        dateValidTo: e.exitedOn === null ? null : `${e.exitedOn}T00:00:00`,
        ...(group ? { group: groups.get(e.beneficiaryKey) } : { individual: people.get(e.beneficiaryKey) }),
      };
      const key = `${e.programmeCode}/${e.beneficiaryKey}`;
      if (group) this.groupBeneficiaries.push(stamped(node('GroupBeneficiaryGQLType', 'GroupBeneficiary', key, fields)));
      else this.beneficiaries.push(stamped(node('BeneficiaryGQLType', 'Beneficiary', key, fields)));
    }
    const payrolls = new Map<string, Node>();
    for (const p of batch.payments) {
      const payrollKey = [p.programmeCode, p.cycle, p.provider ?? '', p.paymentPoint ?? ''].join('|');
      let payroll = payrolls.get(payrollKey);
      if (!payroll) {
        const point =
          p.paymentPoint === null ? null : node('PaymentPointGQLType', 'PaymentPoint', p.paymentPoint, { name: p.paymentPoint });
        const cycle = node('PaymentCycleGQLType', 'PaymentCycle', p.cycle, { code: p.cycle, startDate: `${p.cycle}-01` });
        payroll = node('PayrollGQLType', 'Payroll', payrollKey, {
          name: `${p.programmeCode} ${p.cycle} ${p.provider ?? ''}${p.paymentPoint ? ` (${p.paymentPoint})` : ''}`,
          status: 'APPROVE_FOR_PAYMENT',
          benefitPlan: plans.get(p.programmeCode),
          paymentCycle: cycle,
          paymentPoint: point,
          paymentMethod: p.provider,
        });
        payrolls.set(payrollKey, payroll);
      }
      const household = groups.has(p.beneficiaryKey);
      const benefit = stamped(
        node('BenefitConsumptionGQLType', 'BenefitConsumption', p.key, {
          code: p.key,
          individual: household ? recipients.get(p.beneficiaryKey) : people.get(p.beneficiaryKey),
          amount: twoPlaces(p.amount),
          receipt: p.receipt,
          dateDue: p.dueDate,
          status: PAYMENT_STATUSES[p.status],
          type: 'cash',
          jsonExt: JSON.stringify(p.paidDate ? { payment_date: p.paidDate } : {}),
        }),
      );
      const link = node('PayrollBenefitConsumptionGQLType', 'PayrollBenefitConsumption', p.key, { payroll, benefit });
      this.payrollBenefits.push(Object.assign(link, { dateUpdated: benefit.dateUpdated }));
    }
    for (const g of batch.grievances) {
      const ext: Record<string, string> = { location: g.areaCode };
      if (g.programmeCode) ext.benefit_plan = g.programmeCode;
      if (g.closedOn) ext.closed_on = g.closedOn;
      this.tickets.push(
        Object.assign(
          stamped(
            node('TicketGQLType', 'Ticket', g.key, {
              code: g.key,
              title: g.category,
              category: g.category,
              channel: g.channel,
              priority: g.priority.charAt(0).toUpperCase() + g.priority.slice(1),
              status: TICKET_STATUSES[g.status],
              dateOfIncident: g.openedOn,
              jsonExt: JSON.stringify(ext),
            }),
          ),
          { dateCreated: `${g.openedOn}T09:00:00` },
        ),
      );
    }
    // Benefit plans last: the first pull's watermark is a benefit plan's stamp.
    for (const plan of plans.values()) this.benefitPlans.push(stamped(plan));
  }

  /** The next update time, as Django writes a naive date-time. */
  private stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace('Z', '');
  }

  private stampNow(): string {
    return new Date(this.clock).toISOString().replace('Z', '');
  }

  /** Changes an individual as an openIMIS user would (a later `dateUpdated`, a new version). */
  updateIndividual(key: string, change: Partial<{ firstName: string; lastName: string; jsonExt: Record<string, unknown> }>): Node {
    const individual = this.find(this.individuals, 'Individual', key);
    const { jsonExt, ...fields } = change;
    Object.assign(individual, fields, jsonExt ? { jsonExt: JSON.stringify(jsonExt) } : {});
    return this.touch(individual);
  }

  /** Soft-deletes a group and its memberships, as openIMIS's DeleteGroupMutation does. */
  deleteGroup(key: string): Node {
    const group = this.find(this.groups, 'Group', key);
    group.isDeleted = true;
    this.touch(group);
    for (const member of this.groupIndividuals) {
      if (member.group !== group) continue;
      member.isDeleted = true;
      this.touch(member);
    }
    return group;
  }

  /** Marks a record changed now: a later `dateUpdated` and the next version. */
  touch(node: Node): Node {
    this.clock += 3_600_000;
    node.dateUpdated = this.stampNow();
    node.version = Number(node.version ?? 1) + 1;
    const link = this.payrollBenefits.find((l) => l.benefit === node);
    if (link) link.dateUpdated = node.dateUpdated;
    return node;
  }

  find(list: readonly Node[], entity: string, key: string): Node {
    const uuid = openImisUuid(entity, key);
    const found = list.find((n) => n.uuid === uuid);
    if (!found) throw new Error(`the double holds no ${entity} ${key}`);
    return found;
  }
}
