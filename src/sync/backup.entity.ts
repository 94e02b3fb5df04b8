import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One backup written, or one restore made, by `tributary backup` / `restore` or the scheduled
 * backup. Not itself backed up: a restore keeps the history of backups, and adds its own row.
 */
export const BackupRecord = defineEntity({
  name: 'BackupRecord',
  tableName: 'sync_backup',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** `backup` or `restore`. */
    kind: p.enum(['backup', 'restore'] as const),
    status: p.enum(['succeeded', 'failed'] as const),
    /** The backup file written or read. */
    file: p.text(),
    bytes: p.bigint('number').nullable(),
    sha256: p.text().nullable(),
    tables: p.integer().nullable(),
    rows: p.bigint('number').nullable(),
    startedAt: p.datetime().$type<string>(),
    finishedAt: p.datetime().$type<string>().defaultRaw('now()'),
    errorMessage: p.text().nullable(),
  },
});
export type BackupRecord = InferEntity<typeof BackupRecord>;
