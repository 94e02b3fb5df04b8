import { sql } from 'kysely';
import { currentActivities, currentActivityIds } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import type { AlignmentOverride } from '../alignment/aggregate.js';
import { loadAlignmentRules } from '../alignment/table.js';
import { mappingDb } from '../db.js';
import type { AlignmentRule } from '../alignment/rules.js';
import { assignActivity, type AssignmentRow, type Charts } from './activity.js';
import { alignActivity, type AlignmentRow } from './alignment.js';
import { loadActivityFacts } from './facts.js';
import type { RuleIndex } from './rule-index.js';
import { insertActivityAlignment } from './set/alignment.js';
import { insertCofogPlacements } from './set/cofog.js';
import { engineWork } from './set/partition.js';
import { forWholeSets } from './set/planner.js';
import { loadActiveRules, loadCharts } from './tables.js';
import { clearApplied, insertApplied, markApplied, writeApplied } from './write.js';

export interface ApplyOptions {
  /** Called with activities done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly batchSize?: number;
  /**
   * `sets` (the default): set-based statements place and align what they can (COFOG with rules
   * open over all years, alignment without overrides) and the engine the rest; `engine`: the
   * engine does every activity, batch by batch (kept to check one against the other).
   */
  readonly method?: 'sets' | 'engine';
}

export interface ApplySummary {
  readonly activities: number;
  readonly assignments: number;
}

type Loaded = readonly [RuleIndex, Charts, AlignmentRule[]];

/**
 * Applies the active rules to these activities: their assignments are replaced in the caller's
 * transaction (a rule edit and its re-application commit together, or neither does).
 */
export async function applyToActivities(
  em: EntityManager,
  activityIds: readonly number[],
  options: ApplyOptions = {},
): Promise<ApplySummary> {
  const loaded: Loaded = await Promise.all([loadActiveRules(em), loadCharts(em), loadAlignmentRules(em)]);
  if (options.method === 'engine') {
    const assignments = await byEngine(em, activityIds, loaded, { assign: null, align: null }, options, (batch) =>
      writeApplied(em, batch, [], []),
    );
    return { activities: activityIds.length, assignments };
  }
  const work = await engineWork(em, activityIds, [...loaded[1].keys()]);
  await clearApplied(em, activityIds);
  let assignments = await forWholeSets(em, async () => {
    const placed = await insertCofogPlacements(
      em,
      activityIds.filter((id) => !work.assign.has(id)),
    );
    await insertActivityAlignment(
      em,
      activityIds.filter((id) => !work.align.has(id)),
      loaded[2],
    );
    return placed;
  });
  const rest = [...new Set([...work.assign, ...work.align])].sort((a, b) => a - b);
  const setBased = activityIds.length - rest.length;
  options.onProgress?.(setBased, activityIds.length);
  const progress = { ...options, onProgress: (done: number) => options.onProgress?.(setBased + done, activityIds.length) };
  assignments += await byEngine(em, rest, loaded, work, progress, async () => undefined);
  await markApplied(em, activityIds);
  return { activities: activityIds.length, assignments };
}

/**
 * The engine over these activities, batch by batch: `only` limits placing and aligning to some
 * of them (null: all). `clear` runs before each batch's rows are written. Returns the rows written.
 */
async function byEngine(
  em: EntityManager,
  activityIds: readonly number[],
  [rules, charts, alignmentRules]: Loaded,
  only: { readonly assign: ReadonlySet<number> | null; readonly align: ReadonlySet<number> | null },
  options: ApplyOptions,
  clear: (batch: readonly number[]) => Promise<void>,
): Promise<number> {
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
        if (!only.assign || only.assign.has(facts.activityId)) rows.push(...assignActivity(facts, rules, charts));
        // A transaction's own alignment is cheap to derive when asked for; only the activity's is kept.
        if (!only.align || only.align.has(facts.activityId)) {
          alignment.push(...alignActivity(facts, alignmentRules, overrides.get(facts.iatiIdentifier) ?? new Map(), 'activity'));
        }
      }
      await writing;
      writing = clear(batch)
        .then(() => insertApplied(em, rows, alignment))
        .then(() => {
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
  return assignments;
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
