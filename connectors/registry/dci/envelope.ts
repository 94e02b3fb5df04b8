import { randomUUID } from 'node:crypto';
import { DciError } from './errors.js';

/**
 * SP-DCI v1.0.0 messages (registry_core_api): `{ signature, header, message }`. Builders for the
 * search request, and parsers that check the shape of what comes back and name the first field
 * that is wrong. Registries in the wild send counts as strings (`"total_count": "1"`) and empty
 * strings for unknown numbers, so numbers are read leniently; anything else is strict.
 */
export const DCI_VERSION = '1.0.0';

export type DciRegistry = 'social' | 'ibr';
export type RequestStatus = 'rcvd' | 'pdng' | 'succ' | 'rjct';
const REQUEST_STATUSES: readonly string[] = ['rcvd', 'pdng', 'succ', 'rjct'];
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

type Json = Record<string, unknown>;

/** Reads one message, naming `source` and the JSON path of the first bad field. */
class Reader {
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

  status(value: unknown, path: string): RequestStatus {
    const text = this.string(value, path);
    if (!REQUEST_STATUSES.includes(text)) this.fail(path, `is "${text}", not one of ${REQUEST_STATUSES.join(', ')}`);
    return text as RequestStatus;
  }
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
    const records = d.reg_records;
    // registry_core_api types reg_records as one object, the social and IBR APIs as an array.
    const list = Array.isArray(records) ? records : records === undefined ? r.fail(`${path}.data.reg_records`, 'is missing') : [records];
    list.forEach((rec, i) => r.object(rec, `${path}.data.reg_records[${i}]`));
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
      transaction_id: r.string(m.transaction_id, 'message.transaction_id'),
      correlation_id: r.optionalString(m.correlation_id, 'message.correlation_id') || null,
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
  if (!Array.isArray(m.search_request) || m.search_request.length === 0) r.fail('message.search_request', 'is missing or empty');
  const items = m.search_request.map((value, i): SearchRequestItem => {
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

/*
 * Event subscription (registry_core_api: /registry/subscribe, on-subscribe, notify, unsubscribe,
 * on-unsubscribe). The social and IBR APIs define none of these paths; registry_core_api (and the
 * DR and FR APIs, whose examples carry the only published subscribe messages) does.
 */

/** EventFrequency: a cron expression (the examples write "daily") and the window it applies to. */
export interface EventFrequency {
  readonly start_time: string;
  readonly end_time?: string;
  readonly frequency: string;
}

export interface SubscribeCriteria {
  readonly version?: string;
  readonly reg_type?: string;
  readonly reg_event_type: string;
  readonly frequency?: EventFrequency;
  readonly filter_type?: QueryType;
  readonly filter: unknown;
  readonly notify_record_type: string;
  readonly authorize?: unknown;
}

export interface SubscribeRequestItem {
  readonly reference_id: string;
  readonly timestamp: string;
  readonly subscribe_criteria: SubscribeCriteria;
  readonly locale?: string;
}

export type SubscribeRequestEnvelope = Envelope<
  RequestHeader,
  { readonly transaction_id: string; readonly subscribe_request: SubscribeRequestItem[] }
>;

export interface UnsubscribeRequestMessage {
  readonly transaction_id: string;
  /** The schema's property is misspelt `timesstamp`; its `required` list says `timestamp`. */
  readonly timestamp: string;
  readonly subscription_codes: string[];
}

export type UnsubscribeRequestEnvelope = Envelope<RequestHeader, UnsubscribeRequestMessage>;

interface Parties {
  readonly senderId: string;
  readonly receiverId: string;
  /** Where the registry POSTs on-subscribe, notify and on-unsubscribe. */
  readonly senderUri: string;
  readonly transactionId: string;
  readonly now: Date;
  readonly messageId?: string;
}

function requestHeader(action: string, input: Parties): RequestHeader {
  return {
    version: DCI_VERSION,
    message_id: input.messageId ?? randomUUID(),
    message_ts: input.now.toISOString(),
    action,
    sender_id: input.senderId,
    sender_uri: input.senderUri,
    receiver_id: input.receiverId,
    total_count: 1,
    is_msg_encrypted: false,
  };
}

export function buildSubscribeRequest(
  input: Parties & { readonly criteria: SubscribeCriteria; readonly referenceId?: string; readonly locale?: string },
): SubscribeRequestEnvelope {
  return {
    header: requestHeader('subscribe', input),
    message: {
      transaction_id: input.transactionId,
      subscribe_request: [
        {
          reference_id: input.referenceId ?? randomUUID(),
          timestamp: input.now.toISOString(),
          subscribe_criteria: { version: DCI_VERSION, ...input.criteria },
          ...(input.locale === undefined ? {} : { locale: input.locale }),
        },
      ],
    },
  };
}

export function buildUnsubscribeRequest(input: Parties & { readonly codes: readonly string[] }): UnsubscribeRequestEnvelope {
  return {
    header: requestHeader('unsubscribe', input),
    message: { transaction_id: input.transactionId, timestamp: input.now.toISOString(), subscription_codes: [...input.codes] },
  };
}

function parseRequestHeader(value: unknown, action: string, r: Reader): RequestHeader {
  const h = r.object(value, 'header');
  const got = r.string(h.action, 'header.action');
  if (got !== action) r.fail('header.action', `is "${got}", not "${action}"`);
  return {
    version: r.string(h.version, 'header.version'),
    message_id: r.string(h.message_id, 'header.message_id'),
    message_ts: r.string(h.message_ts, 'header.message_ts'),
    action,
    sender_id: r.string(h.sender_id, 'header.sender_id'),
    ...(typeof h.sender_uri === 'string' && h.sender_uri !== '' ? { sender_uri: h.sender_uri } : {}),
    receiver_id: r.string(h.receiver_id, 'header.receiver_id'),
    total_count: r.count(h.total_count, 'header.total_count') ?? 1,
    is_msg_encrypted: h.is_msg_encrypted === true,
    ...(h.meta === undefined ? {} : { meta: h.meta }),
  };
}

/** A subscribe request as a registry receives it (the double checks the hub's with this). */
export function parseSubscribeRequest(json: unknown, source: string): SubscribeRequestEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseRequestHeader(root.header, 'subscribe', r);
  const m = r.object(root.message, 'message');
  if (!Array.isArray(m.subscribe_request) || m.subscribe_request.length === 0) r.fail('message.subscribe_request', 'is missing or empty');
  const items = m.subscribe_request.map((value, i): SubscribeRequestItem => {
    const path = `message.subscribe_request[${i}]`;
    const item = r.object(value, path);
    const c = r.object(item.subscribe_criteria, `${path}.subscribe_criteria`);
    r.string(c.reg_event_type, `${path}.subscribe_criteria.reg_event_type`);
    r.string(c.notify_record_type, `${path}.subscribe_criteria.notify_record_type`);
    if (c.filter === undefined || c.filter === null) r.fail(`${path}.subscribe_criteria.filter`, 'is missing');
    if (c.frequency !== undefined) {
      const f = r.object(c.frequency, `${path}.subscribe_criteria.frequency`);
      r.string(f.start_time, `${path}.subscribe_criteria.frequency.start_time`);
      r.string(f.frequency, `${path}.subscribe_criteria.frequency.frequency`);
    }
    return {
      reference_id: r.string(item.reference_id, `${path}.reference_id`),
      timestamp: r.string(item.timestamp, `${path}.timestamp`),
      subscribe_criteria: c as unknown as SubscribeCriteria,
      ...(typeof item.locale === 'string' ? { locale: item.locale } : {}),
    };
  });
  return {
    ...(typeof root.signature === 'string' ? { signature: root.signature } : {}),
    header,
    message: { transaction_id: r.string(m.transaction_id, 'message.transaction_id'), subscribe_request: items },
  };
}

export function parseUnsubscribeRequest(json: unknown, source: string): UnsubscribeRequestEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseRequestHeader(root.header, 'unsubscribe', r);
  const m = r.object(root.message, 'message');
  const codes = m.subscription_codes;
  if (!Array.isArray(codes) || codes.length === 0) r.fail('message.subscription_codes', 'is missing or empty');
  return {
    ...(typeof root.signature === 'string' ? { signature: root.signature } : {}),
    header,
    message: {
      transaction_id: r.string(m.transaction_id, 'message.transaction_id'),
      timestamp: r.string(m.timestamp ?? m.timesstamp, 'message.timestamp'),
      subscription_codes: codes.map((c, i) => r.string(c, `message.subscription_codes[${i}]`)),
    },
  };
}

/** The header of a registry's callback (on-subscribe, on-unsubscribe, notify); status is optional. */
export interface CallbackHeader {
  readonly message_id: string;
  readonly message_ts: string;
  readonly action: string;
  readonly status: RequestStatus | null;
  readonly status_reason_code: string | null;
  readonly sender_id: string | null;
  readonly receiver_id: string | null;
  readonly meta: unknown;
}

function parseCallbackHeader(value: unknown, action: string, r: Reader): CallbackHeader {
  const h = r.object(value, 'header');
  if (h.is_msg_encrypted === true) r.fail('header.is_msg_encrypted', 'is true: encrypted messages are not supported');
  const got = r.string(h.action, 'header.action');
  if (got !== action) r.fail('header.action', `is "${got}", not "${action}"`);
  return {
    message_id: r.string(h.message_id, 'header.message_id'),
    message_ts: r.string(h.message_ts, 'header.message_ts'),
    action,
    status: h.status === undefined || h.status === null || h.status === '' ? null : r.status(h.status, 'header.status'),
    status_reason_code: r.optionalString(h.status_reason_code, 'header.status_reason_code') || null,
    sender_id: r.optionalString(h.sender_id, 'header.sender_id'),
    receiver_id: r.optionalString(h.receiver_id, 'header.receiver_id'),
    meta: h.meta ?? null,
  };
}

export type SubscriptionStatus = 'subscribe' | 'unsubscribe';

function subscriptionStatus(value: unknown, path: string, r: Reader): SubscriptionStatus | null {
  const s = r.optionalString(value, path);
  if (s === null || s === '') return null;
  if (s !== 'subscribe' && s !== 'unsubscribe') r.fail(path, `is "${s}", not subscribe or unsubscribe`);
  return s;
}

export interface SubscriptionInfo {
  readonly code: string;
  readonly status: SubscriptionStatus | null;
  readonly timestamp: string | null;
}

export interface SubscribeResponseItem {
  readonly reference_id: string;
  readonly status: RequestStatus;
  readonly status_reason_code: string | null;
  readonly status_reason_message: string | null;
  readonly subscriptions: SubscriptionInfo[];
}

export interface SubscribeResponseEnvelope {
  readonly signature: string | null;
  readonly header: CallbackHeader;
  readonly message: {
    readonly transaction_id: string;
    readonly correlation_id: string | null;
    readonly subscribe_response: SubscribeResponseItem[];
  };
}

/** An on-subscribe callback. SubscriptionInfo names the code `code`, its required list `subscription_code`: either is read. */
export function parseSubscribeResponse(json: unknown, source: string): SubscribeResponseEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseCallbackHeader(root.header, 'on-subscribe', r);
  const m = r.object(root.message, 'message');
  if (!Array.isArray(m.subscribe_response)) r.fail('message.subscribe_response', 'is missing or not an array');
  const items = m.subscribe_response.map((value, i): SubscribeResponseItem => {
    const path = `message.subscribe_response[${i}]`;
    const item = r.object(value, path);
    const subs = item.subscriptions ?? [];
    if (!Array.isArray(subs)) r.fail(`${path}.subscriptions`, 'is not an array');
    return {
      reference_id: r.string(item.reference_id, `${path}.reference_id`),
      status: r.status(item.status, `${path}.status`),
      status_reason_code: r.optionalString(item.status_reason_code, `${path}.status_reason_code`) || null,
      status_reason_message: r.optionalString(item.status_reason_message, `${path}.status_reason_message`) || null,
      subscriptions: subs.map((s, j): SubscriptionInfo => {
        const at = `${path}.subscriptions[${j}]`;
        const o = r.object(s, at);
        return {
          code: r.string(o.code ?? o.subscription_code, `${at}.code`),
          status: subscriptionStatus(o.status, `${at}.status`, r),
          timestamp: r.optionalString(o.timestamp, `${at}.timestamp`),
        };
      }),
    };
  });
  return {
    signature: r.optionalString(root.signature, 'signature'),
    header,
    message: {
      transaction_id: r.string(m.transaction_id, 'message.transaction_id'),
      correlation_id: r.optionalString(m.correlation_id, 'message.correlation_id') || null,
      subscribe_response: items,
    },
  };
}

export interface UnsubscribeResponseEnvelope {
  readonly signature: string | null;
  readonly header: CallbackHeader;
  readonly message: {
    readonly transaction_id: string;
    readonly correlation_id: string | null;
    readonly status: RequestStatus;
    readonly status_reason_code: string | null;
    readonly status_reason_message: string | null;
    readonly subscription_status: { readonly code: string; readonly status: SubscriptionStatus | null }[];
  };
}

export function parseUnsubscribeResponse(json: unknown, source: string): UnsubscribeResponseEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseCallbackHeader(root.header, 'on-unsubscribe', r);
  const m = r.object(root.message, 'message');
  const list = m.subscription_status ?? [];
  if (!Array.isArray(list)) r.fail('message.subscription_status', 'is not an array');
  return {
    signature: r.optionalString(root.signature, 'signature'),
    header,
    message: {
      transaction_id: r.string(m.transaction_id, 'message.transaction_id'),
      correlation_id: r.optionalString(m.correlation_id, 'message.correlation_id') || null,
      status: r.status(m.status, 'message.status'),
      status_reason_code: r.optionalString(m.status_reason_code, 'message.status_reason_code') || null,
      status_reason_message: r.optionalString(m.status_reason_message, 'message.status_reason_message') || null,
      subscription_status: list.map((s, i) => {
        const o = r.object(s, `message.subscription_status[${i}]`);
        return {
          code: r.string(o.code, `message.subscription_status[${i}].code`),
          status: subscriptionStatus(o.status, `message.subscription_status[${i}].status`, r),
        };
      }),
    },
  };
}

export interface NotifyEvent {
  readonly reference_id: string;
  readonly timestamp: string;
  /** Not in NotifyEventRequest: the event's `subscription_code`, else header.meta.subscription_code. */
  readonly subscription_code: string | null;
  readonly data: { readonly reg_type: string | null; readonly reg_record_type: string; readonly reg_records: unknown[] };
}

export interface NotifyEnvelope {
  readonly signature: string | null;
  readonly header: CallbackHeader;
  readonly message: { readonly transaction_id: string; readonly notify_event: NotifyEvent[] };
}

/**
 * A registry's /registry/notify. The spec's NotifyEventRequest says nothing of which subscription
 * an event answers; the hub reads `notify_event[].subscription_code` or
 * `header.meta.subscription_code` (null when neither is there: the receiver refuses the message).
 */
export function parseNotify(json: unknown, source: string): NotifyEnvelope {
  const r: Reader = new Reader(source);
  const root = r.object(json, '(message root)');
  const header = parseCallbackHeader(root.header, 'notify', r);
  const meta = header.meta as { subscription_code?: unknown } | null;
  const metaCode = typeof meta === 'object' && meta !== null ? r.optionalString(meta.subscription_code, 'header.meta.subscription_code') : null;
  const m = r.object(root.message, 'message');
  if (!Array.isArray(m.notify_event) || m.notify_event.length === 0) r.fail('message.notify_event', 'is missing or empty');
  const events = m.notify_event.map((value, i): NotifyEvent => {
    const path = `message.notify_event[${i}]`;
    const item = r.object(value, path);
    const d = r.object(item.data, `${path}.data`);
    const records = d.reg_records;
    // RegistryRecord is one object in registry_core_api; registries send arrays, as in search answers.
    const list = Array.isArray(records) ? records : records === undefined ? r.fail(`${path}.data.reg_records`, 'is missing') : [records];
    list.forEach((rec, j) => r.object(rec, `${path}.data.reg_records[${j}]`));
    return {
      reference_id: r.string(item.reference_id, `${path}.reference_id`),
      timestamp: r.string(item.timestamp, `${path}.timestamp`),
      subscription_code: r.optionalString(item.subscription_code, `${path}.subscription_code`) || metaCode || null,
      data: {
        reg_type: r.optionalString(d.reg_type, `${path}.data.reg_type`) || null,
        reg_record_type: r.string(d.reg_record_type, `${path}.data.reg_record_type`),
        reg_records: list,
      },
    };
  });
  return {
    signature: r.optionalString(root.signature, 'signature'),
    header,
    message: { transaction_id: r.string(m.transaction_id, 'message.transaction_id'), notify_event: events },
  };
}
