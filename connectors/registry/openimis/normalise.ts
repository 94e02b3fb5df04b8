import type { RegistryProblemCode, RegistryProblems } from '../problems.js';
import type {
  AdminArea,
  Enrolment,
  EnrolmentStatus,
  Grievance,
  HouseholdRole,
  Membership,
  RegistryHousehold,
  RegistryIndividual,
  RegistryProgramme,
  Sex,
} from '../types.js';
import type {
  BeneficiaryNode,
  BenefitPlanNode,
  GroupBeneficiaryNode,
  GroupIndividualNode,
  GroupNode,
  IndividualNode,
  LocationNode,
  TicketNode,
} from './nodes.js';

/**
 * openIMIS nodes → the hub's registry model, one pure function per entity. Each bad value is a
 * RegistryProblem naming `openimis:<Entity>`, the node's uuid and the openIMIS field (a `jsonExt`
 * key as `jsonExt.<key>`), and the record is dropped (null). `jsonExt` keys read: Individual
 * `sex`, `national_id`, `phone`; BenefitPlan `currency`, `country`, `transfer_type`;
 * BenefitConsumption `payment_date`; Ticket `location`, `benefit_plan`, `closed_on`. openIMIS has no
 * fields for these; they are what an implementation adds to `jsonExt` (see the report).
 */
export interface NormaliseContext {
  /** ISO date: dates after it are in the future. */
  readonly today: string;
  readonly problems: RegistryProblems;
  /** Used where a benefit plan's `jsonExt` does not say (openIMIS keeps one currency per instance). */
  readonly programmeDefaults?: {
    readonly currency?: string;
    readonly country?: string;
    readonly transferType?: RegistryProgramme['transferType'];
  };
}

export type Report = (field: string, code: RegistryProblemCode, message: string) => void;

export function reporter(context: NormaliseContext, entity: string, record: string | null): Report {
  return (field, code, message) => context.problems.add(`openimis:${entity}`, null, record, field, code, message);
}

/** A JSONString (graphene sends JSON text) or an object, as a plain object; `{}` when absent. */
export function jsonExt(value: unknown, report: Report): Record<string, unknown> {
  if (value === null || value === undefined || value === '') return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      report('jsonExt', 'UNKNOWN_VALUE', 'is not JSON');
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    report('jsonExt', 'UNKNOWN_VALUE', 'is not a JSON object');
    return {};
  }
  return parsed as Record<string, unknown>;
}

export function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function required(value: unknown, field: string, report: Report): string | null {
  const found = text(value);
  if (found === null) report(field, 'MISSING_VALUE', 'is missing');
  return found;
}

/** A `YYYY-MM-DD` date, or the date of an ISO date-time; null (with a problem) when bad. */
export function isoDate(
  value: unknown,
  field: string,
  report: Report,
  options: { readonly today: string; readonly required: boolean; readonly mayBeFuture?: boolean },
): string | null {
  const found = text(value);
  if (found === null) {
    if (options.required) report(field, 'MISSING_VALUE', 'is missing');
    return null;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(found);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!match || month < 1 || month > 12 || day < 1 || day > days || year < 1900) {
    report(field, 'BAD_DATE', `"${found}" is not a date`);
    return null;
  }
  const iso = found.slice(0, 10);
  if (!options.mayBeFuture && iso > options.today) {
    report(field, 'FUTURE_DATE', `${iso} is in the future (today is ${options.today})`);
    return null;
  }
  return iso;
}

/** Exact decimal text without trailing zeros ("12500.00" → "12500"), never negative. */
export function amount(value: unknown, field: string, report: Report, isRequired: boolean): string | null {
  const found = text(value);
  if (found === null) {
    if (isRequired) report(field, 'MISSING_VALUE', 'is missing');
    return null;
  }
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(found);
  if (!match) {
    report(field, 'NOT_A_NUMBER', `"${found}" is not a number`);
    return null;
  }
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const exact = fraction ? `${whole}.${fraction}` : whole;
  if (match[1] === '-' && /[1-9]/.test(exact)) {
    report(field, 'NEGATIVE_AMOUNT', `${found} is negative`);
    return null;
  }
  return exact;
}

/** One value of an openIMIS enumeration (case-insensitive), through `table`. */
export function enumeration<T>(value: unknown, field: string, report: Report, table: Readonly<Record<string, T>>): T | null {
  const found = text(value);
  if (found === null) {
    report(field, 'MISSING_VALUE', `is missing (one of ${Object.keys(table).join(', ')})`);
    return null;
  }
  const mapped = table[found.toUpperCase()];
  if (mapped === undefined) report(field, 'UNKNOWN_VALUE', `"${found}" is not one of ${Object.keys(table).join(', ')}`);
  return mapped ?? null;
}

const LEVELS: Readonly<Record<string, number>> = { R: 1, D: 2, W: 3, V: 4 };

export function normaliseLocation(node: LocationNode, context: NormaliseContext): AdminArea | null {
  const report = reporter(context, 'Location', node.uuid);
  const code = required(node.code, 'code', report);
  const name = required(node.name, 'name', report);
  const level = enumeration(node.type, 'type', report, LEVELS);
  if (code === null || name === null || level === null) return null;
  return { code, name, level, parent: text(node.parent?.code) };
}

const TARGETING: Readonly<Record<string, RegistryProgramme['targeting']>> = { INDIVIDUAL: 'individual', GROUP: 'household' };
const TRANSFERS: Readonly<Record<string, RegistryProgramme['transferType']>> = { CASH: 'cash', 'IN-KIND': 'in-kind', VOUCHER: 'voucher' };

export function normaliseBenefitPlan(node: BenefitPlanNode, context: NormaliseContext): RegistryProgramme | null {
  const report = reporter(context, 'BenefitPlan', node.uuid);
  const ext = jsonExt(node.jsonExt, report);
  const defaults = context.programmeDefaults ?? {};
  const code = required(node.code, 'code', report);
  const name = required(node.name, 'name', report);
  const targeting = enumeration(node.type, 'type', report, TARGETING);
  const transferType = enumeration(text(ext.transfer_type) ?? defaults.transferType ?? 'cash', 'jsonExt.transfer_type', report, TRANSFERS);
  const currency = required(text(ext.currency) ?? defaults.currency, 'jsonExt.currency', report);
  if (currency !== null && !/^[A-Z]{3}$/.test(currency))
    report('jsonExt.currency', 'BAD_CURRENCY', `"${currency}" is not an ISO 4217 code`);
  const country = required(text(ext.country) ?? defaults.country, 'jsonExt.country', report);
  if (country !== null && !/^[A-Z]{2}$/.test(country))
    report('jsonExt.country', 'BAD_COUNTRY', `"${country}" is not an ISO 3166 alpha-2 code`);
  const before = context.problems.count;
  const ceiling = amount(node.ceilingPerBeneficiary, 'ceilingPerBeneficiary', report, false);
  if (code === null || name === null || targeting === null || transferType === null || currency === null || country === null) return null;
  if (context.problems.count > before || !/^[A-Z]{3}$/.test(currency) || !/^[A-Z]{2}$/.test(country)) return null;
  return { code, name, targeting, transferType, currency, ceilingPerBeneficiary: ceiling, country };
}

const SEXES: Readonly<Record<string, Sex>> = { F: 'F', FEMALE: 'F', M: 'M', MALE: 'M', X: 'X', O: 'X', OTHER: 'X' };

export function normaliseIndividual(node: IndividualNode, context: NormaliseContext): RegistryIndividual | null {
  const report = reporter(context, 'Individual', node.uuid);
  const before = context.problems.count;
  const ext = jsonExt(node.jsonExt, report);
  const givenName = required(node.firstName, 'firstName', report);
  const familyName = required(node.lastName, 'lastName', report);
  const dateOfBirth = isoDate(node.dob, 'dob', report, { today: context.today, required: true });
  const sex = enumeration(ext.sex ?? ext.gender, 'jsonExt.sex', report, SEXES);
  const areaCode = required(node.location?.code, 'location', report);
  if (context.problems.count > before || !givenName || !familyName || !dateOfBirth || !sex || !areaCode) return null;
  const nationalId = text(ext.national_id);
  const phone = text(ext.phone ?? ext.phone_number);
  return { key: node.uuid, givenName, familyName, sex, dateOfBirth, nationalId, phone, areaCode };
}

export function normaliseGroup(node: GroupNode, context: NormaliseContext): RegistryHousehold | null {
  const report = reporter(context, 'Group', node.uuid);
  const areaCode = required(node.location?.code, 'location', report);
  return areaCode === null ? null : { key: node.uuid, areaCode };
}

const ROLES: Readonly<Record<string, HouseholdRole>> = {
  HEAD: 'head',
  SPOUSE: 'spouse',
  SON: 'child',
  DAUGHTER: 'child',
  GRANDFATHER: 'other',
  GRANDMOTHER: 'other',
  MOTHER: 'other',
  FATHER: 'other',
};
const RECIPIENT_TYPES: Readonly<Record<string, boolean>> = { PRIMARY: true, SECONDARY: false };

export function normaliseGroupIndividual(node: GroupIndividualNode, context: NormaliseContext): Membership | null {
  const report = reporter(context, 'GroupIndividual', node.uuid);
  const before = context.problems.count;
  const householdKey = required(node.group?.uuid, 'group', report);
  const individualKey = required(node.individual?.uuid, 'individual', report);
  // openIMIS lets both be empty: no role is a member of no named kin, no recipient type is no recipient.
  const role = node.role === null ? 'other' : enumeration(node.role, 'role', report, ROLES);
  const recipient = node.recipientType === null ? false : enumeration(node.recipientType, 'recipientType', report, RECIPIENT_TYPES);
  if (context.problems.count > before || !householdKey || !individualKey || role === null || recipient === null) return null;
  return { householdKey, individualKey, role, recipient };
}

const ENROLMENT_STATUSES: Readonly<Record<string, EnrolmentStatus>> = {
  POTENTIAL: 'potential',
  ACTIVE: 'active',
  GRADUATED: 'graduated',
  SUSPENDED: 'suspended',
};

export function normaliseBeneficiary(
  node: BeneficiaryNode | GroupBeneficiaryNode,
  context: NormaliseContext,
): (Enrolment & { readonly group: boolean }) | null {
  const group = 'group' in node;
  const report = reporter(context, group ? 'GroupBeneficiary' : 'Beneficiary', node.uuid);
  const before = context.problems.count;
  const programmeCode = required(node.benefitPlan?.code, 'benefitPlan', report);
  const beneficiaryKey = required('group' in node ? node.group?.uuid : node.individual?.uuid, group ? 'group' : 'individual', report);
  const status = enumeration(node.status, 'status', report, ENROLMENT_STATUSES);
  const enrolledOn = isoDate(node.dateValidFrom, 'dateValidFrom', report, { today: context.today, required: true });
  const exitedOn = isoDate(node.dateValidTo, 'dateValidTo', report, { today: context.today, required: false, mayBeFuture: true });
  if (enrolledOn && exitedOn && exitedOn < enrolledOn)
    report('dateValidTo', 'DATE_ORDER', `${exitedOn} is before dateValidFrom ${enrolledOn}`);
  if (context.problems.count > before || !programmeCode || !beneficiaryKey || !status || !enrolledOn) return null;
  return { programmeCode, beneficiaryKey, status, enrolledOn, exitedOn, group };
}

const TICKET_STATUSES: Readonly<Record<string, Grievance['status']>> = {
  RECEIVED: 'open',
  OPEN: 'open',
  IN_PROGRESS: 'in-progress',
  RESOLVED: 'resolved',
  CLOSED: 'closed',
};
const PRIORITIES: Readonly<Record<string, Grievance['priority']>> = {
  LOW: 'low',
  MEDIUM: 'medium',
  NORMAL: 'medium',
  HIGH: 'high',
  URGENT: 'high',
  CRITICAL: 'high',
};

export function normaliseTicket(node: TicketNode, context: NormaliseContext): Grievance | null {
  const report = reporter(context, 'Ticket', node.uuid);
  const before = context.problems.count;
  const ext = jsonExt(node.jsonExt, report);
  const key = required(node.code, 'code', report);
  const category = required(node.category, 'category', report);
  const channel = required(node.channel, 'channel', report);
  const priority = enumeration(node.priority, 'priority', report, PRIORITIES);
  const status = enumeration(node.status, 'status', report, TICKET_STATUSES);
  const openedOn = isoDate(node.dateCreated, 'dateCreated', report, { today: context.today, required: true });
  const done = status === 'resolved' || status === 'closed';
  // No closing date in openIMIS: the implementation's jsonExt, else the last update of a closed ticket.
  const closedField = ext.closed_on === undefined ? 'dateUpdated' : 'jsonExt.closed_on';
  const closedOn = done ? isoDate(ext.closed_on ?? node.dateUpdated, closedField, report, { today: context.today, required: true }) : null;
  if (openedOn && closedOn && closedOn < openedOn) report(closedField, 'DATE_ORDER', `${closedOn} is before dateCreated ${openedOn}`);
  const areaCode = required(ext.location, 'jsonExt.location', report);
  if (context.problems.count > before || !key || !category || !channel || !priority || !status || !openedOn || !areaCode) return null;
  return { key, programmeCode: text(ext.benefit_plan), category, channel, priority, status, openedOn, closedOn, areaCode };
}
