import { rejectedAsError } from '../../src/sync/import-whole-file.js';
import { isRejected, type PullInput, type Rejected, type Source, type SourceInput } from '../source.js';
import { pullDci, type PullDciOptions } from './dci/read.js';
import type { KnownRegistryKeys } from './known.js';
import { pullOpenImis, type PullOpenImisOptions } from './openimis/read.js';
import { readRegistryFolder, type ReadRegistryOptions, type RegistryRead } from './read.js';
import type { RegistryBatch, RegistryPull } from './types.js';

/**
 * The registry connectors on the one `Source` interface. A registry input is loaded whole or not
 * at all, and its checks cross records and files (references, duplicates, one recipient per
 * household), so each source yields ONE record: the whole read, with every problem found beside
 * it. Problems are not `Rejected` (nothing is quarantined one by one): the loader refuses the
 * read whole when there is any, after adding its own (a pull's conflicts with the hub).
 * An input that cannot be read at all (no such folder, a bad column map) is thrown.
 */

/** A pull's input: the watermark, and what the hub already holds for the source (default: nothing). */
export interface RegistryPullInput extends PullInput {
  readonly known?: KnownRegistryKeys;
}

/** What every registry API connector (openIMIS, DCI, a DCI notification) is. */
export type RegistryPullSource = Source<RegistryPull, RegistryPullInput>;

function recordCount(batch: RegistryBatch): number {
  return Object.values(batch).reduce((sum: number, list: readonly unknown[]) => sum + list.length, 0);
}

/** A registry's CSV/XLSX export folder (`input.path`), read by `readRegistryFolder`. */
export class RegistryFolderSource implements Source<RegistryRead> {
  readonly name = 'registry';

  constructor(private readonly options: ReadRegistryOptions) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<RegistryRead | Rejected> {
    signal.throwIfAborted();
    const read = await readRegistryFolder(input.path, this.options);
    signal.throwIfAborted();
    input.onProgress?.({ bytesRead: 0, bytesTotal: null, records: recordCount(read.batch) });
    yield read;
  }
}

/** Where an openIMIS pull goes and how (everything but the watermark, which each read is given). */
export type OpenImisPullOptions = Omit<PullOpenImisOptions, 'since' | 'known' | 'signal'>;

/** openIMIS's GraphQL API, pulled from `input.since` (`pullOpenImis`). */
export class OpenImisPullSource implements RegistryPullSource {
  readonly name = 'openimis';

  constructor(private readonly options: OpenImisPullOptions) {}

  async *read(input: RegistryPullInput, signal: AbortSignal): AsyncGenerator<RegistryPull | Rejected> {
    const pull = await pullOpenImis({
      ...this.options,
      since: input.since,
      signal,
      ...(input.known ? { known: input.known } : {}),
    });
    input.onProgress?.({ bytesRead: 0, bytesTotal: null, records: recordCount(pull.changes.batch) });
    yield pull;
  }
}

/** Where a DCI pull goes and how (everything but the watermark, which each read is given). */
export type DciPullOptions = Omit<PullDciOptions, 'since' | 'signal'>;

/** A DCI registry (social registry or IBR), searched for what changed since `input.since` (`pullDci`). */
export class DciPullSource implements RegistryPullSource {
  readonly name = 'dci';

  constructor(private readonly options: DciPullOptions) {}

  async *read(input: RegistryPullInput, signal: AbortSignal): AsyncGenerator<RegistryPull | Rejected> {
    const pull = await pullDci({ ...this.options, since: input.since, signal });
    input.onProgress?.({ bytesRead: 0, bytesTotal: null, records: recordCount(pull.changes.batch) });
    yield pull;
  }
}

/** Changes that have already arrived (a DCI notification the registry pushed): the watermark is not asked. */
export class ReceivedPullSource implements RegistryPullSource {
  readonly name = 'dci';

  constructor(private readonly pull: RegistryPull) {}

  async *read(input: RegistryPullInput, signal: AbortSignal): AsyncGenerator<RegistryPull | Rejected> {
    signal.throwIfAborted();
    input.onProgress?.({ bytesRead: 0, bytesTotal: null, records: recordCount(this.pull.changes.batch) });
    yield this.pull;
  }
}

/** The one read a registry source yields (a rejection, which none yields, is thrown as the whole input's error). */
export async function readWhole<R, I>(source: Source<R, I>, input: I, signal: AbortSignal): Promise<R> {
  let found: { readonly read: R } | null = null;
  for await (const item of source.read(input, signal)) {
    if (isRejected(item)) throw rejectedAsError(item);
    if (found) throw new TypeError(`registry source ${source.name} yielded more than one read`);
    found = { read: item };
  }
  if (!found) throw new TypeError(`registry source ${source.name} yielded nothing`);
  return found.read;
}
