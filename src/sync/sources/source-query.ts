import DataLoader from 'dataloader';
import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { isoInstant } from '../../graphql/scalars.js';
import { syncDb } from '../db.js';
import type { SourceRun } from '../types/source.type.js';
import type { CronSchedule } from './cron-times.js';
import { healthOf, type HealthAnswer } from './health.js';

/** Source runs as the graph serves them, batched per request by source name or run id. */
function selectSourceRuns(em: EntityManager) {
  return syncDb(em)
    .selectFrom('source_run')
    .select([
      'id',
      'source',
      'kind',
      'trigger',
      'status',
      'attempt',
      'queued_at as queuedAt',
      'started_at as startedAt',
      'finished_at as finishedAt',
      'next_attempt_at as nextAttemptAt',
      'inputs',
      'imported',
      'unchanged',
      'refused',
      'changed_data as changedData',
      'error_code as errorCode',
      'error_message as errorMessage',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectSourceRuns>['execute']>>[number];

export function toSourceRun({ errorCode, errorMessage, ...row }: Row): SourceRun {
  return {
    ...row,
    id: String(row.id),
    queuedAt: isoInstant(row.queuedAt) ?? '',
    startedAt: isoInstant(row.startedAt),
    finishedAt: isoInstant(row.finishedAt),
    nextAttemptAt: isoInstant(row.nextAttemptAt),
    error: errorCode ? { code: errorCode, message: errorMessage ?? '', line: null, column: null } : null,
  };
}

const FAILED = ['rejected', 'failed', 'interrupted'] as const;
const FINISHED = ['succeeded', ...FAILED] as const;

/** The newest run of each named source among those with one of `statuses` (all when null). */
function latestLoader(em: EntityManager, statuses: readonly string[] | null) {
  return new DataLoader<string, SourceRun | null>(async (names) => {
    const rows = await selectSourceRuns(em)
      .distinctOn('source')
      .where('source', '=', sql<string>`any(${[...names]}::text[])`)
      .$if(statuses !== null, (q) => q.where('status', 'in', (statuses ?? []) as (typeof FINISHED)[number][]))
      .orderBy('source')
      .orderBy('id', 'desc')
      .execute();
    const bySource = new Map(rows.map((r) => [r.source, toSourceRun(r)]));
    return names.map((name) => bySource.get(name) ?? null);
  });
}

export function createSourceLoaders(em: EntityManager) {
  return {
    lastRun: latestLoader(em, null),
    lastSuccess: latestLoader(em, ['succeeded']),
    lastFailure: latestLoader(em, FAILED),
    lastFinished: latestLoader(em, FINISHED),
    /** Records each source run's imports stored: new ones and those whose content changed. */
    recordsOf: new DataLoader<number, number>(async (ids) => {
      const rows = await syncDb(em)
        .selectFrom('import_run')
        .select(['source_run_id as sourceRunId', sql<number>`sum(loaded + updated)::int`.as('records')])
        .where('source_run_id', '=', sql<number>`any(${[...ids]}::int[])`)
        .groupBy('source_run_id')
        .execute();
      const byRun = new Map(rows.map((r) => [r.sourceRunId, r.records]));
      return ids.map((id) => byRun.get(id) ?? 0);
    }),
    /** The newest 100 runs of each source (the first `limit` are served). */
    runsOf: new DataLoader<string, SourceRun[]>(async (names) => {
      const rows = await syncDb(em)
        .selectFrom(() =>
          selectSourceRuns(em)
            .select(sql<number>`row_number() over (partition by source order by id desc)`.as('n'))
            .where('source', '=', sql<string>`any(${[...names]}::text[])`)
            .as('r'),
        )
        .selectAll()
        .where('n', '<=', 100)
        .orderBy('id', 'desc')
        .execute();
      return names.map((name) => rows.filter((r) => r.source === name).map(({ n: _n, ...r }) => toSourceRun(r)));
    }),
    runById: new DataLoader<number, SourceRun | null>(async (ids) => {
      const rows = await selectSourceRuns(em)
        .where('id', '=', sql<number>`any(${[...ids]}::int[])`)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, toSourceRun(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    importRunIdsOf: new DataLoader<number, number[]>(async (ids) => {
      const rows = await syncDb(em)
        .selectFrom('import_run')
        .select(['id', 'source_run_id as sourceRunId'])
        .where('source_run_id', '=', sql<number>`any(${[...ids]}::int[])`)
        .orderBy('id')
        .execute();
      return ids.map((id) => rows.filter((r) => r.sourceRunId === id).map((r) => r.id));
    }),
  };
}

/** A configured source's health now (health.ts), from its newest finished run and its last success. */
export async function sourceHealth(
  loaders: ReturnType<typeof createSourceLoaders>,
  name: string,
  schedule: CronSchedule | null,
  now: Date = new Date(),
): Promise<HealthAnswer> {
  const [finished, success] = await Promise.all([loaders.lastFinished.load(name), loaders.lastSuccess.load(name)]);
  return healthOf({
    schedule,
    lastFinished: finished ? { succeeded: finished.status === 'succeeded' } : null,
    lastSuccessAt: success?.finishedAt ? new Date(success.finishedAt) : null,
    now,
  });
}
