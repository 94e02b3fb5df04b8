import { randomUUID } from 'node:crypto';
import { DCI_VERSION, type Envelope, type QueryType, type RequestHeader } from './envelope.js';
import { z } from 'zod';
import {
  actionOf,
  count,
  lenientText,
  nonEmptyArray,
  notEncrypted,
  NOT_AN_OBJECT,
  oneOf,
  optionalNonEmptyText,
  optionalText,
  parseMessage,
  present,
  records,
  status,
  stringOrAbsent,
  text,
  type Json,
  type RequestStatus,
} from './message-schemas.js';

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

/** A request's header, whose `action` must be `action`. */
const requestHeaderSchema = (action: string) =>
  z.object(
    {
      action: actionOf(action),
      version: text,
      message_id: text,
      message_ts: text,
      sender_id: text,
      sender_uri: lenientText,
      receiver_id: text,
      total_count: count.transform((n) => n ?? 1),
      is_msg_encrypted: z
        .unknown()
        .optional()
        .transform((value) => value === true),
      meta: z.unknown().optional(),
    },
    NOT_AN_OBJECT,
  );

function withoutAbsent(header: z.output<ReturnType<typeof requestHeaderSchema>>): RequestHeader {
  const { sender_uri, meta, ...rest } = header;
  return { ...rest, ...(sender_uri === undefined ? {} : { sender_uri }), ...(meta === undefined ? {} : { meta }) };
}

const subscribeRequestItem = z.object(
  {
    subscribe_criteria: z.looseObject(
      {
        reg_event_type: text,
        notify_record_type: text,
        filter: present,
        frequency: z.looseObject({ start_time: text, frequency: text }, NOT_AN_OBJECT).optional(),
      },
      NOT_AN_OBJECT,
    ),
    reference_id: text,
    timestamp: text,
    locale: stringOrAbsent,
  },
  NOT_AN_OBJECT,
);

/** Read first: the header, and every subscribe request; then the transaction id. */
const subscribeRequestOpening = z.object(
  {
    header: requestHeaderSchema('subscribe'),
    message: z.looseObject({ subscribe_request: nonEmptyArray(subscribeRequestItem) }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);
const requestClosing = z.object({ signature: stringOrAbsent, message: z.object({ transaction_id: text }) });

/** A subscribe request as a registry receives it (the double checks the hub's with this). */
export function parseSubscribeRequest(json: unknown, source: string): SubscribeRequestEnvelope {
  const { header, message } = parseMessage(subscribeRequestOpening, json, source);
  const closing = parseMessage(requestClosing, json, source);
  return {
    ...(closing.signature === undefined ? {} : { signature: closing.signature }),
    header: withoutAbsent(header),
    message: {
      transaction_id: closing.message.transaction_id,
      subscribe_request: message.subscribe_request.map(({ locale, subscribe_criteria, ...item }): SubscribeRequestItem => ({
        ...item,
        subscribe_criteria: subscribe_criteria as unknown as SubscribeCriteria,
        ...(locale === undefined ? {} : { locale }),
      })),
    },
  };
}

/** Read first: the header, and that codes are given; then the ids, the time and each code. */
const unsubscribeRequestOpening = z.object(
  {
    header: requestHeaderSchema('unsubscribe'),
    message: z.looseObject({ subscription_codes: nonEmptyArray(z.unknown()) }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);
const unsubscribeRequestClosing = z.object({
  signature: stringOrAbsent,
  message: z.preprocess(
    // The schema's property is misspelt `timesstamp`: either is read.
    (m) => (typeof m === 'object' && m !== null ? { ...m, timestamp: (m as Json).timestamp ?? (m as Json).timesstamp } : m),
    z.object({ transaction_id: text, timestamp: text, subscription_codes: z.array(text) }),
  ),
});

export function parseUnsubscribeRequest(json: unknown, source: string): UnsubscribeRequestEnvelope {
  const { header } = parseMessage(unsubscribeRequestOpening, json, source);
  const { signature, message } = parseMessage(unsubscribeRequestClosing, json, source);
  return { ...(signature === undefined ? {} : { signature }), header: withoutAbsent(header), message };
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

/** `schema`'s value, or null when absent, null or empty. */
const emptyAsNull = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? null : value), schema.nullish()).transform((value) => value ?? null);

/** A callback's header, whose `action` must be `action`; an empty status is none. */
const callbackHeader = (action: string) =>
  z
    .object(
      {
        is_msg_encrypted: notEncrypted,
        action: actionOf(action),
        message_id: text,
        message_ts: text,
        status: emptyAsNull(status),
        status_reason_code: optionalNonEmptyText,
        sender_id: optionalText,
        receiver_id: optionalText,
        meta: z
          .unknown()
          .optional()
          .transform((meta) => meta ?? null),
      },
      NOT_AN_OBJECT,
    )
    .transform(({ is_msg_encrypted: _, ...header }): CallbackHeader => header);

export type SubscriptionStatus = 'subscribe' | 'unsubscribe';

/** `subscribe` or `unsubscribe`; absent, null or empty is null. */
const subscriptionStatus = emptyAsNull(oneOf(['subscribe', 'unsubscribe'], (value) => `is "${value}", not subscribe or unsubscribe`));

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

/** `code` (SubscriptionInfo's name), else `subscription_code` (its required list's). */
const subscriptionInfo = z.preprocess(
  (o) => (typeof o === 'object' && o !== null && !Array.isArray(o) ? { ...o, code: (o as Json).code ?? (o as Json).subscription_code } : o),
  z.object({ code: text, status: subscriptionStatus, timestamp: optionalText }, NOT_AN_OBJECT),
);

/** That the subscriptions are a list first, then the item's fields, then each subscription. */
const subscribeResponseItem = z
  .looseObject({ subscriptions: z.array(z.unknown(), { error: 'is not an array' }).nullish() }, NOT_AN_OBJECT)
  .pipe(
    z.object({
      reference_id: text,
      status,
      status_reason_code: optionalNonEmptyText,
      status_reason_message: optionalNonEmptyText,
      subscriptions: z
        .array(subscriptionInfo)
        .nullish()
        .transform((list) => list ?? []),
    }),
  );

/** Read first: the header, and every answer; then the signature and the message's ids. */
const subscribeResponseOpening = z.object(
  {
    header: callbackHeader('on-subscribe'),
    message: z.looseObject({ subscribe_response: z.array(subscribeResponseItem, { error: 'is missing or not an array' }) }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);
const replyIds = { transaction_id: text, correlation_id: optionalNonEmptyText };
const replyClosing = z.object({ signature: optionalText, message: z.object(replyIds) });

/** An on-subscribe callback. SubscriptionInfo names the code `code`, its required list `subscription_code`: either is read. */
export function parseSubscribeResponse(json: unknown, source: string): SubscribeResponseEnvelope {
  const { header, message } = parseMessage(subscribeResponseOpening, json, source);
  const closing = parseMessage(replyClosing, json, source);
  return {
    signature: closing.signature,
    header,
    message: { ...closing.message, subscribe_response: message.subscribe_response },
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

const unsubscribeResponseOpening = z.object(
  {
    header: callbackHeader('on-unsubscribe'),
    message: z.looseObject({ subscription_status: z.array(z.unknown(), { error: 'is not an array' }).nullish() }, NOT_AN_OBJECT),
  },
  NOT_AN_OBJECT,
);
const unsubscribeResponseClosing = z.object({
  signature: optionalText,
  message: z.object({
    ...replyIds,
    status,
    status_reason_code: optionalNonEmptyText,
    status_reason_message: optionalNonEmptyText,
    subscription_status: z
      .array(z.object({ code: text, status: subscriptionStatus }, NOT_AN_OBJECT))
      .nullish()
      .transform((list) => list ?? []),
  }),
});

export function parseUnsubscribeResponse(json: unknown, source: string): UnsubscribeResponseEnvelope {
  const { header } = parseMessage(unsubscribeResponseOpening, json, source);
  const { signature, message } = parseMessage(unsubscribeResponseClosing, json, source);
  return { signature, header, message };
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

/** That the event's records are objects first, then its fields, then its data's. */
const notifyEvent = z.looseObject({ data: z.looseObject({ reg_records: records }, NOT_AN_OBJECT) }, NOT_AN_OBJECT).pipe(
  z.object({
    reference_id: text,
    timestamp: text,
    subscription_code: optionalNonEmptyText,
    data: z.object({ reg_type: optionalNonEmptyText, reg_record_type: text, reg_records: z.array(z.looseObject({})) }),
  }),
);

/** Read in three stages: the header; its meta's subscription code and every event; the signature and transaction id. */
const notifyHeader = z.object({ header: callbackHeader('notify') }, NOT_AN_OBJECT);
const notifyEvents = z.object({
  header: z.object({
    meta: z.preprocess(
      (meta) => (typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta : {}),
      z.object({ subscription_code: optionalText }),
    ),
  }),
  message: z.looseObject({ notify_event: nonEmptyArray(notifyEvent) }, NOT_AN_OBJECT),
});
const notifyClosing = z.object({ signature: optionalText, message: z.object({ transaction_id: text }) });

/**
 * A registry's /registry/notify. The spec's NotifyEventRequest says nothing of which subscription
 * an event answers; the hub reads `notify_event[].subscription_code` or
 * `header.meta.subscription_code` (null when neither is there: the receiver refuses the message).
 */
export function parseNotify(json: unknown, source: string): NotifyEnvelope {
  const { header } = parseMessage(notifyHeader, json, source);
  const { header: meta, message } = parseMessage(notifyEvents, json, source);
  const closing = parseMessage(notifyClosing, json, source);
  return {
    signature: closing.signature,
    header,
    message: {
      transaction_id: closing.message.transaction_id,
      notify_event: message.notify_event.map((event) => ({
        ...event,
        subscription_code: event.subscription_code || meta.meta.subscription_code || null,
      })),
    },
  };
}
