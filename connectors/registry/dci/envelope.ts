import { randomUUID } from 'node:crypto';
import { Reader, type Json, type RequestStatus } from './message-reader.js';

/**
 * SP-DCI v1.0.0 messages (registry_core_api): `{ signature, header, message }`. Builders for the
 * search request, and parsers that check the shape of what comes back and name the first field
 * that is wrong. Registries in the wild send counts as strings (`"total_count": "1"`) and empty
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

function parseResponseHeader(value: unknown, r: Reader): ResponseHeader {
  const h = r.object(value, 'header');
  if (h.is_msg_encrypted === true) r.fail('header.is_msg_encrypted', 'is true: encrypted messages are not supported');
  return {
    message_id: r.string(h.message_id, 'header.message_id'),
    message_ts: r.string(h.message_ts, 'header.message_ts'),
    action: r.string(h.action, 'header.action'),
    status: r.status(h.status, 'header.status'),
    status_reason_code: r.optionalString(h.status_reason_code, 'header.status_reason_code') || null,
    sender_id: r.optionalString(h.sender_id, 'header.sender_id'),
    receiver_id: r.optionalString(h.receiver_id, 'header.receiver_id'),
    is_msg_encrypted: false,
  };
}

function parsePagination(value: unknown, path: string, r: Reader): Pagination | null {
  if (value === undefined || value === null) return null;
  const p = r.object(value, path);
  const size = r.count(p.page_size, `${path}.page_size`);
  const number = r.count(p.page_number, `${path}.page_number`);
  if (size === null || size === 0) r.fail(`${path}.page_size`, 'is missing or zero');
  if (number === null || number === 0) r.fail(`${path}.page_number`, 'is missing or zero (pages count from 1)');
  return { page_size: size, page_number: number, total_count: r.count(p.total_count, `${path}.total_count`) };
}

function parseItem(value: unknown, path: string, r: Reader): SearchResponseItem {
  const item = r.object(value, path);
  let data: SearchResponseItem['data'] = null;
  if (item.data !== undefined && item.data !== null) {
    const d = r.object(item.data, `${path}.data`);
    const list = r.records(d.reg_records, `${path}.data.reg_records`);
    data = {
      reg_type: r.optionalString(d.reg_type, `${path}.data.reg_type`) || null,
      reg_record_type: r.optionalString(d.reg_record_type, `${path}.data.reg_record_type`) || null,
      reg_records: list,
    };
  }
  return {
    reference_id: r.string(item.reference_id, `${path}.reference_id`),
    timestamp: r.optionalString(item.timestamp, `${path}.timestamp`),
    status: r.status(item.status, `${path}.status`),
    status_reason_code: r.optionalString(item.status_reason_code, `${path}.status_reason_code`) || null,
    status_reason_message: r.optionalString(item.status_reason_message, `${path}.status_reason_message`) || null,
    data,
    pagination: parsePagination(item.pagination, `${path}.pagination`, r),
  };
}

/** A sync search answer or an `on-search` callback; `source` names it in errors. */
export function parseSearchResponse(json: unknown, source: string): SearchResponseEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseResponseHeader(root.header, r);
  const m = r.object(root.message, 'message');
  if (!Array.isArray(m.search_response))
    r.fail('message.search_response', m.search_response === undefined ? 'is missing' : 'is not an array');
  return {
    signature: r.optionalString(root.signature, 'signature'),
    header,
    message: {
      ...r.replyIds(m),
      search_response: m.search_response.map((item, i) => parseItem(item, `message.search_response[${i}]`, r)),
    },
  };
}

/** A search request as a registry receives it (the double uses this to check the hub's requests). */
export function parseSearchRequest(json: unknown, source: string): SearchRequestEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const h = r.object(root.header, 'header');
  const m = r.object(root.message, 'message');
  const items = r.nonEmptyArray(m.search_request, 'message.search_request').map((value, i): SearchRequestItem => {
    const path = `message.search_request[${i}]`;
    const item = r.object(value, path);
    const c = r.object(item.search_criteria, `${path}.search_criteria`);
    const queryType = r.string(c.query_type, `${path}.search_criteria.query_type`);
    if (!['idtype-value', 'expression', 'predicate'].includes(queryType)) r.fail(`${path}.search_criteria.query_type`, `is "${queryType}"`);
    if (c.query === undefined) r.fail(`${path}.search_criteria.query`, 'is missing');
    const p = parsePagination(c.pagination, `${path}.search_criteria.pagination`, r) ?? { page_size: 0, page_number: 1 };
    return {
      reference_id: r.string(item.reference_id, `${path}.reference_id`),
      timestamp: r.string(item.timestamp, `${path}.timestamp`),
      search_criteria: { ...(c as unknown as SearchCriteria), pagination: { page_size: p.page_size, page_number: p.page_number } },
    };
  });
  return {
    ...(typeof root.signature === 'string' ? { signature: root.signature } : {}),
    header: {
      version: r.string(h.version, 'header.version'),
      message_id: r.string(h.message_id, 'header.message_id'),
      message_ts: r.string(h.message_ts, 'header.message_ts'),
      action: r.string(h.action, 'header.action'),
      sender_id: r.string(h.sender_id, 'header.sender_id'),
      ...(typeof h.sender_uri === 'string' && h.sender_uri !== '' ? { sender_uri: h.sender_uri } : {}),
      receiver_id: r.string(h.receiver_id, 'header.receiver_id'),
      total_count: r.count(h.total_count, 'header.total_count') ?? r.fail('header.total_count', 'is missing'),
      is_msg_encrypted: h.is_msg_encrypted === true,
    },
    message: { transaction_id: r.string(m.transaction_id, 'message.transaction_id'), search_request: items },
  };
}

/** The registry's answer to an async request: `{ message: { ack_status, timestamp, correlation_id, error } }`. */
export function parseAck(json: unknown, source: string): Ack {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const m = r.object(root.message, 'message');
  const status = r.string(m.ack_status, 'message.ack_status');
  if (status !== 'ACK' && status !== 'NACK' && status !== 'ERR') r.fail('message.ack_status', `is "${status}", not ACK, NACK or ERR`);
  let error: Ack['error'] = null;
  if (m.error !== undefined && m.error !== null) {
    const e = r.object(m.error, 'message.error');
    error = { code: r.string(e.code, 'message.error.code'), message: r.optionalString(e.message, 'message.error.message') ?? '' };
  }
  return { ack_status: status, correlation_id: r.optionalString(m.correlation_id, 'message.correlation_id') || null, error };
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
