import { z } from 'zod';
import { DciError } from './errors.js';

/**
 * What the DCI message parsers (envelope.ts, subscription-messages.ts) share: zod schemas for the
 * fields of SP-DCI messages, each failing with the words the hub has always used (`is missing`,
 * `is not a string`…), and `parseMessage`, which names the source and the JSON path of the FIRST
 * field that is wrong. Zod checks an object's keys in the order its shape lists them, so each
 * shape lists its fields in the order a reader meets them; where a message is read in stages (the
 * list of search results before the transaction id), each stage is its own schema, parsed in turn.
 */
export const REQUEST_STATUSES = ['rcvd', 'pdng', 'succ', 'rjct'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type Json = Record<string, unknown>;

/** Error words for a value that is not of its type, or absent. */
export const missingOr =
  (what: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is missing' : what;

export const NOT_AN_OBJECT = { error: 'is not an object' } as const;

export const text = z.string({ error: missingOr('is not a string') });

/** A string, or null when absent or null. */
export const optionalText = text.nullish().transform((value) => value ?? null);

/** A string, or null when absent, null or empty. */
export const optionalNonEmptyText = text.nullish().transform((value) => value || null);

/** A string given only when it is a non-empty string; anything else is left out (read leniently). */
export const lenientText = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : undefined));

/** A string given only when it is a string; anything else is left out (read leniently). */
export const stringOrAbsent = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' ? value : undefined));

/** A field that must be there, whatever it holds (null included). */
export const defined = z.unknown().refine((value) => value !== undefined, 'is missing');

/** A field that must be there and not null, whatever it holds. */
export const present = z.unknown().refine((value) => value !== undefined && value !== null, 'is missing');

/** One of `words`: "is missing", "is not a string", or `is "<value>", <why>`. */
export function oneOf<const W extends readonly [string, ...string[]]>(words: W, why: (value: string) => string) {
  return z.enum(words, {
    error: (issue) => (typeof issue.input === 'string' ? why(issue.input) : missingOr('is not a string')(issue)),
  });
}

export const status = oneOf(REQUEST_STATUSES, (value) => `is "${value}", not one of ${REQUEST_STATUSES.join(', ')}`);

/** The header's `action`, which must be `action`. */
export const actionOf = (action: string) =>
  text.refine((value) => value === action, { error: (issue) => `is "${String(issue.input)}", not "${action}"` });

/** `is_msg_encrypted`: anything but true, read as false. */
export const notEncrypted = z
  .unknown()
  .optional()
  .refine((value) => value !== true, 'is true: encrypted messages are not supported')
  .transform((): false => false);

/** A count: a number or a numeric string (registries send `"total_count": "1"`); `""`/null/absent is null. */
export const count = z
  .unknown()
  .optional()
  .transform((value, ctx): number | null => {
    if (value === undefined || value === null || value === '') return null;
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
    ctx.addIssue({ code: 'custom', message: `is not a count (${JSON.stringify(value)})`, input: value });
    return z.NEVER;
  });

/** A count that must be there and not 0. */
export const positiveCount = (why: string) =>
  z
    .number()
    .nullable()
    .refine((value) => value !== null && value !== 0, why)
    .transform((value) => value as number);

/** An array with at least one element. */
export const nonEmptyArray = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: 'is missing or empty' }).min(1, 'is missing or empty');

/** `reg_records` as a list of objects: registry_core_api types it as one object, registries send arrays. */
export const records = z.preprocess(
  (value) => (value === undefined || Array.isArray(value) ? value : [value]),
  z.array(z.looseObject({}, NOT_AN_OBJECT), { error: 'is missing' }),
);

/** `a.b[0].c` from zod's path. */
function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(message root)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** `json` read by `schema`, or a DciError naming `source` and the first field that is wrong. */
export function parseMessage<S extends z.ZodType>(schema: S, json: unknown, source: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = pathText(issue.path);
  throw new DciError('INVALID_MESSAGE', `${source}: ${path} ${issue.message}`, { file: source, field: path });
}
