import { intervalAfter, type CronSchedule } from './cron-times.js';

/**
 * A source's health, computed once, on the hub, for the graph and the health page alike:
 * - FAILING: its newest finished run failed, was refused or was interrupted;
 * - LATE: it has a schedule and no success within twice the schedule's interval (the gap between
 *   its next two firings after the last success, in its time zone);
 * - GREEN: its newest finished run succeeded, recently enough;
 * - MANUAL: it has no schedule and its newest finished run succeeded (it cannot be late);
 * - NEVER_RUN: no run of it has finished yet.
 * The scheduled backup's health is the same, over its backups.
 */
export const HEALTHS = ['GREEN', 'LATE', 'FAILING', 'NEVER_RUN', 'MANUAL'] as const;
export type Health = (typeof HEALTHS)[number];

export interface HealthInput {
  readonly schedule: CronSchedule | null;
  /** The newest finished run: its outcome, and when it ended. */
  readonly lastFinished: { readonly succeeded: boolean } | null;
  /** When the newest successful run ended. */
  readonly lastSuccessAt: Date | null;
  readonly now: Date;
}

export interface HealthAnswer {
  readonly health: Health;
  /** When a scheduled job with a success becomes (or became) late without another one. */
  readonly lateAfter: Date | null;
}

export function healthOf(input: HealthInput): HealthAnswer {
  const lateAfter =
    input.schedule && input.lastSuccessAt
      ? new Date(input.lastSuccessAt.getTime() + 2 * intervalAfter(input.schedule, input.lastSuccessAt))
      : null;
  if (!input.lastFinished) return { health: 'NEVER_RUN', lateAfter };
  if (!input.lastFinished.succeeded) return { health: 'FAILING', lateAfter };
  if (!input.schedule) return { health: 'MANUAL', lateAfter };
  return { health: lateAfter && input.now.getTime() > lateAfter.getTime() ? 'LATE' : 'GREEN', lateAfter };
}
