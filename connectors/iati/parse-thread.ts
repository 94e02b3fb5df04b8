import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TributaryError, type ErrorCode, type Where } from '../../src/errors.js';
import { projectRoot } from '../../src/paths.js';
import { prepareFile, type PrepareFileInput, type PreparedBatch } from './prepare-file.js';

/**
 * Runs `prepareFile` in a parser thread (parse-worker.ts), or on this thread. One stream is one
 * thread's work: the importing thread meanwhile writes the batches it has received, and the
 * database server works on the other core.
 */
export type FromParser =
  | { readonly kind: 'batch'; readonly batch: PreparedBatch }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly code?: ErrorCode; readonly message: string; readonly where?: Where };

/** Batches the parser thread may post ahead of the importing thread. */
export const IN_FLIGHT = 4;

/** The compiled worker: beside this module when built, else in `dist/` (tests run from source). */
function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const candidates = [
    path.join(path.dirname(here), 'parse-worker.js'),
    path.join(projectRoot, 'dist', 'connectors', 'iati', 'parse-worker.js'),
  ];
  return candidates.find((candidate) => candidate.endsWith('.js') && existsSync(candidate)) ?? null;
}

/** A parser thread when `thread` is true and the compiled worker exists; this thread otherwise. */
export function preparedBatches(input: PrepareFileInput, thread: boolean): AsyncGenerator<PreparedBatch> {
  const script = thread ? workerScript() : null;
  return script ? inThread(script, input) : prepareFile(input);
}

async function* inThread(script: string, input: PrepareFileInput): AsyncGenerator<PreparedBatch> {
  // The thread's garbage (saxes's tags, trees, rows) is short-lived: with a 16 MB young generation
  // it spent 7.9 s of its 21.8 s collecting on the benchmark; 32 MB, 15.3 s of CPU for the whole
  // command and a peak of 222 MB; 48 MB gained no more and cost 18 MB. The old generation must hold
  // an activity at the limits: its text (up to 32 M characters) and its tree.
  const worker = new Worker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 128 } });
  const queue: (FromParser | { readonly kind: 'exit'; readonly code: number })[] = [];
  let wake: (() => void) | undefined;
  const push = (message: (typeof queue)[number]): void => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ kind: 'error', message: error.message }));
  worker.on('exit', (code) => push({ kind: 'exit', code }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift() as (typeof queue)[number];
      if (message.kind === 'done') return;
      if (message.kind === 'exit') throw new Error(`the activity parser thread stopped (exit code ${message.code})`);
      if (message.kind === 'error') {
        if (message.code) throw new TributaryError(message.code, message.message, message.where);
        throw new Error(`activity parser failed: ${message.message}`);
      }
      worker.postMessage('ack');
      yield message.batch;
    }
  } finally {
    await worker.terminate();
  }
}
