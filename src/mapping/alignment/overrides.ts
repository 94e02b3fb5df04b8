import { sql } from 'kysely';
import { select } from '../../db/loader-kit.js';
import { kysely, type EntityManager } from '../../db/orm.js';
import { applyToActivities } from '../apply/run.js';
import { recordChanges } from '../rules/history.js';
import { MappingRejected } from '../rules/rejected.js';
import type { AlignmentDimension, ChangeNote } from '../types.js';

async function activityId(em: EntityManager, iatiIdentifier: string): Promise<number> {
  const [row] = await select(
    em,
    sql<{ id: number }>`select id from aid_activity where iati_identifier = ${iatiIdentifier} and authoritative_report_id is not null`,
  );
  if (!row)
    throw new MappingRejected([
      { row: null, field: 'iatiIdentifier', code: 'NOT_FOUND', message: `there is no activity ${iatiIdentifier}` },
    ]);
  return row.id;
}

function needReason(note: ChangeNote): void {
  if (!note.reason.trim())
    throw new MappingRejected([
      { row: null, field: 'reason', code: 'MISSING_REASON', message: 'say why: the reason is kept with the override' },
    ]);
}

async function current(em: EntityManager, iatiIdentifier: string, dimension: string) {
  const [row] = await select(
    em,
    sql<{ value: boolean; reason: string; by: string }>`select value, reason, changed_by as by from map_alignment_override
      where iati_identifier = ${iatiIdentifier} and dimension = ${dimension}`,
  );
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
  await sql`insert into map_alignment_override (iati_identifier, dimension, value, reason, changed_by) values (${iatiIdentifier}, ${dimension}, ${value}, ${note.reason}, ${note.by})
    on conflict (iati_identifier, dimension) do update set value = excluded.value, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = now()`.execute(
    kysely(em),
  );
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
  await sql`delete from map_alignment_override where iati_identifier = ${iatiIdentifier} and dimension = ${dimension}`.execute(kysely(em));
  await recordChanges(
    em,
    [{ subject: 'alignment-override', key: `${iatiIdentifier}:${dimension}`, operation: 'remove', version: null, before, after: null }],
    note,
    null,
  );
  await applyToActivities(em, [id]);
}
