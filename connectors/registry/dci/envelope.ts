import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  count,
  defined,
  lenientText,
  missingOr,
  nonEmptyArray,
  notEncrypted,
  NOT_AN_OBJECT,
  oneOf,
  optionalNonEmptyText,
  optionalText,
  parseMessage,
  positiveCount,
  records,
  status,
  stringOrAbsent,
  text,
  type Json,
  type RequestStatus,
} from './message-schemas.js';

/**
 * SP-DCI v1.0.0 messages (registry_core_api): `{ signature, header, message }`. Builders for the
 * search request, and parsers that check what comes back against zod schemas (message-schemas.ts)
 * and name the first field that is wrong. Registries in the wild send counts as strings (`"total_count": "1"`) and empty
 * strings for unknown numbers, so numbers are read leniently; anything else is strict.
 */
export const DCI_VERSION = '1.0.0';

export type DciRegistry = 'social' | 'ibr';
export type QueryType = 'idtype-value' | 'expression' | 'predicate';

export interface RequestHeader {
  readonly version: string;
  readonly message_id: string;
  readonly message_ts: string;
  readonly action: string;
  readonly sender_id: string;
  /** Where the registry POSTs `on-search` (async only). */
  readonly sender_uri?: string;
  readonly receiver_id: string;
  readonly total_count: number;
  readonly is_msg_encrypted: boolean;
  readonly meta?: unknown;
}

export interface SearchCriteria {
  readonly version?: string;
  readonly reg_type?: string;
  readonly reg_event_type?: string;
  readonly query_type: QueryType;
  readonly query: unknown;
  readonly response_entity?: string;
  readonly sort?: readonly { attribute_name: string; sort_order: 'asc' | 'desc' }[];
  readonly consent?: unknown;
  readonly authorize?: unknown;
}

export interface PaginationRequest {
  readonly page_size: number;
  readonly page_number: number;
}

export interface SearchRequestItem {
  readonly reference_id: string;
  readonly timestamp: string;
  readonly search_criteria: SearchCriteria & { readonly pagination: PaginationRequest };
  readonly locale?: string;
}

export interface SearchRequestMessage {
  readonly transaction_id: string;
  readonly search_request: SearchRequestItem[];
}

export interface Envelope<H, M> {
  readonly signature?: string;
  readonly header: H;
  readonly message: M;
}

export type SearchRequestEnvelope = Envelope<RequestHeader, SearchRequestMessage>;

export interface BuildSearchRequest {
  readonly senderId: string;
  readonly receiverId: string;
  /** Async: the callback URL for `on-search`; sync requests carry none. */
  readonly senderUri?: string;
  readonly transactionId: string;
  readonly referenceId?: string;
  readonly criteria: SearchCriteria;
  readonly pagination: PaginationRequest;
  readonly now: Date;
  readonly messageId?: string;
  readonly locale?: string;
}

/** One search request in one message (the spec allows batches; the hub sends one at a time). */
export function buildSearchRequest(input: BuildSearchRequest): SearchRequestEnvelope {
  const ts = input.now.toISOString();
  return {
    header: {
      version: DCI_VERSION,
      message_id: input.messageId ?? randomUUID(),
      message_ts: ts,
      action: 'search',
      sender_id: input.senderId,
      ...(input.senderUri === undefined ? {} : { sender_uri: input.senderUri }),
      receiver_id: input.receiverId,
      total_count: 1,
      is_msg_encrypted: false,
    },
    message: {
      transaction_id: input.transactionId,
      search_request: [
        {
          reference_id: input.referenceId ?? randomUUID(),
          timestamp: ts,
          search_criteria: { version: DCI_VERSION, ...input.criteria, pagination: input.pagination },
          ...(input.locale === undefined ? {} : { locale: input.locale }),
        },
      ],
    },
  };
}

export interface Pagination {
  readonly page_size: number;
  readonly page_number: number;
  /** Null when the registry leaves it empty (the published examples do). */
  readonly total_count: number | null;
}

export interface SearchResponseItem {
  readonly reference_id: string;
  readonly timestamp: string | null;
  readonly status: RequestStatus;
  readonly status_reason_code: string | null;
  readonly status_reason_message: string | null;
  readonly data: {
    readonly reg_type: string | null;
    readonly reg_record_type: string | null;
    readonly reg_records: unknown[];
  } | null;
  readonly pagination: Pagination | null;
}

export interface ResponseHeader {
  readonly message_id: string;
  readonly message_ts: string;
  readonly action: string;
  readonly status: RequestStatus;
  readonly status_reason_code: string | null;
  readonly sender_id: string | null;
  readonly receiver_id: string | null;
  readonly is_msg_encrypted: boolean;
}

export interface SearchResponseEnvelope {
  readonly signature: string | null;
  readonly header: ResponseHeader;
  readonly message: {
    readonly transaction_id: string;
    readonly correlation_id: string | null;
    readonly search_response: SearchResponseItem[];
  };
}

/** The acknowledgement of an async request (`Response` in registry_core_api). */
export interface Ack {
  readonly ack_status: 'ACK' | 'NACK' | 'ERR';
  readonly correlation_id: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

const responseHeader = z.object(
  {
    is_msg_encrypted: notEncrypted,
    message_id: text,
    message_ts: text,
    action: text,
    status,
    status_reason_code: optionalNonEmptyText,
    sender_id: optionalText,
    receiver_id: optionalText,
  },
  NOT_AN_OBJECT,
);

/** Counts first, then that size and page are not 0, then the total (in the order they were always read). */
const pagination = z.looseObject({ page_size: count, page_number: count }, NOT_AN_OBJECT).pipe(
  z.object({
    page_size: positiveCount('is missing or zero'),
    page_number: positiveCount('is missing or zero (pages count from 1)'),
    total_count: count,
  }),
);

const searchResponseItem = z.object(
  {
    data: z
      .object({ reg_records: records, reg_type: optionalNonEmptyText, reg_record_type: optionalNonEmptyText }, NOT_AN_OBJECT)
      .nullish()
      .transform((data) => data ?? null),
    reference_id: text,
    timestamp: optionalText,
    status,
    status_reason_code: optionalNonEmptyText,
    status_reason_message: optionalNonEmptyText,
    pagination: pagination.nullish().transform((p) => p ?? null),
  },
  NOT_AN_OBJECT,
);

/** A reply's `message` starts with these. */
const replyIds = { transaction_id: text, correlation_id: optionalNonEmptyText };

/** Read first: the header, and that the message holds a list of results. */
const searchResponseOpening = z.object(
  {
    header: responseHeader,
    message: z.looseObject({ search_response: z.array(z.unknown(), { error: missingOr('is not an array') }) }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);

/** Then the signature, the message's ids, and each result. */
const searchResponseBody = z.object({
  signature: optionalText,
  message: z.object({ ...replyIds, search_response: z.array(searchResponseItem) }),
});

/** A sync search answer or an `on-search` callback; `source` names it in errors. */
export function parseSearchResponse(json: unknown, source: string): SearchResponseEnvelope {
  const { header } = parseMessage(searchResponseOpening, json, source);
  const { signature, message } = parseMessage(searchResponseBody, json, source);
  return { signature, header, message };
}

const QUERY_TYPES = ['idtype-value', 'expression', 'predicate'] as const;

const searchRequestItem = z
  .object(
    {
      search_criteria: z.looseObject(
        {
          query_type: oneOf(QUERY_TYPES, (value) => `is "${value}"`),
          query: defined,
          pagination: pagination.nullish(),
        },
        NOT_AN_OBJECT,
      ),
      reference_id: text,
      timestamp: text,
    },
    NOT_AN_OBJECT,
  )
  .transform(({ reference_id, timestamp, search_criteria: { pagination: p, ...criteria } }): SearchRequestItem => ({
    reference_id,
    timestamp,
    search_criteria: {
      ...(criteria as unknown as SearchCriteria),
      pagination: { page_size: p?.page_size ?? 0, page_number: p?.page_number ?? 1 },
    },
  }));

/** Read first: header and message are objects, and every search request in it. */
const searchRequestOpening = z.object(
  {
    header: z.looseObject({}, NOT_AN_OBJECT),
    message: z.looseObject({ search_request: nonEmptyArray(searchRequestItem) }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);

/** Then the header's fields and the transaction id. */
const searchRequestClosing = z.object({
  signature: stringOrAbsent,
  header: z.object({
    version: text,
    message_id: text,
    message_ts: text,
    action: text,
    sender_id: text,
    sender_uri: lenientText,
    receiver_id: text,
    total_count: count.refine((n) => n !== null, 'is missing').transform((n) => n as number),
    is_msg_encrypted: z
      .unknown()
      .optional()
      .transform((value) => value === true),
  }),
  message: z.object({ transaction_id: text }),
});

/** A search request as a registry receives it (the double uses this to check the hub's requests). */
export function parseSearchRequest(json: unknown, source: string): SearchRequestEnvelope {
  const opening = parseMessage(searchRequestOpening, json, source);
  const { signature, header, message } = parseMessage(searchRequestClosing, json, source);
  const { sender_uri, ...rest } = header;
  return {
    ...(signature === undefined ? {} : { signature }),
    header: { ...rest, ...(sender_uri === undefined ? {} : { sender_uri }) },
    message: { transaction_id: message.transaction_id, search_request: opening.message.search_request },
  };
}

const ack = z.object(
  {
    message: z.object(
      {
        ack_status: oneOf(['ACK', 'NACK', 'ERR'], (value) => `is "${value}", not ACK, NACK or ERR`),
        error: z
          .object({ code: text, message: optionalText.transform((m) => m ?? '') }, NOT_AN_OBJECT)
          .nullish()
          .transform((error) => error ?? null),
        correlation_id: optionalNonEmptyText,
      },
      NOT_AN_OBJECT,
    ),
  },
  NOT_AN_OBJECT,
);

/** The registry's answer to an async request: `{ message: { ack_status, timestamp, correlation_id, error } }`. */
export function parseAck(json: unknown, source: string): Ack {
  return parseMessage(ack, json, source).message;
}

/** The ack a receiver of a DCI message sends back (the hub's callback, the double's async endpoint). */
export function ackMessage(correlationId: string, now: Date, error?: { code: string; message: string }): { message: Json } {
  return {
    message: {
      ack_status: error ? 'ERR' : 'ACK',
      timestamp: now.toISOString(),
      correlation_id: correlationId,
      ...(error ? { error } : {}),
    },
  };
}

/** How many pages `totalCount` records take at `pageSize` a page. */
export function pageCount(totalCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}
