import { parentPort, workerData } from 'node:worker_threads';
import { TributaryError } from '../../src/errors.js';
import { prepareFile, type PrepareFileInput } from './prepare-file.js';
import { IN_FLIGHT, type FromParser } from './parse-thread.js';

/**
 * The parser thread: prepares the file it was started for and posts the batches in order,
 * never more than IN_FLIGHT ahead of the importing thread (which acknowledges each one), so a
 * slow database does not pile parsed activities up in memory.
 */
const port = parentPort;
let unacknowledged = 0;
let wake: (() => void) | undefined;
port?.on('message', () => {
  unacknowledged -= 1;
  wake?.();
});

const post = (message: FromParser): void => port?.postMessage(message);

try {
  for await (const batch of prepareFile(workerData as PrepareFileInput)) {
    while (unacknowledged >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    unacknowledged += 1;
    post({ kind: 'batch', batch });
  }
  post({ kind: 'done' });
} catch (error) {
  if (error instanceof TributaryError) post({ kind: 'error', code: error.code, message: error.message, where: error.where });
  else post({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
