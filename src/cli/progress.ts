import cliProgress from 'cli-progress';
import type { Progress } from '../../connectors/source.js';

/**
 * A progress bar for one input on a terminal (bytes read and records parsed); a single line at
 * the end when stderr is not a terminal (CI logs, pipes).
 */
export interface ProgressDisplay {
  update(progress: Progress): void;
  stop(): void;
}

export function progressFor(label: string, noun = 'activities'): ProgressDisplay {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | {mb}/{totalMb} MB | {records} ${noun} | {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const total = progress.bytesTotal ?? 0;
      const payload = { mb: (progress.bytesRead / 1e6).toFixed(1), totalMb: (total / 1e6).toFixed(1), records: progress.records };
      if (!started) {
        bar.start(Math.max(total, 1), progress.bytesRead, payload);
        started = true;
      } else {
        bar.update(progress.bytesRead, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
