import path from 'node:path';
import { sql } from 'kysely';
import { isEmbedded, type Orm } from '../../db/orm.js';
import { scheduledBackup, type FolderBackupResult } from '../backups.js';
import { syncDb } from '../db.js';
import type { BackupJob } from './source-config.js';
import { runningHere, SOURCE_LOCK_KEY, tryLockSource } from './source-lock.js';

/**
 * The scheduled backup (the sources file's `backup`), run like a source: under its own advisory
 * lock (a name no source can have), its tick's row in sync_backup claimed `running` first (the
 * slot is unique, so two schedulers make one backup), then ended by scheduledBackup. Its rows are
 * kept across restores, so its history and health survive restoring one of its backups.
 */
export const BACKUP_LOCK = ':backup';

export type BackupJobResult =
  | { readonly id: number; readonly result: FolderBackupResult }
  | { readonly id: number; readonly error: Error }
  /** `busy`: another process is backing up now; `taken`: another scheduler already made this tick's backup. */
  | { readonly skipped: 'busy' | 'taken' };

async function claim(orm: Orm, job: BackupJob, slot: string): Promise<number | null> {
  const row = await syncDb(orm.em.fork())
    .insertInto('sync_backup')
    .values({ kind: 'backup', status: 'running', slot, file: path.resolve(job.folder), started_at: sql<string>`clock_timestamp()` })
    .onConflict((c) => c.column('slot').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Makes the backup of the tick `slot` (ISO, to the second), unless another runner has it or made it. */
export async function runBackupJob(orm: Orm, job: BackupJob, slot: string): Promise<BackupJobResult> {
  const lock = await tryLockSource(orm, BACKUP_LOCK);
  if (!lock) return { skipped: 'busy' };
  try {
    const id = await claim(orm, job, slot);
    if (id === null) return { skipped: 'taken' };
    try {
      return { id, result: await scheduledBackup(orm, job, id) };
    } catch (error) {
      return { id, error: error instanceof Error ? error : new Error(String(error)) };
    }
  } finally {
    await lock.release();
  }
}

/**
 * Ends, as `interrupted`, scheduled backups left `running` by a process that is gone (whose lock
 * no process holds; on PGlite, not running here). Returns their ids.
 */
export async function interruptAbandonedBackups(orm: Orm): Promise<number[]> {
  const interrupt = {
    status: 'interrupted',
    finished_at: sql<string>`clock_timestamp()`,
    error_message: 'stopped before it finished (its process ended); its partial file was never renamed into place',
  } as const;
  const db = syncDb(orm.em.fork());
  if (isEmbedded(orm)) {
    if (runningHere(orm, BACKUP_LOCK)) return [];
    const rows = await db.updateTable('sync_backup').set(interrupt).where('status', '=', 'running').returning('id').execute();
    return rows.map((r) => r.id);
  }
  const rows = await db.transaction().execute((trx) =>
    trx
      .updateTable('sync_backup')
      .set(interrupt)
      .where('status', '=', 'running')
      .where(sql<boolean>`pg_try_advisory_xact_lock(${SOURCE_LOCK_KEY(BACKUP_LOCK)})`)
      .returning('id')
      .execute(),
  );
  return rows.map((r) => r.id);
}
