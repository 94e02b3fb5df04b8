import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { createNotifier } from '../../sync/notify/notifier.js';
import { loadSourcesFile, type SourcesFile } from '../../sync/sources/source-config.js';
import { runSource } from '../../sync/sources/run-source.js';
import { interruptAbandonedSourceRuns } from '../../sync/sources/source-runs.js';
import { recentBackups } from '../../sync/backups.js';
import { backupScheduleStatus } from '../../sync/sources/backup-status.js';
import { nextTick } from '../../sync/sources/cron-times.js';
import { createSourceLoaders, sourceHealth } from '../../sync/sources/source-query.js';
import { openDatabase } from '../database.js';
import { summaryLine } from './results.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** The sources file, or null after saying why there is none. */
export async function sourcesFile(config: Config): Promise<SourcesFile | null> {
  if (!config.sourcesFile) {
    say('no sources are configured: TRIBUTARY_SOURCES names the sources file (JSON or YAML; see the README)');
    return null;
  }
  return loadSourcesFile(config.sourcesFile);
}

async function sweep(orm: Orm): Promise<void> {
  const swept = await interruptAbandonedSourceRuns(orm);
  if (swept.length > 0) say(`source runs ${swept.join(', ')} were left unfinished by a process that ended: now interrupted`);
}

/**
 * `tributary sync run <source>`: runs it now, with its retries (and tells the sources file's
 * `notify` when its health changes); exit 1 unless it succeeded, 3 when another runner has it (a
 * follow-up run is then queued, which that runner starts when it ends).
 */
export async function syncRun(config: Config, name: string, options: { json?: boolean; signal: AbortSignal }): Promise<number> {
  const file = await sourcesFile(config);
  if (!file) return 2;
  const { sources } = file;
  const source = sources.get(name);
  if (!source) {
    say(`no source ${name} in ${config.sourcesFile} (sources: ${[...sources.keys()].join(', ') || 'none'})`);
    return 2;
  }
  const orm = await openDatabase(config);
  const notifier = createNotifier(file.notify, { envSecret: config.envSecret, log: say });
  try {
    await sweep(orm);
    const result = await runSource(
      { orm, config, log: say, notifier, onImportStart: (input, id) => say(`${input}: import run ${id} started`) },
      source,
      { trigger: 'manual', requestedBy: config.operator },
      options.signal,
      (runId) => say(`${name}: source run ${runId} queued`),
    );
    if ('queued' in result || 'skipped' in result) {
      const queued = 'queued' in result ? `: source run ${result.queued} is queued to start when that run ends` : '';
      say(`${name} is being run by another process now${queued}`);
      return 3;
    }
    if (options.json) {
      const error = result.error ? { code: result.error.code, message: result.error.message } : null;
      process.stdout.write(
        `${JSON.stringify({ ...result, imports: result.imports.map((i) => ({ ...i, error: i.error?.message })), error }, null, 2)}\n`,
      );
    } else {
      for (const imported of result.imports) process.stdout.write(`${summaryLine(imported, 'records')}\n`);
      const t = result.tally;
      process.stdout.write(
        `${name}: ${result.status} after ${result.attempts} attempt(s): ${t.inputs} input(s), ${t.imported} imported, ${t.unchanged} unchanged, ${t.refused} refused (source run ${result.runId})\n`,
      );
      if (result.error) process.stdout.write(`${name}: ${result.error.code}: ${result.error.message}\n`);
    }
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    await notifier?.settled();
    await orm.close();
  }
}

/** The name `sync status` gives the scheduled backup: with a space, so no source can have it. */
export const BACKUP_ROW = 'scheduled backup';

/**
 * `tributary sync status`: every source's health, schedule, last run, last success, last failure
 * and its reason, next run; and the scheduled backup's, as one more row.
 */
export async function syncStatus(config: Config, options: { json?: boolean }): Promise<number> {
  const file = await sourcesFile(config);
  if (!file) return 2;
  const { sources, backup } = file;
  const orm = await openDatabase(config);
  try {
    const loaders = createSourceLoaders(orm.em.fork());
    const rows = [];
    for (const source of [...sources.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const [last, success, failure, health] = await Promise.all([
        loaders.lastRun.load(source.name),
        loaders.lastSuccess.load(source.name),
        loaders.lastFailure.load(source.name),
        sourceHealth(loaders, source.name, source.schedule ?? null),
      ]);
      rows.push({
        name: source.name,
        kind: source.kind,
        health: health.health,
        schedule: source.schedule ? `${source.schedule.cron} (${source.schedule.timezone})` : null,
        nextRun: source.schedule ? (nextTick(source.schedule)?.toISOString() ?? null) : null,
        lastRun: last ? { id: last.id, status: last.status, at: last.finishedAt ?? last.queuedAt } : null,
        lastSuccess: success?.finishedAt ?? null,
        lastFailure: failure
          ? { at: failure.finishedAt ?? failure.queuedAt, status: failure.status, reason: failure.error?.message ?? null }
          : null,
      });
    }
    if (backup) {
      const [job, [success]] = await Promise.all([
        backupScheduleStatus(orm.em.fork(), backup),
        recentBackups(orm.em.fork(), { kind: 'backup', scheduled: true, status: ['succeeded'], limit: 1 }),
      ]);
      const failure = job.lastFailure;
      rows.push({
        name: BACKUP_ROW,
        kind: `backup to ${job.folder}, keeping ${job.keep}`,
        health: job.health,
        schedule: `${job.schedule.cron} (${job.schedule.timezone})`,
        nextRun: job.nextRun,
        lastRun: job.lastRun
          ? { id: Number(job.lastRun.id), status: job.lastRun.status, at: job.lastRun.finishedAt ?? job.lastRun.startedAt }
          : null,
        lastSuccess: success?.finishedAt ?? null,
        lastFailure: failure ? { at: failure.finishedAt ?? failure.startedAt, status: failure.status, reason: failure.error } : null,
      });
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const row of rows) {
      const lines = [
        `${row.name} (${row.kind}): ${row.health}, ${row.schedule ?? 'no schedule'}${row.nextRun ? `, next ${row.nextRun}` : ''}`,
        `  last run: ${row.lastRun ? `${row.lastRun.status} ${row.lastRun.at} (${row.name === BACKUP_ROW ? 'backup' : 'source run'} ${row.lastRun.id})` : 'never'}`,
        `  last success: ${row.lastSuccess ?? 'never'}`,
      ];
      if (row.lastFailure) lines.push(`  last failure: ${row.lastFailure.status} ${row.lastFailure.at}: ${row.lastFailure.reason ?? ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    await orm.close();
  }
}
