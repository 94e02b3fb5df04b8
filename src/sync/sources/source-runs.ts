import { sql } from 'kysely';
import { isEmbedded, type Orm } from '../../db/orm.js';
import type { TributaryError } from '../../errors.js';
import { syncDb } from '../db.js';
import type { SourceRunState } from '../run-states.js';
import { runningHere, SOURCE_LOCK_KEY } from './source-lock.js';

/** The durable records of source runs (source_run) and of what each input last was (source_input). */
export interface RunStart {
  readonly source: string;
  readonly kind: string;
  readonly trigger: 'schedule' | 'manual';
  readonly requestedBy?: string | null;
  /** The schedule's tick (ISO, to the second): a second scheduler firing for it finds it taken. */
  readonly slot?: string | null;
}

export interface RunTally {
  inputs: number;
  imported: number;
  unchanged: number;
  refused: number;
  changedData: boolean;
}

/** A queued run, or null when another process already made this tick's run. */
export async function queueRun(orm: Orm, start: RunStart): Promise<number | null> {
  const row = await syncDb(orm.em.fork())
    .insertInto('source_run')
    .values({
      source: start.source,
      kind: start.kind,
      trigger: start.trigger,
      requested_by: start.requestedBy ?? null,
      slot: start.slot ?? null,
      status: 'queued',
      queued_at: sql<string>`clock_timestamp()`,
    })
    .onConflict((c) => c.columns(['source', 'slot']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function markAttempt(orm: Orm, id: number, attempt: number): Promise<void> {
  await syncDb(orm.em.fork())
    .updateTable('source_run')
    .set({
      status: 'running',
      attempt,
      next_attempt_at: null,
      started_at: sql<string>`coalesce(started_at, clock_timestamp())`,
    })
    .where('id', '=', id)
    .execute();
}

export async function markRetrying(orm: Orm, id: number, delayMs: number, error: TributaryError): Promise<void> {
  await syncDb(orm.em.fork())
    .updateTable('source_run')
    .set({
      status: 'retrying',
      next_attempt_at: sql<string>`clock_timestamp() + ${`${Math.round(delayMs)} milliseconds`}::interval`,
      error_code: error.code,
      error_message: error.message,
    })
    .where('id', '=', id)
    .execute();
}

export async function endSourceRun(
  orm: Orm,
  id: number,
  status: Exclude<SourceRunState, 'queued' | 'retrying' | 'running'>,
  tally: RunTally,
  error: TributaryError | null,
): Promise<void> {
  await syncDb(orm.em.fork())
    .updateTable('source_run')
    .set({
      status,
      finished_at: sql<string>`clock_timestamp()`,
      next_attempt_at: null,
      inputs: tally.inputs,
      imported: tally.imported,
      unchanged: tally.unchanged,
      refused: tally.refused,
      changed_data: tally.changedData,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
    })
    .where('id', '=', id)
    .execute();
}

export interface InputState {
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly listedModified: string | null;
  readonly sha256: string;
}

export async function inputState(orm: Orm, source: string, input: string): Promise<InputState | null> {
  const row = await syncDb(orm.em.fork())
    .selectFrom('source_input')
    .select(['etag', 'last_modified as lastModified', 'listed_modified as listedModified', 'sha256'])
    .where('source', '=', source)
    .where('input', '=', input)
    .executeTakeFirst();
  return row ?? null;
}

/** Written once the input's import committed (or its bytes were found unchanged). */
export async function saveInputState(
  orm: Orm,
  source: string,
  input: string,
  state: InputState & { readonly bytes: number; readonly importRunId: number | null },
): Promise<void> {
  const values = {
    etag: state.etag,
    last_modified: state.lastModified,
    listed_modified: state.listedModified,
    sha256: state.sha256,
    bytes: state.bytes,
    import_run_id: state.importRunId,
    checked_at: sql<string>`clock_timestamp()`,
  };
  await syncDb(orm.em.fork())
    .insertInto('source_input')
    .values({ source, input, ...values })
    .onConflict((c) => c.columns(['source', 'input']).doUpdateSet(values))
    .execute();
}

/**
 * Ends, as `interrupted`, every source run left queued, running or retrying by a process that is
 * gone: on PostgreSQL, those whose source's lock no process holds; on PGlite, those this process
 * is not running. Returns their ids.
 */
export async function interruptAbandonedSourceRuns(orm: Orm): Promise<number[]> {
  const message =
    'stopped before it finished (its process ended); what its finished inputs imported stays, the rest is run again next time';
  const db = syncDb(orm.em.fork());
  const open = ['queued', 'running', 'retrying'] as const;
  const interrupt = { status: 'interrupted', error_code: 'INTERRUPTED', error_message: message, next_attempt_at: null } as const;
  if (isEmbedded(orm)) {
    const rows = await db.selectFrom('source_run').select(['id', 'source']).where('status', 'in', open).execute();
    const ids = rows.filter((r) => !runningHere(orm, r.source)).map((r) => r.id);
    if (ids.length > 0) await db.updateTable('source_run').set(interrupt).where('id', 'in', ids).execute();
    return ids.sort((a, b) => a - b);
  }
  const rows = await db.transaction().execute((trx) =>
    trx
      .updateTable('source_run')
      .set(interrupt)
      .where('status', 'in', open)
      .where(sql<boolean>`pg_try_advisory_xact_lock(${SOURCE_LOCK_KEY(sql<string>`source`)})`)
      .returning('id')
      .execute(),
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * The outcome of the run that ended last before `runId` and says how the source is doing
 * (succeeded, rejected or failed), if any. By when runs ended, not by id: a follow-up run may have
 * been queued (and numbered) before a run that ended ahead of it.
 */
export async function previousOutcome(orm: Orm, source: string, runId: number): Promise<SourceRunState | null> {
  const row = await syncDb(orm.em.fork())
    .selectFrom('source_run')
    .select('status')
    .where('source', '=', source)
    .where('id', '!=', runId)
    .where('status', 'in', ['succeeded', 'rejected', 'failed'])
    .where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.status ?? null;
}
