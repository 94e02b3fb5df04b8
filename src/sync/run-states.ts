/**
 * The states of an import run, defined once: the entity's check constraint, the write side and
 * the README follow this list. Later sync work adds states here (and in a migration).
 */
export const RUN_STATES = [
  /** Started and not finished; its process holds the run's advisory lock (see run-claim.ts). */
  'running',
  /** Committed with its counts. */
  'succeeded',
  /** The input was refused (unreadable, invalid); nothing it read was stored. */
  'rejected',
  /** The hub failed (a bug, the database went away); nothing it read was stored. */
  'failed',
  /** Stopped before it finished (a signal, or found `running` with no live owner); nothing stored. */
  'interrupted',
] as const;

export type RunState = (typeof RUN_STATES)[number];
/** How a run ended. */
export type RunOutcome = Exclude<RunState, 'running'>;

/** The states as the graph describes them. */
export const RUN_STATES_DESCRIPTION = `${RUN_STATES.slice(0, -1).join(', ')} or ${RUN_STATES.at(-1)} (the README's "Running in production" says what each means).`;

/**
 * A configured source's run (source_run) extends them: `queued` (recorded, waiting for the
 * source's lock) and `retrying` (a transient failure — network, timeout, HTTP 5xx — waiting out
 * its backoff before the next attempt).
 */
export const SOURCE_RUN_STATES = ['queued', 'retrying', ...RUN_STATES] as const;
export type SourceRunState = (typeof SOURCE_RUN_STATES)[number];

/** A backup's states: `running` (a scheduled backup under way), then `succeeded` or `failed`, or `interrupted` when its process died. */
export const BACKUP_STATES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type BackupState = (typeof BACKUP_STATES)[number];
