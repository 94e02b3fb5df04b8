import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Role } from '../auth/viewer.js';
import { isoInstant } from '../graphql/scalars.js';
import { recentBackups } from './backups.js';
import type { SyncContext } from './context.js';
import { Backup } from './types/backup.type.js';

type BackupRow = Awaited<ReturnType<typeof recentBackups>>[number];

export function toBackup({ errorMessage, startedAt, finishedAt, ...row }: BackupRow): Backup {
  return {
    ...row,
    id: String(row.id),
    startedAt: isoInstant(startedAt) ?? '',
    finishedAt: isoInstant(finishedAt),
    error: errorMessage,
  };
}

@Resolver()
export class BackupResolver {
  @Authorized<Role>('system-admin')
  @Query(() => Backup, { nullable: true, description: 'The newest backup that succeeded (null: none yet). System administrators only.' })
  async lastBackup(@Ctx() ctx: SyncContext) {
    const [row] = await recentBackups(ctx.em, { kind: 'backup', status: ['succeeded'], limit: 1 });
    return row ? toBackup(row) : null;
  }

  @Authorized<Role>('system-admin')
  @Query(() => [Backup], { description: 'Backups and restores, failed ones included, newest first. System administrators only.' })
  async backups(@Ctx() ctx: SyncContext, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number) {
    const rows = await recentBackups(ctx.em, { limit: Math.min(Math.max(limit, 0), 100) });
    return rows.map(toBackup);
  }
}
