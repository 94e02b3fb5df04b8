import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../../src/paths.js';
import type { Rejected } from '../source.js';
import { shippedCodelists, type Codelists } from './codelists.js';
import { prepareChunk, type PreparedActivity } from './prepare.js';
import type { ActivityChunk } from './split.js';

/**
 * Runs `prepareChunk` on batches of chunks, in worker threads or inline. Results come back in
 * the order the batches were submitted.
 */
export interface PrepareJob {
  readonly file: string;
  readonly fileVersion: string | null;
  readonly chunks: readonly ActivityChunk[];
}

export type Prepared = PreparedActivity | Rejected;

export interface Preparer {
  /** How many batches may be in flight before the caller should wait for the oldest. */
  readonly capacity: number;
  prepare(job: PrepareJob): Promise<Prepared[]>;
  close(): Promise<void>;
}

export function inlinePreparer(codelists: Codelists = shippedCodelists()): Preparer {
  return {
    capacity: 1,
    prepare: async (job) => job.chunks.map((chunk) => prepareChunk(chunk, job.file, job.fileVersion, codelists)),
    close: async () => undefined,
  };
}

/** The compiled worker: beside this module when built, else in `dist/` (tests run from source). */
function workerScript(): string | null {
  const here = fileURLToPath(import.meta.url);
  const candidates = [
    path.join(path.dirname(here), 'parse-worker.js'),
    path.join(projectRoot, 'dist', 'connectors', 'iati', 'parse-worker.js'),
  ];
  return candidates.find((candidate) => candidate.endsWith('.js') && existsSync(candidate)) ?? null;
}

interface Pending {
  resolve: (items: Prepared[]) => void;
  reject: (error: Error) => void;
}

class WorkerPreparer implements Preparer {
  readonly capacity: number;
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(script: string, count: number) {
    this.capacity = count * 2;
    this.workers = Array.from({ length: count }, () => {
      // A young generation that holds a batch's short-lived objects (V8's default is smaller); 16 MB, not
      // more, leaves room in the import's memory for the main thread's own (import-heap.ts).
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 } });
      worker.on('message', (message: { id: number; items?: Prepared[]; error?: string }) => {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) waiting?.reject(new Error(`activity parser failed: ${message.error}`));
        else waiting?.resolve(message.items ?? []);
      });
      worker.on('error', (error) => this.failAll(error));
      return worker;
    });
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  prepare(job: PrepareJob): Promise<Prepared[]> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker?.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Worker threads when `workers` > 0 and the compiled worker exists; inline otherwise. */
export function createPreparer(workers: number): Preparer {
  const script = workers > 0 ? workerScript() : null;
  return script ? new WorkerPreparer(script, workers) : inlinePreparer();
}
