import type { RegistryBatch } from '../../../connectors/registry/types.js';
import type { EntityManager } from '../../db/orm.js';
import { allOf, registryDb } from '../db.js';
import {
  deleteChangesNotIn,
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
  const db = registryDb(em);
  await upsertProgrammes(db, source, batch.programmes);
  await replaceFunding(db, batch.funding);
  await upsertAreas(db, batch.areas);
  // Links first: they point at the households and people about to be replaced. Payments,
  // grievances and changes the batch still holds stay (and keep their record keys: a re-import
  // must not draw new statistical noise for the same records).
  await db
    .deleteFrom('reg_membership')
    .where('household_id', 'in', db.selectFrom('reg_household').select('id').where('source', '=', source))
    .execute();
  await db.deleteFrom('reg_enrolment').where('source', '=', source).execute();
  await deleteChangesNotIn(db, source, batch.changes);
  await db
    .deleteFrom('reg_payment')
    .where('source', '=', source)
    .where(
      'key',
      '<>',
      allOf(
        batch.payments.map((p) => p.key),
        'text',
      ),
    )
    .execute();
  await db
    .deleteFrom('reg_grievance')
    .where('source', '=', source)
    .where(
      'key',
      '<>',
      allOf(
        batch.grievances.map((g) => g.key),
        'text',
      ),
    )
    .execute();
  const gone = [
    await db
      .deleteFrom('reg_household')
      .where('source', '=', source)
      .where(
        'key',
        '<>',
        allOf(
          batch.households.map((h) => h.key),
          'text',
        ),
      )
      .executeTakeFirst(),
    await db
      .deleteFrom('reg_individual')
      .where('source', '=', source)
      .where(
        'key',
        '<>',
        allOf(
          batch.individuals.map((i) => i.key),
          'text',
        ),
      )
      .executeTakeFirst(),
  ].reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
  await upsertHouseholds(db, source, batch.households);
  await upsertIndividuals(db, source, batch.individuals, hashKey);
  await insertMemberships(db, source, batch.memberships);
  await insertEnrolments(db, source, batch.enrolments);
  await upsertPayments(db, source, batch.payments);
  await upsertGrievances(db, source, batch.grievances);
  await insertChanges(db, source, batch.changes, true);
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
