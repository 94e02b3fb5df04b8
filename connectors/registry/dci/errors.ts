import { TributaryError, type ErrorCode, type Where } from '../../../src/errors.js';

/** What can go wrong talking DCI, and the hub's general code for each (`code`). */
export type DciErrorCode =
  /** The message is not a DCI message of the expected shape (the field is named). */
  | 'INVALID_MESSAGE'
  /** A missing, malformed, expired or wrong signature, or a key the registry does not publish. */
  | 'BAD_SIGNATURE'
  /** The token endpoint refused the client credentials. */
  | 'AUTH_FAILED'
  /** The registry answered the search with status `rjct` or an HTTP 4xx. */
  | 'REGISTRY_REJECTED'
  /** The registry could not be reached or answered with an HTTP 5xx. */
  | 'REGISTRY_UNAVAILABLE'
  /** The asynchronous results did not all arrive in time. */
  | 'TIMEOUT';

const GENERAL: Record<DciErrorCode, ErrorCode> = {
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  AUTH_FAILED: 'SOURCE_REFUSED',
  REGISTRY_REJECTED: 'SOURCE_REFUSED',
  REGISTRY_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
};

export class DciError extends TributaryError {
  constructor(
    readonly dciCode: DciErrorCode,
    message: string,
    where: Where = {},
  ) {
    super(GENERAL[dciCode], message, where);
    this.name = 'DciError';
  }
}
