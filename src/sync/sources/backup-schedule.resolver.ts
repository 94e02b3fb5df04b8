import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { recentBackups } from '../backups.js';
import { toBackup } from '../backups.resolver.js';
import type { SyncContext } from '../context.js';
import { BackupSchedule } from '../types/backup.type.js';
import { nextTick } from './cron-times.js';
import { healthOf } from './health.js';

@Resolver(() => BackupSchedule)
export class BackupScheduleResolver {
  @Authorized<Role>('system-admin')
  @Query(() => BackupSchedule, {
    nullable: true,
    description: 'The scheduled backup of the sources file, with its health (null: none configured). System administrators only.',
  })
  async backupSchedule(@Ctx() ctx: SyncContext): Promise<BackupSchedule | null> {
    const job = ctx.hubSources.backup;
    if (!job) return null;
    const newest = async (status?: Parameters<typeof recentBackups>[1]['status']) => {
      const [row] = await recentBackups(ctx.em, { kind: 'backup', scheduled: true, limit: 1, ...(status ? { status } : {}) });
      return row ? toBackup(row) : null;
    };
    const [lastRun, lastFinished, lastSuccess, lastFailure] = await Promise.all([
      newest(),
      newest(['succeeded', 'failed', 'interrupted']),
      newest(['succeeded']),
      newest(['failed', 'interrupted']),
    ]);
    const { health, lateAfter } = healthOf({
      schedule: job.schedule,
      lastFinished: lastFinished ? { succeeded: lastFinished.status === 'succeeded' } : null,
      lastSuccessAt: lastSuccess?.finishedAt ? new Date(lastSuccess.finishedAt) : null,
      now: new Date(),
    });
    return {
      folder: job.folder,
      keep: job.keep,
      schedule: { cron: job.schedule.cron, timezone: job.schedule.timezone },
      nextRun: nextTick(job.schedule)?.toISOString() ?? null,
      health,
      lateAfter: lateAfter?.toISOString() ?? null,
      lastRun,
      lastFailure,
    };
  }
}
