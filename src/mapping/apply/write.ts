import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { inChunks } from '../../db/table-spec.js';
import type { AssignmentRow } from './activity.js';
import { mappingDb } from '../db.js';
import type { AlignmentRow } from './alignment.js';

/** Replaces the assignments and alignment of these activities, and marks them applied now. */
export async function writeApplied(
  em: EntityManager,
  activityIds: readonly number[],
  rows: readonly AssignmentRow[],
  alignment: readonly AlignmentRow[],
): Promise<void> {
  await clearApplied(em, activityIds);
  await insertApplied(em, rows, alignment);
  await markApplied(em, activityIds);
}

const idArray = (activityIds: readonly number[]) => sql<number[]>`${sql.val([...activityIds])}::int[]`;

/** Removes what applying wrote for these activities. */
export async function clearApplied(em: EntityManager, activityIds: readonly number[]): Promise<void> {
  const db = mappingDb(em);
  await db
    .deleteFrom('map_assignment')
    .where((eb) => eb('activity_id', '=', eb.fn.any(idArray(activityIds))))
    .execute();
  await db
    .deleteFrom('map_alignment')
    .where((eb) => eb('activity_id', '=', eb.fn.any(idArray(activityIds))))
    .execute();
}

/** Adds the engine's rows (the caller cleared these activities first). */
export async function insertApplied(em: EntityManager, rows: readonly AssignmentRow[], alignment: readonly AlignmentRow[]): Promise<void> {
  const db = mappingDb(em);
  // The rows go as one jsonb array per chunk (the fast bulk write): a shape the builder cannot say.
  await inChunks(alignment, (chunk) =>
    sql`insert into map_alignment (activity_id, transaction_id, weighting, dimensions)
      select (r->>'activityId')::int, (r->>'transactionId')::int, r->>'weighting', r->'dimensions'
      from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) as r`.execute(db),
  );
  await inChunks(rows, (chunk) => {
    const cells = chunk.map((r) => [
      r.activityId,
      r.transactionId,
      r.country,
      r.targetScheme,
      r.targetCode,
      r.share,
      r.validFrom,
      r.validTo,
      r.provenance,
      r.ruleIds,
      r.sourceScheme,
      r.sourceCode,
    ]);
    return sql`insert into map_assignment (activity_id, transaction_id, country, target_scheme, target_code, share, valid_from, valid_to, provenance,
        rule_ids, source_scheme, source_code)
      select (r->>0)::int, (r->>1)::int, r->>2, r->>3, r->>4, (r->>5)::numeric, (r->>6)::int, (r->>7)::int, r->>8, r->9, r->>10, r->>11
      from jsonb_array_elements(${JSON.stringify(cells)}::jsonb) as r`.execute(db);
  });
}

/** Marks these activities applied now. */
export async function markApplied(em: EntityManager, activityIds: readonly number[]): Promise<void> {
  await mappingDb(em)
    .insertInto('map_applied')
    .columns(['activity_id', 'applied_at'])
    .expression(sql<{ activity_id: number; applied_at: Date }>`select unnest(${idArray(activityIds)}), now()`)
    .onConflict((oc) => oc.column('activity_id').doUpdateSet((eb) => ({ applied_at: eb.ref('excluded.applied_at') })))
    .execute();
}
