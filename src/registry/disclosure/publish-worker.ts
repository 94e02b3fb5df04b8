import { parentPort } from 'node:worker_threads';
import { publish, type PublishInput } from './publish.js';

/** One disclosure computation per worker: the caller terminates the thread if it runs past its deadline. */
parentPort?.once('message', (input: PublishInput) => {
  parentPort?.postMessage(publish(input));
});
