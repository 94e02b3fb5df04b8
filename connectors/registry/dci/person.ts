import type { AdminArea, RegistryIndividual } from '../types.js';
import type { BatchBuilder } from './batch.js';
import { areasOf, first, identifiers, isObject, nationalId, readDate, readSex, text, type Identifier, type Json } from './values.js';

/**
 * A DCI person (SRPerson, IBR Person, or the `demographic_info` of a Member) → an individual.
 * Name, sex and birth date are required; the area may be unknown here and come from the household.
 */
export interface PersonRead {
  /** Null when a required field is missing or bad (each reported). */
  readonly individual: Omit<RegistryIndividual, 'areaCode'> | null;
  readonly ids: Identifier[];
  /** Region then sub-region, from the person's address (or top-level codes); empty if none. */
  readonly areas: AdminArea[];
}

export function readPerson(person: Json, path: string, key: string, b: BatchBuilder, today: string): PersonRead {
  const report = b.report(key);
  const ids = identifiers(person.identifier);
  const name = first(person.name);
  const given = name ? [text(name.given_name) ?? text(name.first_name), text(name.second_name)].filter(Boolean).join(' ') : '';
  const family = name ? (text(name.surname) ?? text(name.family_name)) : null;
  const namePath = `${path}.name${Array.isArray(person.name) ? '[0]' : ''}`;
  if (!given) report(`${namePath}.given_name`, 'MISSING_VALUE', 'a given name (given_name or first_name) is required');
  if (!family) report(`${namePath}.surname`, 'MISSING_VALUE', 'a surname is required');
  const sex = readSex(person.sex, `${path}.sex`, report);
  const dateOfBirth = readDate(person.birth_date, `${path}.birth_date`, report, today, true);
  const phones = Array.isArray(person.phone_number) ? person.phone_number : [person.phone_number];
  const phone = phones.map(text).find((p) => p !== null) ?? null;
  const address = first(person.address);
  const areas = areasOf(address).length > 0 ? areasOf(address) : areasOf(person);
  const individual =
    given && family && sex && dateOfBirth
      ? { key, givenName: given, familyName: family, sex, dateOfBirth, nationalId: nationalId(ids), phone }
      : null;
  return { individual, ids, areas };
}

/** The person inside a Member: `demographic_info.person` (the examples) or `demographic_info` (the spec). */
export function memberPerson(member: Json, path: string): { person: Json; path: string } | null {
  const info = first(member.demographic_info);
  if (!info) return null;
  const at = `${path}.demographic_info`;
  return isObject(info.person) ? { person: info.person, path: `${at}.person` } : { person: info, path: at };
}

/** The lowest area named. */
export function lowest(areas: readonly AdminArea[]): string | null {
  return areas.length === 0 ? null : (areas[areas.length - 1]?.code ?? null);
}

/** A person outside any group: the area must come from the person's own address. */
export function addLoneIndividual(key: string, read: PersonRead, personPath: string, path: string, b: BatchBuilder): void {
  const area = lowest(read.areas);
  if (area === null)
    b.report(key)(`${personPath}.address`, 'MISSING_VALUE', 'no location code: the address has no region_code or sub_region_code');
  b.addAreas(read.areas);
  if (read.individual) b.addIndividual({ ...read.individual, areaCode: area ?? '' }, path, `${personPath}.identifier`, true);
}
