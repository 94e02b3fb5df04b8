import { DciError } from './errors.js';

/**
 * What the DCI message parsers (envelope.ts, subscription-messages.ts) share: a reader that checks
 * one field at a time and names the source and JSON path of the first that is wrong.
 */
export type RequestStatus = 'rcvd' | 'pdng' | 'succ' | 'rjct';
const REQUEST_STATUSES: readonly string[] = ['rcvd', 'pdng', 'succ', 'rjct'];

export type Json = Record<string, unknown>;

/** Reads one message, naming `source` and the JSON path of the first bad field. */
export class Reader {
  constructor(private readonly source: string) {}

  fail(path: string, what: string): never {
    throw new DciError('INVALID_MESSAGE', `${this.source}: ${path} ${what}`, { file: this.source, field: path });
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'is not an object');
    return value as Json;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, value === undefined ? 'is missing' : 'is not a string');
    return value;
  }

  optionalString(value: unknown, path: string): string | null {
    return value === undefined || value === null ? null : this.string(value, path);
  }

  /** A count: a number or a numeric string; `""`/null/absent is null. */
  count(value: unknown, path: string): number | null {
    if (value === undefined || value === null || value === '') return null;
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) this.fail(path, `is not a count (${JSON.stringify(value)})`);
    return n;
  }

  /** An array with at least one element. */
  nonEmptyArray(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(path, 'is missing or empty');
    return value;
  }

  /** `reg_records` as a list of objects: registry_core_api types it as one object, registries send arrays. */
  records(value: unknown, path: string): unknown[] {
    const list = Array.isArray(value) ? value : value === undefined ? this.fail(path, 'is missing') : [value];
    list.forEach((record, i) => this.object(record, `${path}[${i}]`));
    return list;
  }

  status(value: unknown, path: string): RequestStatus {
    const text = this.string(value, path);
    if (!REQUEST_STATUSES.includes(text)) this.fail(path, `is "${text}", not one of ${REQUEST_STATUSES.join(', ')}`);
    return text as RequestStatus;
  }

  /** The transaction and correlation ids every reply's `message` starts with. */
  replyIds(message: Json): { readonly transaction_id: string; readonly correlation_id: string | null } {
    return {
      transaction_id: this.string(message.transaction_id, 'message.transaction_id'),
      correlation_id: this.optionalString(message.correlation_id, 'message.correlation_id') || null,
    };
  }
}
