import { sql } from 'kysely';
import { currentActivities, currentActivityIds } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import type { AlignmentOverride } from '../alignment/aggregate.js';
import { loadAlignmentRules } from '../alignment/table.js';
import { mappingDb } from '../db.js';
import { assignActivity, type AssignmentRow } from './activity.js';
import { alignActivity, type AlignmentRow } from './alignment.js';
import { loadActivityFacts } from './facts.js';
import { loadActiveRules, loadCharts } from './tables.js';
import { writeApplied } from './write.js';

export interface ApplyOptions {
  /** Called after each batch with activities done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly batchSize?: number;
}

export interface ApplySummary {
  readonly activities: number;
  readonly assignments: number;
}

/**
 * Applies the active rules to these activities: their assignments are replaced in the caller's
 * transaction (a rule edit and its re-application commit together, or neither does).
 */
export async function applyToActivities(
  em: EntityManager,
  activityIds: readonly number[],
  options: ApplyOptions = {},
): Promise<ApplySummary> {
  const [rules, charts, alignmentRules] = await Promise.all([loadActiveRules(em), loadCharts(em), loadAlignmentRules(em)]);
  const batchSize = options.batchSize ?? 500;
  const batches: number[][] = [];
  for (let i = 0; i < activityIds.length; i += batchSize) batches.push(activityIds.slice(i, i + batchSize));
  let assignments = 0;
  let done = 0;
  // Three batches at once: the next one read and the last one written by the database while this one is computed.
  let next = batches[0] ? batchFacts(em, batches[0]) : null;
  let writing: Promise<void> = Promise.resolve();
  try {
    for (const [index, batch] of batches.entries()) {
      const { activities, overrides } = await (next as Promise<BatchFacts>);
      const following = batches[index + 1];
      next = following ? batchFacts(em, following) : null;
      next?.catch(() => undefined); // awaited at the next turn; this only stops an early failure counting as unhandled
      const rows: AssignmentRow[] = [];
      const alignment: AlignmentRow[] = [];
      for (const facts of activities) {
        rows.push(...assignActivity(facts, rules, charts));
        // A transaction's own alignment is cheap to derive when asked for; only the activity's is kept.
        alignment.push(...alignActivity(facts, alignmentRules, overrides.get(facts.iatiIdentifier) ?? new Map(), 'activity'));
      }
      await writing;
      writing = writeApplied(em, batch, rows, alignment).then(() => {
        done += batch.length;
        options.onProgress?.(done, activityIds.length);
      });
      writing.catch(() => undefined);
      assignments += rows.length;
    }
    await writing;
  } catch (error) {
    // A read or write may still be queued: let it finish inside the caller's transaction before the rollback.
    await Promise.allSettled([writing, next]);
    throw error;
  }
  return { activities: activityIds.length, assignments };
}

interface BatchFacts {
  readonly activities: Awaited<ReturnType<typeof loadActivityFacts>>;
  readonly overrides: Awaited<ReturnType<typeof overridesOf>>;
}

async function batchFacts(em: EntityManager, batch: readonly number[]): Promise<BatchFacts> {
  const activities = await loadActivityFacts(em, batch);
  const overrides = await overridesOf(
    em,
    activities.map((a) => a.iatiIdentifier),
  );
  return { activities, overrides };
}

/** Every activity with an authoritative report, or only those changed since they were last applied. */
export async function activitiesToApply(em: EntityManager, which: 'all' | 'stale'): Promise<number[]> {
  if (which === 'all') return currentActivityIds(em);
  const rows = await mappingDb(em)
    .with('a', () => currentActivities(em))
    .selectFrom('a')
    .leftJoin('map_applied as m', 'm.activity_id', 'a.id')
    .select('a.id')
    .where((eb) => eb.or([eb('m.activity_id', 'is', null), eb('m.applied_at', '<', eb.ref('a.updatedAt'))]))
    .orderBy('a.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Administrators' alignment overrides of these activities, by activity then dimension. */
export async function overridesOf(em: EntityManager, identifiers: readonly string[]): Promise<Map<string, Map<string, AlignmentOverride>>> {
  const rows = await mappingDb(em)
    .selectFrom('map_alignment_override')
    .select(['iati_identifier as iatiIdentifier', 'dimension', 'value', 'reason', 'changed_by as by'])
    .where((eb) => eb('iati_identifier', '=', eb.fn.any(sql<string[]>`${sql.val([...identifiers])}::text[]`)))
    .execute();
  const result = new Map<string, Map<string, AlignmentOverride>>();
  for (const { iatiIdentifier, dimension, value, reason, by } of rows) {
    const forActivity = result.get(iatiIdentifier) ?? new Map<string, AlignmentOverride>();
    forActivity.set(dimension, { value, reason, by });
    result.set(iatiIdentifier, forActivity);
  }
  return result;
}
