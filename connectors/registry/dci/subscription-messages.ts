import { randomUUID } from 'node:crypto';
import { DCI_VERSION, type Envelope, type QueryType, type RequestHeader } from './envelope.js';
import { Reader, type RequestStatus } from './message-reader.js';

/**
 * SP-DCI event subscription messages (registry_core_api: /registry/subscribe, on-subscribe, notify,
 * unsubscribe, on-unsubscribe): builders for what the hub sends, parsers for what the registry
 * answers. The social and IBR APIs define none of these paths; registry_core_api (and the DR and
 * FR APIs, whose examples carry the only published subscribe messages) does.
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
  const items = r.nonEmptyArray(m.subscribe_request, 'message.subscribe_request').map((value, i): SubscribeRequestItem => {
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
  const codes = r.nonEmptyArray(m.subscription_codes, 'message.subscription_codes');
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
      ...r.replyIds(m),
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
      ...r.replyIds(m),
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
  const metaCode =
    typeof meta === 'object' && meta !== null ? r.optionalString(meta.subscription_code, 'header.meta.subscription_code') : null;
  const m = r.object(root.message, 'message');
  const events = r.nonEmptyArray(m.notify_event, 'message.notify_event').map((value, i): NotifyEvent => {
    const path = `message.notify_event[${i}]`;
    const item = r.object(value, path);
    const d = r.object(item.data, `${path}.data`);
    const list = r.records(d.reg_records, `${path}.data.reg_records`);
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
