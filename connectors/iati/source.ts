import type { ImportLimits } from '../../src/config.js';
import type { Rejected, Source, SourceInput } from '../source.js';
import { preparedBatches } from './parse-thread.js';
import type { PreparedActivity } from './prepare.js';

export interface IatiSourceOptions {
  readonly limits: ImportLimits;
  /** Parser threads: 0 parses on the calling thread; any more, one thread per file (a stream is read in order). */
  readonly workers: number;
}

/**
 * Reads one IATI activity file: parses and prepares it in a parser thread (prepare-file.ts),
 * yielding the activities in file order. A second report of the same activity by the same
 * organisation in one file is rejected (the first is kept).
 */
export class IatiSource implements Source<PreparedActivity> {
  readonly name = 'iati';

  constructor(private readonly options: IatiSourceOptions) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<PreparedActivity | Rejected> {
    const file = input.displayName ?? input.path;
    const seen = new Set<string>();
    let records = 0;
    const batches = preparedBatches({ path: input.path, displayName: file, limits: this.options.limits }, this.options.workers > 0);
    for await (const { items, bytesRead, bytesTotal } of batches) {
      signal.throwIfAborted();
      for (const item of items) {
        records += 1;
        yield item.kind === 'activity' ? deduplicate(item, seen) : item;
      }
      input.onProgress?.({ bytesRead, bytesTotal, records });
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
