/**
 * Typed errors with a stable `code`, mapped to GraphQL `extensions.code` and to CLI exit messages.
 * The message is for a person: it names the file, line, record and field where they are known.
 */
export interface Where {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly record?: string;
  /** What the record is, in messages (default `activity`): `individual`, `payment`… */
  readonly recordType?: string;
  readonly field?: string;
}

export type ErrorCode =
  | 'INVALID_XML'
  | 'NOT_IATI'
  | 'LIMIT_EXCEEDED'
  | 'UNSUPPORTED_ENCODING'
  | 'FILE_NOT_FOUND'
  | 'BAD_USER_INPUT'
  /** A source API (openIMIS, a DCI registry) could not be reached or failed (network, HTTP 5xx). */
  | 'SOURCE_UNAVAILABLE'
  /** A source API refused the hub: bad credentials, a rejected request. */
  | 'SOURCE_REFUSED'
  /** A source API answered with something that is not a message of its protocol (the field is named). */
  | 'INVALID_MESSAGE'
  /** A signed message whose signature is missing, wrong, expired or made with an unknown key. */
  | 'BAD_SIGNATURE'
  /** An asynchronous answer did not arrive in time. */
  | 'TIMEOUT'
  /** An import stopped (a signal, or its process died) before it finished; nothing it read was stored. */
  | 'INTERRUPTED'
  | 'INTERNAL';

export class TributaryError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: Where = {},
  ) {
    super(message);
    this.name = 'TributaryError';
  }
}

/** "file.xml line 12, column 4, activity XM-1, field transaction/value: message" */
export function describeWhere(where: Where): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}${where.column !== undefined ? `, column ${where.column}` : ''}`);
  if (where.record) parts.push(`${where.recordType ?? 'activity'} ${where.record}`);
  if (where.field) parts.push(`field ${where.field}`);
  return parts.join(', ');
}
