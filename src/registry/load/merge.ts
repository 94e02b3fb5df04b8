import { sql } from 'kysely';
import type { KnownRegistryKeys } from '../../../connectors/registry/known.js';
import type { RegistryChanges, RegistryProgramme } from '../../../connectors/registry/types.js';
import { kysely, type EntityManager } from '../../db/orm.js';
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
  const db = kysely(em);
  const { batch, deleted } = changes;
  let removed = 0;
  const count = (result: { numAffectedRows?: bigint }) => {
    removed += Number(result.numAffectedRows ?? 0);
  };
  const households = sql.val([...deleted.households]);
  const people = sql.val([...deleted.individuals]);
  const gone = (column: 'household_id' | 'individual_id') =>
    column === 'household_id'
      ? sql`(select id from reg_household where source = ${source} and key = any(${households}::text[]))`
      : sql`(select id from reg_individual where source = ${source} and key = any(${people}::text[]))`;
  // A deleted household or person takes its links along; payments of theirs would point nowhere.
  for (const table of ['reg_membership', 'reg_household_change', 'reg_enrolment', 'reg_payment'])
    await sql`delete from ${sql.table(table)} where household_id in ${gone('household_id')}`.execute(db);
  for (const table of ['reg_membership', 'reg_enrolment', 'reg_payment'])
    await sql`delete from ${sql.table(table)} where individual_id in ${gone('individual_id')}`.execute(db);
  count(await sql`delete from reg_household where source = ${source} and key = any(${households}::text[])`.execute(db));
  count(await sql`delete from reg_individual where source = ${source} and key = any(${people}::text[])`.execute(db));
  count(await sql`delete from reg_payment where source = ${source} and key = any(${sql.val([...deleted.payments])}::text[])`.execute(db));
  count(
    await sql`delete from reg_grievance where source = ${source} and key = any(${sql.val([...deleted.grievances])}::text[])`.execute(db),
  );

  await upsertProgrammes(db, source, batch.programmes);
  await replaceFunding(db, batch.funding);
  await upsertAreas(db, batch.areas);
  await upsertHouseholds(db, source, batch.households);
  await upsertIndividuals(db, source, batch.individuals, hashKey);
  const named = sql.val([...new Set([...batch.households.map((h) => h.key), ...batch.memberships.map((m) => m.householdKey)])]);
  await sql`delete from reg_membership where household_id in (select id from reg_household where source = ${source} and key = any(${named}::text[]))`.execute(
    db,
  );
  // A person now in a named household leaves any other household of this source.
  const members = sql.val([...new Set(batch.memberships.map((m) => m.individualKey))]);
  await sql`delete from reg_membership where individual_id in (select id from reg_individual where source = ${source} and key = any(${members}::text[]))`.execute(
    db,
  );
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
  const db = kysely(em);
  const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => (await query.execute(db)).rows as T[];
  const areas = await rows<{ code: string }>(sql`select code from reg_area`);
  const programmes = await rows<{ code: string; targeting: RegistryProgramme['targeting']; currency: string }>(
    sql`select code, targeting, currency from reg_programme`,
  );
  const households = await rows<{ key: string }>(sql`select key from reg_household where source = ${source}`);
  const individuals = await rows<{ key: string }>(sql`select key from reg_individual where source = ${source}`);
  const recipients = await rows<{ individual: string; household: string }>(
    sql`select i.key as individual, h.key as household from reg_membership m
      join reg_household h on h.id = m.household_id join reg_individual i on i.id = m.individual_id
      where m.recipient and h.source = ${source}`,
  );
  return {
    areas: new Set(areas.map((a) => a.code)),
    programmes: new Map(programmes.map((p) => [p.code, { targeting: p.targeting, currency: p.currency }])),
    households: new Set(households.map((h) => h.key)),
    individuals: new Set(individuals.map((i) => i.key)),
    recipients: new Map(recipients.map((r) => [r.individual, r.household])),
  };
}
