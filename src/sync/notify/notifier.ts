import { setTimeout as delay } from 'node:timers/promises';
import { emailChannel, webhookChannel, type Channel } from './channels.js';
import type { NotifySpec } from './notify-config.js';
import type { SourceNotice } from './notice.js';

/**
 * Tells the configured channels about a source's state change, in the background: a channel that
 * fails (its receiver down, a timeout) is logged and tried again a bounded number of times, and
 * never holds up or fails the run or the scheduler.
 */
export interface Notifier {
  notify(notice: SourceNotice): void;
  /** Resolves once every notice given so far was delivered or given up on. */
  settled(): Promise<void>;
  /** Cuts the waits between retries short (the hub stopping), then settles. */
  close(): Promise<void>;
}

export interface NotifierOptions {
  readonly envSecret: (variable: string) => string | null;
  readonly log: (line: string) => void;
}

export function createNotifier(spec: NotifySpec | null, options: NotifierOptions): Notifier | null {
  if (!spec) return null;
  const channels: Channel[] = [
    ...(spec.webhook ? [webhookChannel(spec.webhook, options.envSecret)] : []),
    ...(spec.email ? [emailChannel(spec.email, options.envSecret)] : []),
  ];
  const { retry } = spec;
  const closing = new AbortController();
  const pending = new Set<Promise<void>>();

  async function deliver(channel: Channel, notice: SourceNotice): Promise<void> {
    const what = `notification (${notice.source} ${notice.state}, source run ${notice.run.id}) by ${channel.name}`;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await channel.send(notice);
        options.log(`${what}: sent`);
        return;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        if (attempt >= retry.attempts || closing.signal.aborted) {
          options.log(`${what}: not sent after ${attempt} attempt(s), given up: ${why}`);
          return;
        }
        const wait = retry.delayMs * 2 ** (attempt - 1);
        options.log(`${what}: attempt ${attempt} failed (${why}); trying again in ${Math.round(wait / 1000)} s`);
        await delay(wait, undefined, { signal: closing.signal }).catch(() => undefined);
      }
    }
  }

  return {
    notify(notice) {
      for (const channel of channels) {
        const sending = deliver(channel, notice);
        pending.add(sending);
        void sending.finally(() => pending.delete(sending));
      }
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending);
    },
    async close() {
      closing.abort();
      await this.settled();
    },
  };
}
