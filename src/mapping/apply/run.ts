import { sql } from 'kysely';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import { assignActivity, type AssignmentRow } from './activity.js';
import { loadActivityFacts } from './facts.js';
import { loadActiveRules, loadCharts } from './tables.js';
import { writeAssignments } from './write.js';

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
  const [rules, charts] = await Promise.all([loadActiveRules(em), loadCharts(em)]);
  const batchSize = options.batchSize ?? 500;
  let assignments = 0;
  for (let i = 0; i < activityIds.length; i += batchSize) {
    const batch = activityIds.slice(i, i + batchSize);
    const rows: AssignmentRow[] = [];
    for (const facts of await loadActivityFacts(em, batch)) rows.push(...assignActivity(facts, rules, charts));
    await writeAssignments(em, batch, rows);
    assignments += rows.length;
    options.onProgress?.(Math.min(i + batchSize, activityIds.length), activityIds.length);
  }
  return { activities: activityIds.length, assignments };
}

/** Every activity with an authoritative report, or only those changed since they were last applied. */
export async function activitiesToApply(em: EntityManager, which: 'all' | 'stale'): Promise<number[]> {
  const rows = await select(
    em,
    which === 'all'
      ? sql<{ id: number }>`select id from aid_activity where authoritative_report_id is not null order by id`
      : sql<{ id: number }>`select a.id from aid_activity a left join map_applied m on m.activity_id = a.id
          where a.authoritative_report_id is not null and (m.activity_id is null or m.applied_at < a.updated_at) order by a.id`,
  );
  return rows.map((r) => r.id);
}
