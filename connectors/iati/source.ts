import type { ImportLimits } from '../../src/config.js';
import type { Rejected, Source, SourceInput } from '../source.js';
import { readText } from './decode.js';
import { splitActivities, type ActivityChunk } from './split.js';
import { createPreparer, type Prepared, type Preparer } from './parse-pool.js';
import type { PreparedActivity } from './prepare.js';

export interface IatiSourceOptions {
  readonly limits: ImportLimits;
  /** Worker threads that parse activities; 0 parses on the calling thread. */
  readonly workers: number;
}

/** Chunks per batch sent to a parser thread: large enough to amortise the message, small enough to stream. */
const BATCH_CHUNKS = 64;

/**
 * Reads one IATI activity file: streams it through the split on this thread and parses the
 * activities in worker threads, yielding them in file order. A second report of the same
 * activity by the same organisation in one file is rejected (the first is kept).
 */
export class IatiSource implements Source<PreparedActivity> {
  readonly name = 'iati';

  constructor(private readonly options: IatiSourceOptions) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<PreparedActivity | Rejected> {
    const file = input.displayName ?? input.path;
    const preparer = createPreparer(this.options.workers);
    let bytesRead = 0;
    let bytesTotal: number | null = null;
    let records = 0;
    const text = readText({
      path: input.path,
      displayName: file,
      onBytes: (read, total) => {
        bytesRead = read;
        bytesTotal = total;
      },
    });
    const seen = new Set<string>();
    const inflight: Promise<Prepared[]>[] = [];
    let fileVersion: string | null = null;
    let chunks: ActivityChunk[] = [];
    const submit = (): void => {
      if (chunks.length === 0) return;
      const job = preparer.prepare({ file, fileVersion, chunks });
      job.catch(() => undefined); // awaited in order below; this only stops an early failure counting as unhandled
      inflight.push(job);
      chunks = [];
    };
    const deliver = async function* (this: void, items: Prepared[]): AsyncGenerator<PreparedActivity | Rejected> {
      for (const item of items) {
        records += 1;
        yield item.kind === 'activity' ? deduplicate(item, seen) : item;
      }
      input.onProgress?.({ bytesRead, bytesTotal, records });
    };
    try {
      for await (const event of splitActivities(text, file, this.options.limits)) {
        signal.throwIfAborted();
        if (event.kind === 'root') {
          fileVersion = event.version;
          continue;
        }
        chunks.push(event);
        if (chunks.length >= BATCH_CHUNKS) submit();
        while (inflight.length > preparer.capacity) yield* deliver(await (inflight.shift() as Promise<Prepared[]>));
      }
      submit();
      while (inflight.length > 0) yield* deliver(await (inflight.shift() as Promise<Prepared[]>));
    } finally {
      await closeQuietly(preparer);
    }
  }
}

function deduplicate(item: PreparedActivity, seen: Set<string>): PreparedActivity | Rejected {
  const key = `${item.identifier}\u0000${item.reportingOrgKey}`;
  if (!seen.has(key)) {
    seen.add(key);
    return item;
  }
  return {
    kind: 'rejected',
    file: item.file,
    line: item.line,
    recordId: item.identifier,
    field: 'iati-identifier',
    code: 'DUPLICATE_ACTIVITY',
    reason: 'the same reporting organisation already published this iati-identifier earlier in the file; the first one is kept',
    excerpt: '',
  };
}

async function closeQuietly(preparer: Preparer): Promise<void> {
  await preparer.close().catch(() => undefined);
}
