import { sql } from 'kysely';
import { currentActivityId } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { applyToActivities } from '../apply/run.js';
import { mappingDb } from '../db.js';
import { recordChanges } from '../rules/history.js';
import { MappingRejected } from '../rules/rejected.js';
import type { AlignmentDimension, ChangeNote } from '../types.js';

async function activityId(em: EntityManager, iatiIdentifier: string): Promise<number> {
  const id = await currentActivityId(em, iatiIdentifier);
  if (id === null)
    throw new MappingRejected([
      { row: null, field: 'iatiIdentifier', code: 'NOT_FOUND', message: `there is no activity ${iatiIdentifier}` },
    ]);
  return id;
}

function needReason(note: ChangeNote): void {
  if (!note.reason.trim())
    throw new MappingRejected([
      { row: null, field: 'reason', code: 'MISSING_REASON', message: 'say why: the reason is kept with the override' },
    ]);
}

async function current(em: EntityManager, iatiIdentifier: string, dimension: string) {
  const row = await mappingDb(em)
    .selectFrom('map_alignment_override')
    .select(['value', 'reason', 'changed_by as by'])
    .where('iati_identifier', '=', iatiIdentifier)
    .where('dimension', '=', dimension)
    .executeTakeFirst();
  return row ?? null;
}

/** An administrator's value for one dimension of one activity: stored, audited, applied at once. */
export async function setOverride(
  em: EntityManager,
  iatiIdentifier: string,
  dimension: AlignmentDimension,
  value: boolean,
  note: ChangeNote,
): Promise<void> {
  needReason(note);
  const id = await activityId(em, iatiIdentifier);
  const before = await current(em, iatiIdentifier, dimension);
  await mappingDb(em)
    .insertInto('map_alignment_override')
    .values({ iati_identifier: iatiIdentifier, dimension, value, reason: note.reason, changed_by: note.by })
    .onConflict((oc) =>
      oc.columns(['iati_identifier', 'dimension']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        reason: eb.ref('excluded.reason'),
        changed_by: eb.ref('excluded.changed_by'),
        changed_at: sql<string>`now()`,
      })),
    )
    .execute();
  await recordChanges(
    em,
    [
      {
        subject: 'alignment-override',
        key: `${iatiIdentifier}:${dimension}`,
        operation: before ? 'update' : 'create',
        version: null,
        before,
        after: { value },
      },
    ],
    note,
    null,
  );
  await applyToActivities(em, [id]);
}

export async function clearOverride(
  em: EntityManager,
  iatiIdentifier: string,
  dimension: AlignmentDimension,
  note: ChangeNote,
): Promise<void> {
  needReason(note);
  const id = await activityId(em, iatiIdentifier);
  const before = await current(em, iatiIdentifier, dimension);
  if (!before) return;
  await mappingDb(em)
    .deleteFrom('map_alignment_override')
    .where('iati_identifier', '=', iatiIdentifier)
    .where('dimension', '=', dimension)
    .execute();
  await recordChanges(
    em,
    [{ subject: 'alignment-override', key: `${iatiIdentifier}:${dimension}`, operation: 'remove', version: null, before, after: null }],
    note,
    null,
  );
  await applyToActivities(em, [id]);
}
