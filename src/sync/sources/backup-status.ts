import type { EntityManager } from '../../db/orm.js';
import { recentBackups } from '../backups.js';
import { toBackup } from '../backups.resolver.js';
import type { BackupSchedule } from '../types/backup.type.js';
import { nextTick } from './cron-times.js';
import { healthOf } from './health.js';
import type { BackupJob } from './source-config.js';

/** The scheduled backup as the graph, the health page and `sync status` show it: its health over its own backups. */
export async function backupScheduleStatus(em: EntityManager, job: BackupJob, now: Date = new Date()): Promise<BackupSchedule> {
  const newest = async (status?: Parameters<typeof recentBackups>[1]['status']) => {
    const [row] = await recentBackups(em, { kind: 'backup', scheduled: true, limit: 1, ...(status ? { status } : {}) });
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
    now,
  });
  return {
    folder: job.folder,
    keep: job.keep,
    schedule: { cron: job.schedule.cron, timezone: job.schedule.timezone },
    nextRun: nextTick(job.schedule, now)?.toISOString() ?? null,
    health,
    lateAfter: lateAfter?.toISOString() ?? null,
    lastRun,
    lastFailure,
  };
}
