import { normaliseNationalId } from '../../../src/registry/national-id.js';
import type { RegistryProblems } from '../problems.js';
import type { AdminArea, Enrolment, Grievance, Membership, Payment, RegistryIndividual, RegistryProgramme } from '../types.js';
import type { KnownRegistryKeys } from '../known.js';

/**
 * Rules between the records of one pull, and between the pull and what the hub already holds
 * (`known`): references resolve (locations, groups, individuals, benefit plans), a national ID
 * and a person's group are unique, a group has one primary recipient, and keys are not repeated.
 * `*Ids` are every live node's uuid (also of nodes dropped for a problem of their own, so one
 * mistake is reported once).
 */
export interface Pulled {
  readonly areas: readonly AdminArea[];
  readonly programmes: readonly RegistryProgramme[];
  readonly groupIds: ReadonlySet<string>;
  readonly individualIds: ReadonlySet<string>;
  readonly individuals: readonly RegistryIndividual[];
  readonly groupAreas: readonly { readonly uuid: string; readonly areaCode: string }[];
  readonly memberships: readonly { readonly uuid: string; readonly record: Membership }[];
  readonly enrolments: readonly { readonly uuid: string; readonly record: Enrolment & { readonly group: boolean } }[];
  readonly payments: readonly { readonly uuid: string; readonly record: Payment }[];
  readonly grievances: readonly { readonly uuid: string; readonly record: Grievance }[];
}

export function checkPull(pulled: Pulled, known: KnownRegistryKeys, problems: RegistryProblems): void {
  const add = (entity: string, record: string, field: string, code: Parameters<RegistryProblems['add']>[4], message: string): void =>
    problems.add(`openimis:${entity}`, null, record, field, code, message);
  const areas = new Map(pulled.areas.map((a) => [a.code, a]));
  const areaKnown = (code: string): boolean => areas.has(code) || known.areas.has(code);
  for (const area of pulled.areas) {
    if (area.parent === null) {
      if (area.level !== 1) add('Location', area.code, 'parent', 'BAD_LEVEL', `a level-${area.level} location needs a parent`);
    } else if (!areaKnown(area.parent)) add('Location', area.code, 'parent', 'UNKNOWN_PARENT', `no location ${area.parent}`);
    else {
      const parent = areas.get(area.parent);
      if (parent && parent.level !== area.level - 1)
        add('Location', area.code, 'type', 'BAD_LEVEL', `level ${area.level} under ${parent.code} at level ${parent.level}`);
    }
  }
  for (const person of pulled.individuals) {
    if (!areaKnown(person.areaCode)) add('Individual', person.key, 'location', 'UNKNOWN_AREA', `no location ${person.areaCode}`);
  }
  for (const group of pulled.groupAreas) {
    if (!areaKnown(group.areaCode)) add('Group', group.uuid, 'location', 'UNKNOWN_AREA', `no location ${group.areaCode}`);
  }
  const ids = new Map<string, string>();
  for (const person of pulled.individuals) {
    if (!person.nationalId) continue;
    const id = normaliseNationalId(person.nationalId);
    const first = ids.get(id);
    if (first === undefined) ids.set(id, person.key);
    else add('Individual', person.key, 'jsonExt.national_id', 'DUPLICATE_NATIONAL_ID', `the national ID of individual ${first} too`);
  }
  checkMemberships(pulled, known, add);
  const programmes = new Map(pulled.programmes.map((p) => [p.code, p.targeting]));
  const targetingOf = (code: string) => programmes.get(code) ?? known.programmes.get(code)?.targeting;
  const enrolled = new Set<string>();
  for (const { uuid, record } of pulled.enrolments) {
    const entity = record.group ? 'GroupBeneficiary' : 'Beneficiary';
    const targeting = targetingOf(record.programmeCode);
    if (targeting === undefined) add(entity, uuid, 'benefitPlan', 'UNKNOWN_PROGRAMME', `no benefit plan ${record.programmeCode}`);
    else if ((targeting === 'household') !== record.group) {
      const kind = record.group ? 'a group' : 'an individual';
      add(entity, uuid, 'benefitPlan', 'UNKNOWN_BENEFICIARY', `${kind} enrolled in ${record.programmeCode}, which enrols ${targeting}s`);
    }
    const exists = record.group
      ? pulled.groupIds.has(record.beneficiaryKey) || known.households.has(record.beneficiaryKey)
      : pulled.individualIds.has(record.beneficiaryKey) || known.individuals.has(record.beneficiaryKey);
    if (!exists)
      add(
        entity,
        uuid,
        record.group ? 'group' : 'individual',
        'UNKNOWN_BENEFICIARY',
        `no ${record.group ? 'group' : 'individual'} ${record.beneficiaryKey}`,
      );
    const key = `${record.programmeCode}/${record.beneficiaryKey}`;
    if (enrolled.has(key))
      add(entity, uuid, 'benefitPlan', 'DUPLICATE_KEY', `${record.beneficiaryKey} is enrolled in ${record.programmeCode} twice`);
    enrolled.add(key);
  }
  unique(pulled.payments, 'BenefitConsumption', add);
  unique(pulled.grievances, 'Ticket', add);
  for (const { uuid, record } of pulled.grievances) {
    if (record.programmeCode !== null && targetingOf(record.programmeCode) === undefined)
      add('Ticket', uuid, 'jsonExt.benefit_plan', 'UNKNOWN_PROGRAMME', `no benefit plan ${record.programmeCode}`);
    if (!areaKnown(record.areaCode)) add('Ticket', uuid, 'jsonExt.location', 'UNKNOWN_AREA', `no location ${record.areaCode}`);
  }
}

type Add = (entity: string, record: string, field: string, code: Parameters<RegistryProblems['add']>[4], message: string) => void;

function checkMemberships(pulled: Pulled, known: KnownRegistryKeys, add: Add): void {
  const groupOf = new Map<string, string>();
  const recipients = new Map<string, string>();
  for (const { uuid, record } of pulled.memberships) {
    if (!pulled.groupIds.has(record.householdKey) && !known.households.has(record.householdKey))
      add('GroupIndividual', uuid, 'group', 'UNKNOWN_HOUSEHOLD', `no group ${record.householdKey}`);
    if (!pulled.individualIds.has(record.individualKey) && !known.individuals.has(record.individualKey))
      add('GroupIndividual', uuid, 'individual', 'UNKNOWN_INDIVIDUAL', `no individual ${record.individualKey}`);
    const other = groupOf.get(record.individualKey);
    if (other !== undefined && other !== record.householdKey)
      add(
        'GroupIndividual',
        uuid,
        'group',
        'MEMBER_OF_TWO_HOUSEHOLDS',
        `individual ${record.individualKey} is a member of group ${other} too`,
      );
    else groupOf.set(record.individualKey, record.householdKey);
    if (!record.recipient) continue;
    const first = recipients.get(record.householdKey);
    if (first !== undefined)
      add(
        'GroupIndividual',
        uuid,
        'recipientType',
        'MULTIPLE_RECIPIENTS',
        `group ${record.householdKey} has primary recipient ${first} too`,
      );
    else recipients.set(record.householdKey, record.individualKey);
  }
}

function unique(records: readonly { readonly uuid: string; readonly record: { readonly key: string } }[], entity: string, add: Add): void {
  const seen = new Map<string, string>();
  for (const { uuid, record } of records) {
    const first = seen.get(record.key);
    if (first !== undefined) add(entity, uuid, 'code', 'DUPLICATE_KEY', `code ${record.key} is used by ${first} too`);
    else seen.set(record.key, uuid);
  }
}
