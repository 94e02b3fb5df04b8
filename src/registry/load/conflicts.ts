import type { RegistryChanges, RegistryProblem } from '../../../connectors/registry/types.js';
import type { EntityManager } from '../../db/orm.js';
import { allOf, anyOf, registryDb } from '../db.js';
import { hashNationalId } from '../national-id.js';

/**
 * What an incremental pull cannot see by itself: a national ID the source already holds for
 * another person, and a person already a member of a household the pull does not touch. Records
 * the pull replaces or deletes are left out of the comparison (their old values are going).
 */
export async function conflictsWithHub(
  em: EntityManager,
  source: string,
  changes: RegistryChanges,
  hashKey: string,
): Promise<RegistryProblem[]> {
  const { batch, deleted } = changes;
  const replaced = [...batch.individuals.map((i) => i.key), ...deleted.individuals];
  const pulled = batch.individuals.filter((i) => i.nationalId).map((i) => ({ key: i.key, hash: hashNationalId(hashKey, i.nationalId!) }));
  const file = `registry ${source}`;
  const problems: RegistryProblem[] = [];
  if (pulled.length > 0) {
    const held = await registryDb(em)
      .selectFrom('reg_individual')
      .select(['key', 'national_id_hash as hash'])
      .where('source', '=', source)
      .where(
        'national_id_hash',
        '=',
        anyOf(
          pulled.map((p) => p.hash),
          'text',
        ),
      )
      .where('key', '<>', allOf(replaced, 'text'))
      .execute();
    const holder = new Map(held.map((h) => [h.hash, h.key]));
    for (const person of pulled) {
      const other = holder.get(person.hash);
      if (other)
        problems.push({
          file,
          row: null,
          record: person.key,
          field: 'national_id',
          code: 'DUPLICATE_NATIONAL_ID',
          message: `the same national ID as ${other}, already held`,
        });
    }
  }
  const touched = [...new Set([...batch.memberships.map((m) => m.householdKey), ...deleted.households])];
  // The first household the pull puts each person in (a person in two is the connector's problem already).
  const joining = new Map<string, string>();
  for (const m of batch.memberships) if (!joining.has(m.individualKey)) joining.set(m.individualKey, m.householdKey);
  const members = [...joining.keys()];
  if (members.length > 0) {
    const elsewhere = await registryDb(em)
      .selectFrom('reg_membership as m')
      .innerJoin('reg_individual as i', 'i.id', 'm.individual_id')
      .innerJoin('reg_household as h', 'h.id', 'm.household_id')
      .select(['i.key as person', 'h.key as household'])
      .where('h.source', '=', source)
      .where('i.key', '=', anyOf(members, 'text'))
      .where('h.key', '<>', allOf(touched, 'text'))
      .execute();
    for (const { person, household } of elsewhere) {
      problems.push({
        file,
        row: null,
        record: `${joining.get(person)}/${person}`,
        field: 'individual_key',
        code: 'MEMBER_OF_TWO_HOUSEHOLDS',
        message: `${person} is already a member of ${household}, which this pull leaves as it is`,
      });
    }
  }
  return problems;
}
