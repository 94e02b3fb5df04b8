import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { backupDatabase, type BackupResult } from '../db/backup/write.js';
import { restoreDatabase, type RestoreResult } from '../db/backup/restore.js';
import type { EntityManager, Orm } from '../db/orm.js';
import { syncDb } from './db.js';
import { interruptAbandonedRuns } from './run-claim.js';

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

async function record(
  orm: Orm,
  kind: 'backup' | 'restore',
  file: string,
  startedAt: Date,
  result: { bytes?: number; sha256?: string; tables: number; rows: number } | Error,
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
  await syncDb(orm.em.fork())
    .insertInto('sync_backup')
    .values({
      kind,
      file: path.resolve(file),
      started_at: startedAt.toISOString(),
      finished_at: sql<string>`clock_timestamp()`,
      ...outcome,
    })
    .execute();
}

/** Backs the database up to `file`, and records it (a failure too, then rethrown). */
export async function backupTo(orm: Orm, file: string): Promise<BackupResult> {
  const startedAt = new Date();
  try {
    const result = await backupDatabase(orm, file, KEPT_ACROSS_RESTORES);
    await record(orm, 'backup', file, startedAt, result);
    return result;
  } catch (error) {
    await record(orm, 'backup', file, startedAt, error as Error).catch(() => undefined);
    throw error;
  }
}

export interface FolderBackupResult extends BackupResult {
  /** Older backups deleted to keep `keep`. */
  readonly deleted: readonly string[];
}

/**
 * The scheduled backup: a new timestamped backup in `folder`, then the oldest deleted so that
 * `keep` remain (only once the new one is whole; only files named as backups are touched).
 */
export async function scheduledBackup(orm: Orm, options: { readonly folder: string; readonly keep: number }): Promise<FolderBackupResult> {
  if (!Number.isInteger(options.keep) || options.keep < 1)
    throw new Error(`keep must be a whole number of backups, at least 1 (got ${options.keep})`);
  await mkdir(options.folder, { recursive: true });
  const result = await backupTo(orm, path.join(options.folder, backupFileName()));
  const backups = (await readdir(options.folder)).filter((name) => NAME.test(name)).sort();
  const deleted = backups.slice(0, Math.max(0, backups.length - options.keep)).map((name) => path.join(options.folder, name));
  for (const file of deleted) await rm(file, { force: true });
  return { ...result, deleted };
}

/** Restores `file` (restore.ts: whole or not at all), records it, and ends runs the backup caught `running`. */
export async function restoreFrom(orm: Orm, file: string): Promise<RestoreResult & { interruptedRuns: number[] }> {
  const startedAt = new Date();
  try {
    const result = await restoreDatabase(orm, file, KEPT_ACROSS_RESTORES);
    await record(orm, 'restore', file, startedAt, result);
    return { ...result, interruptedRuns: await interruptAbandonedRuns(orm) };
  } catch (error) {
    await record(orm, 'restore', file, startedAt, error as Error).catch(() => undefined);
    throw error;
  }
}

/** The newest backups and restores, newest first (the graph's `backups`, `lastBackup`). */
export function recentBackups(em: EntityManager, options: { kind?: 'backup' | 'restore'; status?: 'succeeded' | 'failed'; limit: number }) {
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
  if (options.status) query = query.where('status', '=', options.status);
  return query.execute();
}
