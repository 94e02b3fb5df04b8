import { parentPort } from 'node:worker_threads';
import { shippedCodelists } from './codelists.js';
import { prepareChunk } from './prepare.js';
import type { PrepareJob } from './parse-pool.js';

/** Worker thread: prepares the activity chunks it is sent, in order. */
const codelists = shippedCodelists();
parentPort?.on('message', (message: { id: number; job: PrepareJob }) => {
  const { id, job } = message;
  try {
    const items = job.chunks.map((chunk) => prepareChunk(chunk, job.file, job.fileVersion, codelists));
    parentPort?.postMessage({ id, items });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
