import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import { projectRoot } from '../../paths.js';
import { publish, type PublishInput, type PublishOutput } from './publish.js';

/** The compiled worker: beside this module when built, else in `dist/` (tests run from source). */
function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const candidates = [
    path.join(path.dirname(here), 'publish-worker.js'),
    path.join(projectRoot, 'dist', 'src', 'registry', 'disclosure', 'publish-worker.js'),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * Runs the disclosure computation (perturbing and adding up cells: synchronous JavaScript) in a
 * worker thread, stopped at `deadlineMs` (TRIBUTARY_STATISTICS_DEADLINE_MS): the server's own thread
 * never runs it, so one statistic cannot hold every other request. Without a compiled worker
 * (tests run from source before any build) it runs here.
 */
export async function publishWithDeadline(input: PublishInput, deadlineMs: number): Promise<PublishOutput> {
  const script = workerScript();
  if (!script) return publish(input);
  const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
  try {
    return await new Promise<PublishOutput>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new GraphQLError(
            `this statistic took longer than ${deadlineMs} ms to protect and was stopped (TRIBUTARY_STATISTICS_DEADLINE_MS); ask for fewer dimensions, periods or programmes`,
            { extensions: { code: 'BAD_USER_INPUT', reason: 'DEADLINE', deadlineMs } },
          ),
        );
      }, deadlineMs);
      worker.once('message', (output: PublishOutput) => {
        clearTimeout(timer);
        resolve(output);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.postMessage(input);
    });
  } finally {
    await worker.terminate();
  }
}
