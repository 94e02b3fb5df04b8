import { createTask, type ScheduledTask } from 'node-cron';
import { BACKUP_LOCK, interruptAbandonedBackups, runBackupJob, type BackupJobResult } from './backup-job.js';
import type { BackupJob, ConfiguredSource } from './source-config.js';
import { describeRun, runSource, type SourceEnv, type SourceRunResult } from './run-source.js';
import { interruptAbandonedSourceRuns } from './source-runs.js';

/**
 * Starts each scheduled source on its cron expression, in its time zone, and the scheduled backup
 * on its own. Every hub process may run a scheduler: a tick's run is recorded once per database
 * (its slot is unique) and runs under the source's advisory lock, so two schedulers make one run.
 * A source's failure is its own: the others keep their schedules.
 */
export interface Scheduler {
  /**
   * Starts a source now (the graph's mutation): resolves once its run is recorded, with its id —
   * while the source runs, the id of the one follow-up run queued to run when that ends.
   */
  startNow(source: ConfiguredSource, requestedBy: string): Promise<{ runId: number } | { skipped: 'busy' | 'taken' }>;
  /** Stops the schedules, asks running sources to stop, and waits for them. */
  stop(): Promise<void>;
}

/** A tick as every process names it: the scheduled time to the second. */
export function slotOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

export async function startScheduler(
  env: SourceEnv,
  sources: ReadonlyMap<string, ConfiguredSource>,
  backup: BackupJob | null = null,
): Promise<Scheduler> {
  const log = env.log ?? (() => undefined);
  const stopping = new AbortController();
  const inFlight = new Set<Promise<SourceRunResult | BackupJobResult>>();
  const swept = await interruptAbandonedSourceRuns(env.orm);
  if (swept.length > 0) log(`source runs ${swept.join(', ')} were left unfinished by a process that ended: now interrupted`);
  const sweptBackups = await interruptAbandonedBackups(env.orm);
  if (sweptBackups.length > 0) log(`backups ${sweptBackups.join(', ')} were left unfinished by a process that ended: now interrupted`);

  const launch = (source: ConfiguredSource, start: Parameters<typeof runSource>[2], onQueued?: (runId: number) => void) => {
    const running = runSource(env, source, start, stopping.signal, onQueued).catch((error: unknown) => {
      log(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
      return { skipped: 'busy' } as const;
    });
    inFlight.add(running);
    void running.then((result) => {
      inFlight.delete(running);
      if ('status' in result) log(describeRun(source.name, result));
    });
    return running;
  };

  const tasks = new Map<string, ScheduledTask>();
  for (const source of sources.values()) {
    if (!source.schedule) continue;
    const task = createTask(
      source.schedule.cron,
      async (context) => void (await launch(source, { trigger: 'schedule', slot: slotOf(context.date) })),
      {
        name: `source ${source.name}`,
        timezone: source.schedule.timezone,
        noOverlap: true,
      },
    );
    await task.start();
    tasks.set(source.name, task);
  }
  log(`scheduler: ${tasks.size} scheduled source(s) of ${sources.size}`);
  if (backup) {
    const backupTick = async (slot: string) => {
      const running = runBackupJob(env.orm, backup, slot).catch((error: unknown) => ({ id: 0, error: error as Error }));
      inFlight.add(running);
      const result = await running.finally(() => inFlight.delete(running));
      if ('result' in result) log(`backup ${result.id}: ${result.result.file} written, ${result.result.deleted.length} older deleted`);
      if ('error' in result) log(`backup ${result.id} failed: ${result.error.message}`);
    };
    const task = createTask(backup.schedule.cron, async (context) => backupTick(slotOf(context.date)), {
      name: 'backup',
      timezone: backup.schedule.timezone,
      noOverlap: true,
    });
    await task.start();
    tasks.set(BACKUP_LOCK, task);
    log(`scheduler: backup to ${backup.folder} on ${backup.schedule.cron} (${backup.schedule.timezone}), keeping ${backup.keep}`);
  }

  return {
    startNow(source, requestedBy) {
      return new Promise((resolve) => {
        void launch(source, { trigger: 'manual', requestedBy }, (runId) => resolve({ runId })).then((result) => {
          if ('skipped' in result) resolve(result);
        });
      });
    },
    async stop() {
      for (const task of tasks.values()) await task.destroy();
      stopping.abort('the hub stopping');
      await Promise.all(inFlight);
    },
  };
}
