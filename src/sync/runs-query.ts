import DataLoader from 'dataloader';
import { sql, type RawBuilder } from 'kysely';
import { Field, InputType, Int } from 'type-graphql';
import { kysely, type EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { isoInstant } from '../graphql/scalars.js';
import type { ImportRun, QuarantinedRecord } from './types/import-run.type.js';
import { RUN_STATES_DESCRIPTION } from './run-states.js';

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

interface RunRow extends Omit<ImportRun, 'error' | 'id'> {
  id: number;
  errorCode: string | null;
  errorMessage: string | null;
  errorLine: number | null;
  errorColumn: number | null;
}

const RUN_SELECT = sql`id, source, input, input_sha256 as "inputSha256", status, started_at::text as "startedAt", finished_at::text as "finishedAt",
  duration_ms as "durationMs", seen, loaded, updated, unchanged, stale, quarantined, removed, error_code as "errorCode", error_message as "errorMessage",
  error_line as "errorLine", error_column as "errorColumn"`;

function toRun(row: RunRow): ImportRun {
  return {
    ...row,
    id: String(row.id),
    startedAt: isoInstant(row.startedAt) ?? row.startedAt,
    finishedAt: isoInstant(row.finishedAt),
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '', line: row.errorLine, column: row.errorColumn } : null,
  };
}

const QUARANTINE_SELECT = sql`id, import_run_id as "importRunId", input, line, record_id as "recordId", field, code, reason, excerpt`;

/** Newest first. */
export async function findRuns(
  em: EntityManager,
  filter: ImportRunFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<ImportRun>> {
  const page = pageOf(args);
  const where: RawBuilder<unknown>[] = [];
  if (filter?.source) where.push(sql`source = ${filter.source}`);
  if (filter?.status) where.push(sql`status = ${filter.status}`);
  if (filter?.input) where.push(sql`position(lower(${filter.input}) in lower(input)) > 0`);
  const walk = keyset(sql`id`, sql`id`, OrderDirection.DESC, page, { sort: 'int' });
  const db = kysely(em);
  const { rows } =
    await sql<RunRow>`select ${RUN_SELECT} from import_run where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(
      db,
    );
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from import_run where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
  return connectionOf(rows.map(toRun), page, (run) => [Number(run.id), Number(run.id)], count);
}

export async function findQuarantined(
  em: EntityManager,
  filter: QuarantineFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<QuarantinedRecord>> {
  const page = pageOf(args);
  const where: RawBuilder<unknown>[] = [];
  if (filter?.importRun != null) where.push(sql`import_run_id = ${filter.importRun}`);
  if (filter?.recordId) where.push(sql`record_id = ${filter.recordId}`);
  if (filter?.code) where.push(sql`code = ${filter.code}`);
  const walk = keyset(sql`id`, sql`id`, OrderDirection.ASC, page, { sort: 'int' });
  const db = kysely(em);
  const { rows } = await sql<QuarantinedRecord>`select ${QUARANTINE_SELECT} from import_quarantine
    where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(db);
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from import_quarantine where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
  return connectionOf(rows, page, (q) => [q.id, q.id], count);
}

export function createSyncLoaders(em: EntityManager) {
  return {
    runById: new DataLoader<number, ImportRun | null>(async (ids) => {
      const { rows } = await sql<RunRow>`select ${RUN_SELECT} from import_run where id = any(${[...ids]}::int[])`.execute(kysely(em));
      const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    quarantineByRun: new DataLoader<number, QuarantinedRecord[]>(async (ids) => {
      const { rows } = await sql<QuarantinedRecord>`select ${QUARANTINE_SELECT} from import_quarantine
        where import_run_id = any(${[...ids]}::int[]) order by import_run_id, id`.execute(kysely(em));
      return ids.map((id) => rows.filter((r) => r.importRunId === id));
    }),
  };
}
