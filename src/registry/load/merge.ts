import type { KnownRegistryKeys } from '../../../connectors/registry/known.js';
import type { RegistryChanges, RegistryProgramme } from '../../../connectors/registry/types.js';
import type { EntityManager } from '../../db/orm.js';
import { anyOf, registryDb } from '../db.js';
import { loadCounts, type RegistryLoadCounts } from './batch.js';
import {
  deleteEnrolmentsOf,
  insertChanges,
  insertEnrolments,
  insertMemberships,
  upsertAreas,
  upsertGrievances,
  upsertHouseholds,
  upsertIndividuals,
  upsertPayments,
  replaceFunding,
  upsertProgrammes,
} from './upsert.js';

/**
 * Merges an incremental pull into what `source` holds, in the caller's transaction: deleted keys
 * go first (with everything linked to them), then changed records replace the hub's copies —
 * programmes, areas, households and individuals upserted by key, the memberships of every
 * household the changes name replaced whole, enrolments by (source, programme, beneficiary),
 * payments and grievances by (source, key) — and household changes are appended. Merging the
 * same changes again leaves the same state.
 */
export async function mergeRegistryChanges(
  em: EntityManager,
  source: string,
  changes: RegistryChanges,
  hashKey: string,
): Promise<RegistryLoadCounts & { readonly deleted: number }> {
  const db = registryDb(em);
  const { batch, deleted } = changes;
  let removed = 0;
  const count = (result: { numDeletedRows: bigint }) => {
    removed += Number(result.numDeletedRows);
  };
  const households = db
    .selectFrom('reg_household')
    .select('id')
    .where('source', '=', source)
    .where('key', '=', anyOf([...deleted.households], 'text'));
  const people = db
    .selectFrom('reg_individual')
    .select('id')
    .where('source', '=', source)
    .where('key', '=', anyOf([...deleted.individuals], 'text'));
  // A deleted household or person takes its links along; payments of theirs would point nowhere.
  for (const table of ['reg_membership', 'reg_household_change', 'reg_enrolment', 'reg_payment'] as const)
    await db.deleteFrom(table).where('household_id', 'in', households).execute();
  for (const table of ['reg_membership', 'reg_enrolment', 'reg_payment'] as const)
    await db.deleteFrom(table).where('individual_id', 'in', people).execute();
  const byKey = (table: 'reg_household' | 'reg_individual' | 'reg_payment' | 'reg_grievance', keys: Iterable<string>) =>
    db
      .deleteFrom(table)
      .where('source', '=', source)
      .where('key', '=', anyOf([...keys], 'text'))
      .executeTakeFirst();
  count(await byKey('reg_household', deleted.households));
  count(await byKey('reg_individual', deleted.individuals));
  count(await byKey('reg_payment', deleted.payments));
  count(await byKey('reg_grievance', deleted.grievances));

  await upsertProgrammes(db, source, batch.programmes);
  await replaceFunding(db, batch.funding);
  await upsertAreas(db, batch.areas);
  await upsertHouseholds(db, source, batch.households);
  await upsertIndividuals(db, source, batch.individuals, hashKey);
  const named = [...new Set([...batch.households.map((h) => h.key), ...batch.memberships.map((m) => m.householdKey)])];
  await db
    .deleteFrom('reg_membership')
    .where(
      'household_id',
      'in',
      db.selectFrom('reg_household').select('id').where('source', '=', source).where('key', '=', anyOf(named, 'text')),
    )
    .execute();
  // A person now in a named household leaves any other household of this source.
  const members = [...new Set(batch.memberships.map((m) => m.individualKey))];
  await db
    .deleteFrom('reg_membership')
    .where(
      'individual_id',
      'in',
      db.selectFrom('reg_individual').select('id').where('source', '=', source).where('key', '=', anyOf(members, 'text')),
    )
    .execute();
  await insertMemberships(db, source, batch.memberships);
  await deleteEnrolmentsOf(db, source, batch.enrolments);
  await insertEnrolments(db, source, batch.enrolments);
  await upsertPayments(db, source, batch.payments);
  await upsertGrievances(db, source, batch.grievances);
  await insertChanges(db, source, batch.changes, true);
  return { ...loadCounts(batch, 0), deleted: removed };
}

/** What the hub holds for `source` (and the shared areas and programmes), for a pull's reference checks. */
export async function knownRegistryKeys(em: EntityManager, source: string): Promise<KnownRegistryKeys> {
  const db = registryDb(em);
  const areas = await db.selectFrom('reg_area').select('code').execute();
  const programmes = await db
    .selectFrom('reg_programme')
    .select(['code', 'targeting', 'currency'])
    // Written only from a checked programme (connectors/registry), so one of the known targetings.
    .$narrowType<{ targeting: RegistryProgramme['targeting'] }>()
    .execute();
  const households = await db.selectFrom('reg_household').select('key').where('source', '=', source).execute();
  const individuals = await db.selectFrom('reg_individual').select('key').where('source', '=', source).execute();
  const recipients = await db
    .selectFrom('reg_membership as m')
    .innerJoin('reg_household as h', 'h.id', 'm.household_id')
    .innerJoin('reg_individual as i', 'i.id', 'm.individual_id')
    .select(['i.key as individual', 'h.key as household'])
    .where('m.recipient', '=', true)
    .where('h.source', '=', source)
    .execute();
  return {
    areas: new Set(areas.map((a) => a.code)),
    programmes: new Map(programmes.map((p) => [p.code, { targeting: p.targeting, currency: p.currency }])),
    households: new Set(households.map((h) => h.key)),
    individuals: new Set(individuals.map((i) => i.key)),
    recipients: new Map(recipients.map((r) => [r.individual, r.household])),
  };
}
