import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { backupDatabase, type BackupResult } from '../db/backup/write.js';
import { restoreDatabase, type RestoreResult } from '../db/backup/restore.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { syncDb } from './db.js';
import { interruptAbandonedRuns } from './run-claim.js';
import type { BackupState } from './run-states.js';

/**
 * Backups and restores as the hub runs them, each recorded in `sync_backup` (succeeded or failed,
 * and why) so the graph can say when the last good backup was made.
 */

/** This domain's record of backups: left out of them, so a restore keeps the history of backups. */
export const KEPT_ACROSS_RESTORES: readonly string[] = ['sync_backup'];

/** `tributary-20261207T230000Z.backup.gz`: names that sort by time, and the only files `keep` deletes. */
const NAME = /^tributary-\d{8}T\d{6}(\d{3})?Z\.backup\.gz$/;

export function backupFileName(at: Date = new Date()): string {
  return `tributary-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})/, '$1')}.backup.gz`;
}

type Counts = { bytes?: number; sha256?: string; tables: number; rows: number };

/** The outcome of a backup or restore, as a new row, or ending the scheduled backup's claimed row. */
async function record(
  orm: Orm,
  kind: 'backup' | 'restore',
  file: string,
  startedAt: Date,
  result: Counts | Error,
  claimed: number | null,
): Promise<void> {
  const outcome =
    result instanceof Error
      ? { status: 'failed' as const, error_message: result.message }
      : {
          status: 'succeeded' as const,
          bytes: result.bytes ?? null,
          sha256: result.sha256 ?? null,
          tables: result.tables,
          rows: result.rows,
        };
  const ended = { file: path.resolve(file), finished_at: sql<string>`clock_timestamp()`, ...outcome };
  const db = syncDb(orm.em.fork());
  if (claimed !== null) await db.updateTable('sync_backup').set(ended).where('id', '=', claimed).execute();
  else
    await db
      .insertInto('sync_backup')
      .values({ kind, started_at: startedAt.toISOString(), ...ended })
      .execute();
}

/** Runs a backup or restore and records it (a failure too, then rethrown). */
async function recorded<T extends Counts>(
  orm: Orm,
  kind: 'backup' | 'restore',
  file: string,
  claimed: number | null,
  work: () => Promise<T>,
): Promise<T> {
  const startedAt = new Date();
  try {
    const result = await work();
    await record(orm, kind, file, startedAt, result, claimed);
    return result;
  } catch (error) {
    await record(orm, kind, file, startedAt, error as Error, claimed).catch(() => undefined);
    throw error;
  }
}

/** Backs the database up to `file`, and records it (a failure too, then rethrown). */
export function backupTo(orm: Orm, file: string): Promise<BackupResult> {
  return recorded(orm, 'backup', file, null, () => backupDatabase(orm, file, KEPT_ACROSS_RESTORES));
}

export interface FolderBackupResult extends BackupResult {
  /** Older backups deleted to keep `keep`. */
  readonly deleted: readonly string[];
}

/**
 * A new timestamped backup in `folder`, then the oldest deleted so that `keep` remain (only once
 * the new one is whole; only files named as backups are touched). `claimed`: the scheduled
 * backup's row (backup-job.ts) this one ends, instead of a new row.
 */
export async function scheduledBackup(
  orm: Orm,
  options: { readonly folder: string; readonly keep: number },
  claimed: number | null = null,
): Promise<FolderBackupResult> {
  if (!Number.isInteger(options.keep) || options.keep < 1)
    throw new Error(`keep must be a whole number of backups, at least 1 (got ${options.keep})`);
  const file = path.join(options.folder, backupFileName());
  const result = await recorded(orm, 'backup', file, claimed, async () => {
    await mkdir(options.folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot make the backup folder ${options.folder}: ${error.code ?? ''} ${error.message}`.replace('  ', ' '));
    });
    return backupDatabase(orm, file, KEPT_ACROSS_RESTORES);
  });
  const backups = (await readdir(options.folder)).filter((name) => NAME.test(name)).sort();
  const deleted = backups.slice(0, Math.max(0, backups.length - options.keep)).map((name) => path.join(options.folder, name));
  for (const old of deleted) await rm(old, { force: true });
  return { ...result, deleted };
}

/** Restores `file` (restore.ts: whole or not at all), records it, and ends runs the backup caught `running`. */
export async function restoreFrom(orm: Orm, file: string): Promise<RestoreResult & { interruptedRuns: number[] }> {
  const result = await recorded(orm, 'restore', file, null, () => restoreDatabase(orm, file, KEPT_ACROSS_RESTORES));
  return { ...result, interruptedRuns: await interruptAbandonedRuns(orm) };
}

/** The newest backups and restores, newest first (the graph's `backups`, `lastBackup`). */
export function recentBackups(
  em: EntityManager,
  options: { kind?: 'backup' | 'restore'; status?: readonly BackupState[]; scheduled?: boolean; limit: number },
) {
  let query = syncDb(em)
    .selectFrom('sync_backup')
    .select([
      'id',
      'kind',
      'status',
      'file',
      'bytes',
      'sha256',
      'tables',
      'rows',
      'started_at as startedAt',
      'finished_at as finishedAt',
      'error_message as errorMessage',
    ])
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (options.status) query = query.where('status', 'in', [...options.status]);
  if (options.scheduled) query = query.where('slot', 'is not', null);
  return query.execute();
}
