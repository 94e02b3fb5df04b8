import { createTask } from 'node-cron';

/** A source's (or the backup's) schedule: a node-cron expression in a time zone. */
export interface CronSchedule {
  readonly cron: string;
  readonly timezone: string;
}

interface Matcher {
  getNextMatch(after: Date): Date;
}

/**
 * The schedule's next `count` firings strictly after `after`, in its time zone: asked of the very
 * matcher node-cron fires by (a task's own `timeMatcher`, which its API does not expose with a
 * start date), so the times agree with the scheduler's ticks, daylight-saving changes included.
 */
export function firingsAfter(schedule: CronSchedule, after: Date, count: number): Date[] {
  const task = createTask(schedule.cron, () => undefined, { timezone: schedule.timezone });
  try {
    const matcher = (task as unknown as { timeMatcher?: Matcher }).timeMatcher;
    if (!matcher || typeof matcher.getNextMatch !== 'function')
      throw new Error('node-cron no longer exposes its task’s time matcher: pin node-cron or compute firings another way');
    const firings: Date[] = [];
    let from = after;
    for (let i = 0; i < count; i += 1) {
      from = matcher.getNextMatch(from);
      firings.push(from);
    }
    return firings;
  } finally {
    void task.destroy();
  }
}

/** When the schedule next fires after now. */
export function nextTick(schedule: CronSchedule, now: Date = new Date()): Date | null {
  return firingsAfter(schedule, now, 1)[0] ?? null;
}

/**
 * The schedule's interval as it stood after `after` (a last success): the gap between its next two
 * firings, so "every day at 03:00" is 24 h, or 23 h / 25 h across a daylight-saving change.
 */
export function intervalAfter(schedule: CronSchedule, after: Date): number {
  const [first, second] = firingsAfter(schedule, after, 2);
  if (!first || !second) throw new Error(`schedule ${schedule.cron} does not fire twice after ${after.toISOString()}`);
  return second.getTime() - first.getTime();
}
