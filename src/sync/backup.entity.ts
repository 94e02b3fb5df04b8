import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { BACKUP_STATES } from './run-states.js';

/**
 * One backup written, or one restore made, by `tributary backup` / `restore` or the scheduled
 * backup. Not itself backed up: a restore keeps the history of backups, and adds its own row.
 * A scheduled backup's row is claimed `running` for its tick (`slot`) before it starts.
 */
export const BackupRecord = defineEntity({
  name: 'BackupRecord',
  tableName: 'sync_backup',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** `backup` or `restore`. */
    kind: p.enum(['backup', 'restore'] as const),
    status: p.enum(BACKUP_STATES),
    /** The schedule's tick a scheduled backup is for (null: `tributary backup`): one backup per tick. */
    slot: p.text().nullable().unique(),
    /** The backup file written or read. */
    file: p.text(),
    bytes: p.bigint('number').nullable(),
    sha256: p.text().nullable(),
    tables: p.integer().nullable(),
    rows: p.bigint('number').nullable(),
    startedAt: p.datetime().$type<string>(),
    /** Null while it runs. */
    finishedAt: p.datetime().$type<string>().nullable(),
    errorMessage: p.text().nullable(),
  },
});
export type BackupRecord = InferEntity<typeof BackupRecord>;
