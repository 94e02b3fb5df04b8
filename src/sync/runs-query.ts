import DataLoader from 'dataloader';
import { sql, type SelectQueryBuilder } from 'kysely';
import { Field, InputType, Int } from 'type-graphql';
import type { EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { isoInstant } from '../graphql/scalars.js';
import type { ImportRun, QuarantinedRecord } from './types/import-run.type.js';
import { syncDb, type SyncDB } from './db.js';
import { RUN_STATES_DESCRIPTION, type RunState } from './run-states.js';

@InputType()
export class ImportRunFilter {
  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => String, { nullable: true, description: RUN_STATES_DESCRIPTION })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'Text in the input name.' })
  input?: string | null;
}

@InputType()
export class QuarantineFilter {
  @Field(() => Int, { nullable: true })
  importRun?: number | null;

  @Field(() => String, { nullable: true })
  recordId?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;
}

/** The columns a run is served from, as the builder selects them (timestamps as the driver's `Date`). */
function selectRuns(em: EntityManager) {
  return syncDb(em)
    .selectFrom('import_run')
    .select([
      'id',
      'source',
      'input',
      'input_sha256 as inputSha256',
      'status',
      'started_at as startedAt',
      'finished_at as finishedAt',
      'duration_ms as durationMs',
      'seen',
      'loaded',
      'updated',
      'unchanged',
      'stale',
      'quarantined',
      'removed',
      'error_code as errorCode',
      'error_message as errorMessage',
      'error_line as errorLine',
      'error_column as errorColumn',
    ]);
}
type RunRow = Awaited<ReturnType<ReturnType<typeof selectRuns>['execute']>>[number];

function toRun({ errorCode, errorMessage, errorLine, errorColumn, ...row }: RunRow): ImportRun {
  return {
    ...row,
    id: String(row.id),
    startedAt: isoInstant(row.startedAt) ?? '',
    finishedAt: isoInstant(row.finishedAt),
    error: errorCode ? { code: errorCode, message: errorMessage ?? '', line: errorLine, column: errorColumn } : null,
  };
}

function selectQuarantined(em: EntityManager) {
  return syncDb(em)
    .selectFrom('import_quarantine')
    .select(['id', 'import_run_id as importRunId', 'input', 'line', 'record_id as recordId', 'field', 'code', 'reason', 'excerpt']);
}

/** `count(*)` as a number (PostgreSQL's bigint would arrive as text). */
const countAll = sql<number>`count(*)::int`.as('n');

/** Newest first. */
export async function findRuns(
  em: EntityManager,
  filter: ImportRunFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<ImportRun>> {
  const page = pageOf(args);
  const filtered = <Q extends SelectQueryBuilder<SyncDB, 'import_run', object>>(query: Q): Q =>
    query
      .$if(!!filter?.source, (q) => q.where('source', '=', filter?.source ?? ''))
      .$if(!!filter?.status, (q) => q.where('status', '=', (filter?.status ?? '') as RunState))
      .$if(!!filter?.input, (q) => q.where(sql<boolean>`position(lower(${filter?.input ?? ''}) in lower(input)) > 0`)) as Q;
  const walk = keyset(sql`id`, sql`id`, OrderDirection.DESC, page, { sort: 'int' });
  const rows = await filtered(selectRuns(em))
    .where(sql<boolean>`${and(walk.where)}`)
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await filtered(syncDb(em).selectFrom('import_run').select(countAll)).executeTakeFirst())?.n ?? 0;
  return connectionOf(rows.map(toRun), page, (run) => [Number(run.id), Number(run.id)], count);
}

export async function findQuarantined(
  em: EntityManager,
  filter: QuarantineFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<QuarantinedRecord>> {
  const page = pageOf(args);
  const filtered = <Q extends SelectQueryBuilder<SyncDB, 'import_quarantine', object>>(query: Q): Q =>
    query
      .$if(filter?.importRun != null, (q) => q.where('import_run_id', '=', filter?.importRun ?? 0))
      .$if(!!filter?.recordId, (q) => q.where('record_id', '=', filter?.recordId ?? ''))
      .$if(!!filter?.code, (q) => q.where('code', '=', filter?.code ?? '')) as Q;
  const walk = keyset(sql`id`, sql`id`, OrderDirection.ASC, page, { sort: 'int' });
  const rows = await filtered(selectQuarantined(em))
    .where(sql<boolean>`${and(walk.where)}`)
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await filtered(syncDb(em).selectFrom('import_quarantine').select(countAll)).executeTakeFirst())?.n ?? 0;
  return connectionOf(rows, page, (q) => [q.id, q.id], count);
}

export function createSyncLoaders(em: EntityManager) {
  return {
    runById: new DataLoader<number, ImportRun | null>(async (ids) => {
      const rows = await selectRuns(em)
        .where('id', '=', sql<number>`any(${[...ids]}::int[])`)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    quarantineByRun: new DataLoader<number, QuarantinedRecord[]>(async (ids) => {
      const rows = await selectQuarantined(em)
        .where('import_run_id', '=', sql<number>`any(${[...ids]}::int[])`)
        .orderBy('import_run_id')
        .orderBy('id')
        .execute();
      return ids.map((id) => rows.filter((r) => r.importRunId === id));
    }),
  };
}
