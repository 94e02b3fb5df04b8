import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import type { SyncContext } from '../context.js';
import { BackupSchedule } from '../types/backup.type.js';
import { backupScheduleStatus } from './backup-status.js';

@Resolver(() => BackupSchedule)
export class BackupScheduleResolver {
  @Authorized<Role>('system-admin')
  @Query(() => BackupSchedule, {
    nullable: true,
    description: 'The scheduled backup of the sources file, with its health (null: none configured). System administrators only.',
  })
  async backupSchedule(@Ctx() ctx: SyncContext): Promise<BackupSchedule | null> {
    const job = ctx.hubSources.backup;
    return job ? backupScheduleStatus(ctx.em, job) : null;
  }
}
