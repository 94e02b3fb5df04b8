import { createHmac } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../../auth/viewer.js';
import type { EntityManager } from '../../db/orm.js';
import { registryDb } from '../db.js';
import { hashNationalId } from '../national-id.js';
import type { RecordFilter } from '../records/query.js';

/** The filters that look a person up by who they are: a search by any of them is a personal-data read. */
export const PERSON_FILTERS = ['nationalId', 'name', 'phone', 'dateOfBirth'] as const;

/** Areas at this level or above (regions, districts) are not personal: `district` is a public field. */
const LOWEST_PUBLIC_AREA_LEVEL = 2;

/** What one search looked for, as the audit log keeps it: personal values as keyed hashes only. */
export type SearchTerms = Record<string, string>;

export interface PersonalSearch {
  /** The personal filters used, as `filter.<name>`; empty when the search is not personal. */
  readonly personal: readonly string[];
  readonly terms: SearchTerms;
}

/** Spaces, dashes, dots and brackets are how a number is written, not the number. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s().-]/g, '');
}

/**
 * Each filter of a search, as the audit keeps it. A national ID is hashed exactly as records hold it
 * (so an auditor can match it to `nationalIdHash`); a name, phone, birth date or village is hashed
 * under the same key with its filter's name, so the log that system administrators read holds no
 * personal value in clear. Programme, source and areas down to the district are kept as given.
 */
export async function personalSearch(em: EntityManager, filter: RecordFilter | null, key: string | null): Promise<PersonalSearch> {
  const personal: string[] = [];
  const terms: SearchTerms = {};
  const keep = (name: string, value: string) => {
    if (key === null)
      throw new GraphQLError(`no national-ID hash key is configured (TRIBUTARY_ID_HASH_KEY): filter.${name} cannot be audited`, {
        extensions: { code: 'BAD_USER_INPUT', field: `filter.${name}` },
      });
    personal.push(`filter.${name}`);
    terms[name] = name === 'nationalId' ? hashNationalId(key, value) : keyedHash(key, name, normalised(name, value));
  };
  for (const name of PERSON_FILTERS) {
    const value = filter?.[name];
    if (value) keep(name, value);
  }
  if (filter?.area) {
    if (await belowDistrict(em, filter.area)) keep('area', filter.area);
    else terms.area = filter.area;
  }
  if (filter?.programme) terms.programme = filter.programme;
  if (filter?.source) terms.source = filter.source;
  return { personal, terms };
}

/** Throws unless the viewer may search people by who they are: registry officers only, not system administrators. */
export function assertMaySearch(search: PersonalSearch, viewer: Viewer): void {
  const [first] = search.personal;
  if (first === undefined || viewer.roles.includes('registry-officer')) return;
  throw new GraphQLError(
    `${first} searches by personal data: only a registry officer may use it (${viewer.subject} has the roles ${viewer.roles.join(', ') || 'none'}); filter by programme, source or an area down to the district`,
    { extensions: { code: 'FORBIDDEN', field: first, requiredRoles: ['registry-officer'], personalData: true } },
  );
}

function normalised(name: string, value: string): string {
  if (name === 'phone') return normalisePhone(value);
  return value.normalize('NFKC').trim().toLowerCase();
}

function keyedHash(key: string, name: string, value: string): string {
  return createHmac('sha256', key).update(`${name}\u0000${value}`).digest('hex');
}

/** An area below the district (a traditional authority, a village) places a person; an unknown code matches no one. */
async function belowDistrict(em: EntityManager, area: string): Promise<boolean> {
  const row = await registryDb(em).selectFrom('reg_area').select('level').where('code', '=', area).executeTakeFirst();
  const level = row?.level;
  return level !== undefined && level > LOWEST_PUBLIC_AREA_LEVEL;
}
