/** What the health page reads from the graph, as its JSON arrives in the browser (no imports: the browser build includes it). */

export type Health = 'GREEN' | 'LATE' | 'FAILING' | 'NEVER_RUN' | 'MANUAL';

export interface Schedule {
  cron: string;
  timezone: string;
}

export interface RunShape {
  status: string;
  trigger: string;
  queuedAt: string;
  finishedAt: string | null;
  inputs: number;
  imported: number;
  unchanged: number;
  refused: number;
  records: number;
}

export interface SourceShape {
  name: string;
  kind: string;
  location: string;
  schedule: Schedule | null;
  nextRun: string | null;
  health: Health;
  lateAfter: string | null;
  lastRun: RunShape | null;
  lastSuccess: { finishedAt: string | null } | null;
  lastFailure: { status: string; finishedAt: string | null; error: { code: string; message: string } | null } | null;
}

export interface BackupShape {
  status: string;
  file: string;
  finishedAt: string | null;
  error: string | null;
}

export interface HealthAnswer {
  sources: SourceShape[];
  backupSchedule: {
    folder: string;
    keep: number;
    schedule: Schedule;
    nextRun: string | null;
    health: Health;
    lateAfter: string | null;
    lastRun: BackupShape | null;
    lastFailure: BackupShape | null;
  } | null;
  lastBackup: BackupShape | null;
}

const RUN = 'status trigger queuedAt finishedAt inputs imported unchanged refused records';
const BACKUP = 'status file finishedAt error';

export const HEALTH_QUERY = `query SourcesHealth {
  sources {
    name kind location schedule { cron timezone } nextRun health lateAfter
    lastRun { ${RUN} } lastSuccess { finishedAt } lastFailure { status finishedAt error { code message } }
  }
  backupSchedule { folder keep schedule { cron timezone } nextRun health lateAfter lastRun { ${BACKUP} } lastFailure { ${BACKUP} } }
  lastBackup { ${BACKUP} }
}`;
