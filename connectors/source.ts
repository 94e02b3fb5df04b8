/**
 * The one interface every connector implements: it reads one input and yields records,
 * or `Rejected` entries for records that cannot be loaded (quarantined with a reason).
 * A problem with the input as a whole (not well-formed, unreadable) is thrown, never yielded.
 */
export interface Located {
  /** The input as the user named it. */
  readonly file: string;
  /** 1-based line where the record starts (or where the problem is, for a rejection). */
  readonly line: number;
}

export interface Rejected extends Located {
  readonly kind: 'rejected';
  /** The record's own identifier, when it has one. */
  readonly recordId: string | null;
  /** Path of the offending field inside the record, e.g. `transaction[3]/value`. */
  readonly field: string;
  /** Stable machine code, e.g. `UNKNOWN_CODE`, `MISSING_FIELD`. */
  readonly code: string;
  readonly reason: string;
  /** The raw record text, truncated, so an administrator can see what arrived. */
  readonly excerpt: string;
}

export interface Progress {
  readonly bytesRead: number;
  readonly bytesTotal: number | null;
  readonly records: number;
}

export interface SourceInput {
  /** A path on disk (`.xml` or `.xml.gz` for IATI). */
  readonly path: string;
  /** How the input is named in messages (defaults to the path). */
  readonly displayName?: string;
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * What a source that pulls from an API reads instead of a file: where the previous pull got to.
 * Everything changed at or after `since` comes (null: everything).
 */
export interface PullInput {
  readonly since: string | null;
  /** How the pull is named in messages (e.g. `openimis ministry-mis`). */
  readonly displayName?: string;
  readonly onProgress?: (progress: Progress) => void;
}

/** `Input` is a file (`SourceInput`) for every file connector; an API connector reads a `PullInput`. */
export interface Source<Record, Input = SourceInput> {
  readonly name: string;
  read(input: Input, signal: AbortSignal): AsyncIterable<Record | Rejected>;
}

export function isRejected<R>(item: R | Rejected): item is Rejected {
  return typeof item === 'object' && item !== null && (item as { kind?: unknown }).kind === 'rejected';
}
