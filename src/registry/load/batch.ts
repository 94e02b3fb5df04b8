import { sql } from 'kysely';
import type { RegistryBatch } from '../../../connectors/registry/types.js';
import { kysely, type EntityManager } from '../../db/orm.js';
import {
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

export interface RegistryLoadCounts {
  readonly programmes: number;
  readonly areas: number;
  readonly households: number;
  readonly individuals: number;
  readonly enrolments: number;
  readonly payments: number;
  readonly grievances: number;
  /** Households and individuals the source held before and this batch no longer has. */
  readonly removed: number;
}

/**
 * Replaces what `source` holds with `batch`, in the caller's transaction: programmes and areas are
 * upserted (shared reference), people and households keep their ids across re-imports (upserted by
 * key), and links (memberships, enrolments, payments, grievances, changes) are rewritten. National
 * IDs are hashed under `hashKey` here, before anything is written.
 */
export async function loadRegistryBatch(
  em: EntityManager,
  source: string,
  batch: RegistryBatch,
  hashKey: string,
): Promise<RegistryLoadCounts> {
  const db = kysely(em);
  await upsertProgrammes(db, source, batch.programmes);
  await replaceFunding(db, batch.funding);
  await upsertAreas(db, batch.areas);
  // Links first: they point at the households and people about to be replaced.
  for (const table of ['reg_membership', 'reg_household_change']) {
    await sql`delete from ${sql.table(table)} where household_id in (select id from reg_household where source = ${source})`.execute(db);
  }
  for (const table of ['reg_enrolment', 'reg_payment', 'reg_grievance'])
    await sql`delete from ${sql.table(table)} where source = ${source}`.execute(db);
  const households = sql.val(batch.households.map((h) => h.key));
  const people = sql.val(batch.individuals.map((i) => i.key));
  const gone = [
    await sql`delete from reg_household where source = ${source} and key <> all(${households}::text[])`.execute(db),
    await sql`delete from reg_individual where source = ${source} and key <> all(${people}::text[])`.execute(db),
  ].reduce((sum, result) => sum + Number(result.numAffectedRows ?? 0), 0);
  await upsertHouseholds(db, source, batch.households);
  await upsertIndividuals(db, source, batch.individuals, hashKey);
  await insertMemberships(db, source, batch.memberships);
  await insertEnrolments(db, source, batch.enrolments);
  // Payments and grievances of this source were all deleted above: the upserts only insert.
  await upsertPayments(db, source, batch.payments);
  await upsertGrievances(db, source, batch.grievances);
  await insertChanges(db, source, batch.changes);
  return loadCounts(batch, gone);
}

/** What a batch brought, for the run's summary. */
export function loadCounts(batch: RegistryBatch, removed: number): RegistryLoadCounts {
  return {
    programmes: batch.programmes.length,
    areas: batch.areas.length,
    households: batch.households.length,
    individuals: batch.individuals.length,
    enrolments: batch.enrolments.length,
    payments: batch.payments.length,
    grievances: batch.grievances.length,
    removed,
  };
}
