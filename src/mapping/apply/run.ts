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
  let assignments = 0;
  for (let i = 0; i < activityIds.length; i += batchSize) {
    const batch = activityIds.slice(i, i + batchSize);
    const rows: AssignmentRow[] = [];
    const alignment: AlignmentRow[] = [];
    const activities = await loadActivityFacts(em, batch);
    const overrides = await overridesOf(
      em,
      activities.map((a) => a.iatiIdentifier),
    );
    for (const facts of activities) {
      rows.push(...assignActivity(facts, rules, charts));
      // A transaction's own alignment is cheap to derive when asked for; only the activity's is kept.
      alignment.push(...alignActivity(facts, alignmentRules, overrides.get(facts.iatiIdentifier) ?? new Map(), 'activity'));
    }
    await writeApplied(em, batch, rows, alignment);
    assignments += rows.length;
    options.onProgress?.(Math.min(i + batchSize, activityIds.length), activityIds.length);
  }
  return { activities: activityIds.length, assignments };
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
