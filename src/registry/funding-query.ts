import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { coaCodesUnderKeys } from '../finance/coa-lookup.js';
import { anyOf, registryDb } from './db.js';

/** A funding reference to the budget: `<segment>:<code>` of the programme's country's chart. */
export function budgetReference(reference: string): { segment: string; code: string } | null {
  const colon = reference.indexOf(':');
  if (colon <= 0 || colon === reference.length - 1) return null;
  return { segment: reference.slice(0, colon), code: reference.slice(colon + 1) };
}

function programmeColumns(em: EntityManager) {
  return registryDb(em)
    .selectFrom('reg_programme_funding as f')
    .innerJoin('reg_programme as p', 'p.code', 'f.programme_code')
    .select((eb) => [
      'p.code',
      'p.name',
      'p.source',
      'p.targeting',
      'p.transfer_type as transferType',
      'p.currency',
      eb.cast<string | null>('p.ceiling_per_beneficiary', 'text').as('ceilingPerBeneficiary'),
      'p.country',
    ]);
}

/**
 * The programmes funded from each chart code (keys `country|segment|code`) or a code below it, in
 * one statement: funding references matched against finance's hierarchy, which finance exports.
 */
export async function programmesUnderCodes(em: EntityManager, keys: readonly string[]) {
  return programmeColumns(em)
    .innerJoin(coaCodesUnderKeys(em, keys).as('u'), (join) =>
      join.onRef('u.country', '=', 'p.country').on(sql<boolean>`f.reference = u.segment || ':' || u.code`),
    )
    .select('u.key')
    .where('f.kind', '=', 'budget')
    .distinct()
    .orderBy('u.key')
    .orderBy('p.code')
    .execute();
}

/** The programmes each donor activity (by IATI identifier) funds, in one statement. */
export async function programmesOfActivities(em: EntityManager, identifiers: readonly string[]) {
  return programmeColumns(em)
    .select('f.reference as activity')
    .where('f.kind', '=', 'aid')
    .where('f.reference', '=', anyOf(identifiers, 'text'))
    .distinct()
    .orderBy('f.reference')
    .orderBy('p.code')
    .execute();
}
