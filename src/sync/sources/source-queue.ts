import { sql, type Kysely } from 'kysely';
import { isEmbedded, type Orm } from '../../db/orm.js';
import { syncDb, type SyncDB } from '../db.js';
import type { RunStart } from './source-runs.js';

/**
 * A source started by hand while it runs gets one follow-up run: a `manual` source run left
 * `queued` (no schedule tick), which whoever next holds the source's lock runs. There is at most
 * one per source: a start while one waits is answered with that one.
 */
const making = new WeakMap<Orm, Map<string, Promise<number>>>();

function waitingRun(db: Kysely<SyncDB>, source: string) {
  return db
    .selectFrom('source_run')
    .select('id')
    .where('source', '=', source)
    .where('status', '=', 'queued')
    .where('trigger', '=', 'manual')
    .where('slot', 'is', null)
    .orderBy('id')
    .limit(1);
}

/** The waiting run (made if there is none); taken at once as `running` when `claim` (the caller holds the source's lock). */
async function takeOrLeave(db: Kysely<SyncDB>, start: RunStart, claim: boolean): Promise<number> {
  const found = await waitingRun(db, start.source).executeTakeFirst();
  const id =
    found?.id ??
    (
      await db
        .insertInto('source_run')
        .values({
          source: start.source,
          kind: start.kind,
          trigger: 'manual',
          requested_by: start.requestedBy ?? null,
          status: 'queued',
          queued_at: sql<string>`clock_timestamp()`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // Taken before anyone else looks for a waiting run: a start meanwhile then queues a follow-up of its own.
  if (claim) await db.updateTable('source_run').set({ status: 'running' }).where('id', '=', id).execute();
  return id;
}

async function findOrQueue(orm: Orm, start: RunStart, claim: boolean): Promise<number> {
  if (isEmbedded(orm)) {
    // One process owns an embedded database, and `making` already serialises it per source.
    return takeOrLeave(syncDb(orm.em.fork()), start, claim);
  }
  // Processes sharing a PostgreSQL database serialise on a transaction-level lock per source.
  return syncDb(orm.em.fork())
    .transaction()
    .execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':source-queue'), hashtext(${start.source}))`.execute(trx);
      return takeOrLeave(trx, start, claim);
    });
}

/** The source's waiting manual run, made if there is none; `claim` when the caller holds the source's lock and runs it now. */
export async function queueManualRun(orm: Orm, start: RunStart, claim = false): Promise<number> {
  const bySource = making.get(orm) ?? new Map<string, Promise<number>>();
  making.set(orm, bySource);
  const before = bySource.get(start.source) ?? Promise.resolve(0);
  const made = before.catch(() => 0).then(() => findOrQueue(orm, start, claim));
  bySource.set(start.source, made);
  try {
    return await made;
  } finally {
    if (bySource.get(start.source) === made) bySource.delete(start.source);
  }
}

/** The waiting manual run of a source, if any. */
export async function nextQueuedRun(orm: Orm, source: string): Promise<number | null> {
  return (await waitingRun(syncDb(orm.em.fork()), source).executeTakeFirst())?.id ?? null;
}
