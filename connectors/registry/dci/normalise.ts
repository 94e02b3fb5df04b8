import type { AdminArea, HouseholdRole, RegistryBatch, RegistryProblem } from '../types.js';
import { BatchBuilder } from './batch.js';
import type { DciRegistry } from './envelope.js';
import { normaliseIbrRecord } from './normalise-ibr.js';
import { addLoneIndividual, lowest, memberPerson, readPerson } from './person.js';
import { areasOf, first, identifiers, isObject, list, readRole, text, timestamp, type Json } from './values.js';

/**
 * DCI search results → the registry model. Pure: records in, records and problems out. Every
 * record is read and every problem reported (file `dci:<registry>/<record type>`, row null, the
 * record's key, the JSON path of the field); records are kept even when a problem is found, so one
 * pass shows everything, but a pull with problems loads nothing.
 *
 * Social registry records come in three shapes, all in the published examples: a Group (household)
 * with `group_head_info` and `member_list`, a Member on its own, and a Person (SRPerson). IBR
 * records are handled in normalise-ibr.ts.
 */
export interface NormaliseContext {
  readonly registry: DciRegistry;
  /** The answer's reg_record_type, or the requested response_entity. */
  readonly recordType: string;
  /** ISO date: birth, enrolment and payment dates after it are in the future. */
  readonly today: string;
  /** ISO 3166 alpha-2 for IBR programmes: DCI messages carry no country. */
  readonly country?: string;
}

export interface Normalised {
  readonly batch: RegistryBatch;
  readonly problems: RegistryProblem[];
  /** The latest `last_updated` among the records (ISO timestamp), null if none carries one. */
  readonly latest: string | null;
}

export function normaliseRecords(records: readonly unknown[], context: NormaliseContext): Normalised {
  const b = new BatchBuilder(`dci:${context.registry}/${context.recordType}`);
  records.forEach((record, i) => {
    const path = `reg_records[${i}]`;
    if (!isObject(record)) b.report(null)(path, 'MISSING_VALUE', 'a record must be an object');
    else if (context.registry === 'ibr') normaliseIbrRecord(record, path, b, context);
    else normaliseSocialRecord(record, path, b, context.today);
  });
  return b.build();
}

function typeOf(record: Json): string {
  return (text(record['@type']) ?? '').replace(/^.*:/, '');
}

export function normaliseSocialRecord(record: Json, path: string, b: BatchBuilder, today: string): void {
  b.seen(timestamp(record.last_updated) ?? timestamp(record.last_update));
  const type = typeOf(record);
  if (type === 'Group' || 'group_identifier' in record || 'member_list' in record) normaliseGroup(record, path, b, today);
  else if (type === 'Member' || 'member_identifier' in record || 'demographic_info' in record) normaliseLoneMember(record, path, b, today);
  else normaliseLonePerson(record, path, b, today);
}

interface MemberRead {
  readonly key: string;
  readonly path: string;
  readonly personPath: string;
  readonly role: HouseholdRole | null;
  readonly read: ReturnType<typeof readPerson>;
}

/** A Member: its key is the member identifier, else the person's first identifier. */
function readMember(
  member: Json,
  path: string,
  b: BatchBuilder,
  today: string,
  headIds: ReadonlySet<string>,
  forceHead: boolean,
): MemberRead | null {
  const inner = memberPerson(member, path);
  const key = identifiers(member.member_identifier)[0]?.value ?? (inner ? identifiers(inner.person.identifier)[0]?.value : undefined);
  if (!key) {
    b.report(null)(`${path}.member_identifier`, 'MISSING_VALUE', 'a member needs a member_identifier or a person identifier');
    return null;
  }
  if (!inner) {
    b.report(key)(`${path}.demographic_info`, 'MISSING_VALUE', 'a member needs demographic_info');
    return null;
  }
  const read = readPerson(inner.person, inner.path, key, b, today);
  const ids = [key, ...read.ids.map((id) => id.value)];
  const isHead = forceHead || ids.some((id) => headIds.has(id));
  // relationship_head says who the member is to the head; without it, matching the head's ids does.
  const relation = forceHead ? null : text(member.relationship_head);
  const role = relation === null ? (isHead ? 'head' : 'other') : readRole(relation, `${path}.relationship_head`, b.report(key));
  return { key, path, personPath: inner.path, role, read };
}

function normaliseGroup(group: Json, path: string, b: BatchBuilder, today: string): void {
  const key = identifiers(group.group_identifier)[0]?.value;
  if (!key) {
    b.report(null)(`${path}.group_identifier`, 'MISSING_VALUE', 'a group needs a group_identifier');
    return;
  }
  const head = first(group.group_head_info);
  const headPerson = head ? (isObject(head.person) ? head.person : (memberPerson(head, '')?.person ?? null)) : null;
  const headIds = new Set([...identifiers(head?.member_identifier), ...identifiers(headPerson?.identifier)].map((id) => id.value));

  const members: MemberRead[] = [];
  for (const { item, at } of list(group.member_list)) {
    const nested = isObject(item.household_member);
    const member = nested ? (item.household_member as Json) : item;
    const read = readMember(member, `${path}.member_list${at}${nested ? '.household_member' : ''}`, b, today, headIds, false);
    if (read) members.push(read);
  }
  // A head described only in group_head_info (not listed among the members) is a member too.
  if (head && headIds.size > 0 && !members.some((m) => m.role === 'head')) {
    const asMember = isObject(head.person) ? { member_identifier: headPerson?.identifier, demographic_info: head } : head;
    const read = readMember(asMember, `${path}.group_head_info`, b, today, headIds, true);
    if (read) members.unshift(read);
  }

  const headMember = members.find((m) => m.role === 'head');
  const place = first(group.place);
  const placeArea = lowest(place ? readAreas(place) : []);
  const areaCode = placeArea ?? lowest(headMember?.read.areas ?? []) ?? members.map((m) => lowest(m.read.areas)).find(Boolean) ?? null;
  if (areaCode === null) {
    b.report(key)(
      `${path}.place`,
      'MISSING_VALUE',
      "no location code: neither the group's place nor a member's address has region_code or sub_region_code",
    );
  }
  if (place) b.addAreas(readAreas(place));
  if (!b.addHousehold({ key, areaCode: areaCode ?? '' }, `${path}.group_identifier`)) return;

  for (const m of members) {
    b.addAreas(m.read.areas);
    if (!m.read.individual || m.role === null) continue;
    b.addIndividual(
      { ...m.read.individual, areaCode: lowest(m.read.areas) ?? areaCode ?? '' },
      m.path,
      `${m.personPath}.identifier`,
      false,
    );
    b.addMembership({ householdKey: key, individualKey: m.key, role: m.role, recipient: m.role === 'head' }, m.path);
  }
}

/** A group's place: codes on an address object in it, or on the place itself. */
function readAreas(place: Json): AdminArea[] {
  return areasOf(first(place.address) ?? place);
}

function normaliseLoneMember(member: Json, path: string, b: BatchBuilder, today: string): void {
  const m = readMember(member, path, b, today, new Set(), false);
  if (!m) return;
  addLoneIndividual(m.key, m.read, m.personPath, path, b);
}

function normaliseLonePerson(person: Json, path: string, b: BatchBuilder, today: string): void {
  const key = identifiers(person.identifier)[0]?.value;
  if (!key) {
    b.report(null)(`${path}.identifier`, 'MISSING_VALUE', 'a person needs an identifier');
    return;
  }
  addLoneIndividual(key, readPerson(person, path, key, b, today), path, path, b);
}
