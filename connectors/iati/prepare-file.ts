import type { ImportLimits } from '../../src/config.js';
import type { Rejected } from '../source.js';
import { shippedCodelists, type Codelists } from './codelists.js';
import { readText } from './decode.js';
import { prepareChunk, type PreparedActivity } from './prepare.js';
import { splitActivities } from './split.js';

/**
 * A whole file, from its bytes to the rows its activities become, on one thread: read, inflate,
 * decode, parse once (the split builds each activity from saxes's events), normalise, validate,
 * serialise. Yields batches in file order.
 */
export interface PrepareFileInput {
  readonly path: string;
  /** How the file is named in messages. */
  readonly displayName: string;
  readonly limits: ImportLimits;
}

export type Prepared = PreparedActivity | Rejected;

export interface PreparedBatch {
  readonly items: Prepared[];
  readonly bytesRead: number;
  readonly bytesTotal: number | null;
}

/** Activities per batch: large enough to amortise a message between threads, small enough to stream. */
const BATCH_ACTIVITIES = 64;

export async function* prepareFile(input: PrepareFileInput, codelists: Codelists = shippedCodelists()): AsyncGenerator<PreparedBatch> {
  const file = input.displayName;
  let bytesRead = 0;
  let bytesTotal: number | null = null;
  const text = readText({
    path: input.path,
    displayName: file,
    onBytes: (read, total) => {
      bytesRead = read;
      bytesTotal = total;
    },
  });
  let fileVersion: string | null = null;
  let items: Prepared[] = [];
  for await (const event of splitActivities(text, file, input.limits)) {
    if (event.kind === 'root') {
      fileVersion = event.version;
      continue;
    }
    items.push(prepareChunk(event, file, fileVersion, codelists));
    if (items.length >= BATCH_ACTIVITIES) {
      yield { items, bytesRead, bytesTotal };
      items = [];
    }
  }
  yield { items, bytesRead, bytesTotal };
}
