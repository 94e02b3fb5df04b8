import { randomUUID } from 'node:crypto';
import { TokenSource } from './auth.js';
import { parseAck, type DciRegistry } from './envelope.js';
import { DciError } from './errors.js';
import type { RequestStatus } from './message-schemas.js';
import { startSubscriptionReceiver, type NotifyListener, type ReplyEvent, type SubscriptionReceiver } from './notify.js';
import { postSigned, type RegistryEndpoint } from './post.js';
import type { PullDciOptions } from './read.js';
import { jwksKeys, staticKeys, toPrivateKey, type KeyResolver } from './signature.js';
import {
  buildSubscribeRequest,
  buildUnsubscribeRequest,
  type SubscribeCriteria,
  type SubscriptionStatus,
} from './subscription-messages.js';

/**
 * DCI event subscriptions (registry_core_api): the hub POSTs a signed subscribe (or unsubscribe)
 * with a bearer token, the registry acknowledges, then answers on the hub's receiver
 * (on-subscribe with the subscription code, on-unsubscribe with the new status) and, while the
 * subscription lasts, POSTs /registry/notify with the records of each event (notify.ts).
 */
export type DciConnectionOptions = Pick<
  PullDciOptions,
  | 'baseUrl'
  | 'registry'
  | 'senderId'
  | 'receiverId'
  | 'signingKey'
  | 'keyId'
  | 'registryJwksUrl'
  | 'registryKeys'
  | 'oauth'
  | 'fetch'
  | 'signal'
  | 'now'
> & {
  /** How long to wait for on-subscribe / on-unsubscribe after the ack (default 30 s). */
  readonly timeoutMs?: number;
  /** A token source to share between calls (default: one per call). */
  readonly tokens?: TokenSource;
};

export interface SubscribeDciOptions extends DciConnectionOptions {
  /** Where the registry answers and notifies; its url is sent as header.sender_uri. */
  readonly receiver: SubscriptionReceiver;
  /** Overrides of the default criteria (see defaultSubscribeCriteria). */
  readonly criteria?: Partial<SubscribeCriteria>;
  /** Notify records changed from this time on (default: now). */
  readonly since?: string | null;
}

export interface Subscription {
  readonly subscriptionCode: string;
  readonly status: SubscriptionStatus;
  readonly transactionId: string;
}

export interface Unsubscription {
  readonly status: RequestStatus;
  readonly subscriptions: { readonly code: string; readonly status: SubscriptionStatus | null }[];
}

const NOTIFY_RECORD_TYPE: Record<DciRegistry, string> = { social: 'Group', ibr: 'Beneficiary' };
/** As in read.ts: social_api's reg_event_type enum is REGISTER | NewHouseHoldMember, ibr_api's enrollement | … */
const EVENT_TYPE: Record<DciRegistry, string> = { social: 'REGISTER', ibr: 'enrollement' };
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Every record registered or changed from `since` (default now) on, notified daily for a year
 * (EventFrequency's cron, in the Quartz form of the spec's example), as whole Groups (social) or
 * Beneficiaries (IBR).
 */
export function defaultSubscribeCriteria(registry: DciRegistry, since: string | null, now: Date): SubscribeCriteria {
  return {
    reg_event_type: EVENT_TYPE[registry],
    frequency: { start_time: now.toISOString(), end_time: new Date(now.getTime() + YEAR_MS).toISOString(), frequency: '0 0 0 * * ? *' },
    filter_type: 'predicate',
    filter: [{ seq_num: 1, expression1: { attribute_name: 'last_updated', operator: 'ge', attribute_value: since ?? now.toISOString() } }],
    notify_record_type: NOTIFY_RECORD_TYPE[registry],
  };
}

export function registryKeysOf(options: Pick<PullDciOptions, 'registryKeys' | 'registryJwksUrl' | 'fetch'>): KeyResolver {
  if (options.registryKeys) return staticKeys(options.registryKeys);
  if (options.registryJwksUrl) return jwksKeys(options.registryJwksUrl, options.fetch ?? fetch);
  throw new TypeError('a DCI subscription needs registryJwksUrl or registryKeys to verify the registry');
}

/**
 * POST the envelope, then wait for the callback of its transaction: `accept` turns each reply into
 * the result, null to keep waiting (pdng/rcvd), or throws.
 */
function exchange<T>(
  options: DciConnectionOptions,
  receiver: SubscriptionReceiver,
  request: { path: string; transactionId: string; envelope: { header: unknown; message: unknown } },
  accept: (event: ReplyEvent, source: string) => T | null,
): Promise<T> {
  const tokens = options.tokens ?? new TokenSource(options.oauth, options.fetch ?? fetch);
  const action = request.path.replace(/^.*\//, '');
  const source = `dci:${options.registry} /registry/on-${action}`;
  const { signal } = options;
  signal?.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, result?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      signal?.removeEventListener('abort', onAbort);
      if (result !== undefined) resolve(result);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onAbort = (): void => finish(signal?.reason);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = setTimeout(
      () => finish(new DciError('TIMEOUT', `${source}: no on-${action} within ${timeoutMs} ms of the ${action} request`, { file: source })),
      timeoutMs,
    );
    // Listen before sending: the registry may call back before its ack reaches us.
    const stop = receiver.expect(request.transactionId, (event) => {
      try {
        if ('error' in event) throw event.error;
        const result = accept(event, source);
        if (result !== null) finish(null, result);
      } catch (error) {
        finish(error);
      }
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    const ackSource = `dci:${options.registry} ${request.path}`;
    postSigned(endpointOf(options, tokens), request.path, request.envelope, ackSource, signal)
      .then((json) => {
        const ack = parseAck(json, ackSource);
        if (ack.ack_status !== 'ACK') {
          const why = ack.error?.code ? `${ack.error.code}: ${ack.error.message}` : 'no reason given';
          finish(new DciError('REGISTRY_REJECTED', `${ackSource}: the registry answered ${ack.ack_status} (${why})`, { file: ackSource }));
        }
      })
      .catch(finish);
  });
}

function endpointOf(options: DciConnectionOptions, tokens: TokenSource): RegistryEndpoint {
  return {
    baseUrl: options.baseUrl,
    signer: { key: toPrivateKey(options.signingKey), kid: options.keyId, senderId: options.senderId },
    tokens,
    fetch: options.fetch ?? fetch,
    now: options.now ?? (() => new Date()),
    // Subscription errors quote the registry's error body as sent, not just its code and message.
    errorDetail: (body) => body.slice(0, 200),
  };
}

function checkSender(sender: string | null, options: DciConnectionOptions, source: string): void {
  if (sender !== options.receiverId) {
    throw new DciError('INVALID_MESSAGE', `${source}: header.sender_id is "${sender ?? ''}", not the registry "${options.receiverId}"`, {
      file: source,
      field: 'header.sender_id',
    });
  }
}

function rejected(source: string, field: string, code: string | null, message: string | null, what: string): DciError {
  const why = `${code ?? 'no reason code'}${message ? `: ${message}` : ''}`;
  return new DciError('REGISTRY_REJECTED', `${source}: the registry rejected the ${what} (${why})`, { file: source, field });
}

/** Subscribe; resolves with the code once on-subscribe confirms it, and the receiver holds it. */
export function subscribeDci(options: SubscribeDciOptions): Promise<Subscription> {
  const now = (options.now ?? (() => new Date()))();
  const transactionId = randomUUID();
  const referenceId = randomUUID();
  const criteria = { ...defaultSubscribeCriteria(options.registry, options.since ?? null, now), ...options.criteria };
  const envelope = buildSubscribeRequest({
    senderId: options.senderId,
    receiverId: options.receiverId,
    senderUri: options.receiver.url,
    transactionId,
    referenceId,
    criteria,
    now,
  });
  return exchange(options, options.receiver, { path: '/registry/subscribe', transactionId, envelope }, (event, source) => {
    if (!('onSubscribe' in event)) return null;
    const { header, message } = event.onSubscribe;
    checkSender(header.sender_id, options, source);
    const at = message.subscribe_response.findIndex((r) => r.reference_id === referenceId);
    const item = message.subscribe_response[at];
    if (!item) {
      throw new DciError('INVALID_MESSAGE', `${source}: no subscribe_response for reference_id ${referenceId}`, {
        file: source,
        field: 'message.subscribe_response',
      });
    }
    const field = `message.subscribe_response[${at}]`;
    if (item.status === 'rjct' || header.status === 'rjct') {
      throw rejected(
        source,
        `${field}.status`,
        item.status_reason_code ?? header.status_reason_code,
        item.status_reason_message,
        'subscription',
      );
    }
    if (item.status !== 'succ') return null;
    const info = item.subscriptions[0];
    if (!info) {
      throw new DciError('INVALID_MESSAGE', `${source}: ${field} succeeded without a subscription code`, {
        file: source,
        field: `${field}.subscriptions`,
      });
    }
    const status = info.status ?? 'subscribe';
    // Held before the promise settles: a notify may follow on-subscribe at once.
    if (status === 'subscribe') options.receiver.hold(info.code);
    return { subscriptionCode: info.code, status, transactionId };
  });
}

/** Unsubscribe; on success the receiver refuses further notifications for those codes. */
export function unsubscribeDci(
  options: DciConnectionOptions & { readonly receiver: SubscriptionReceiver },
  subscriptionCodes: readonly string[],
): Promise<Unsubscription> {
  if (subscriptionCodes.length === 0) return Promise.resolve({ status: 'succ', subscriptions: [] });
  const now = (options.now ?? (() => new Date()))();
  const transactionId = randomUUID();
  const envelope = buildUnsubscribeRequest({
    senderId: options.senderId,
    receiverId: options.receiverId,
    senderUri: options.receiver.url,
    transactionId,
    codes: subscriptionCodes,
    now,
  });
  return exchange(options, options.receiver, { path: '/registry/unsubscribe', transactionId, envelope }, (event, source) => {
    if (!('onUnsubscribe' in event)) return null;
    const { header, message } = event.onUnsubscribe;
    checkSender(header.sender_id, options, source);
    if (message.status === 'rjct') {
      throw rejected(source, 'message.status', message.status_reason_code, message.status_reason_message, 'unsubscription');
    }
    if (message.status !== 'succ') return null;
    const listed = new Map(message.subscription_status.map((s) => [s.code, s.status]));
    for (const code of subscriptionCodes) if (!listed.has(code) || listed.get(code) === 'unsubscribe') options.receiver.release(code);
    return { status: message.status, subscriptions: message.subscription_status };
  });
}

export interface ListenDciOptions extends DciConnectionOptions {
  readonly criteria?: Partial<SubscribeCriteria>;
  readonly since?: string | null;
  /** ISO date for the checks on notified records, or a function giving it (default: the UTC day each notification comes). */
  readonly today?: string | (() => string);
  readonly country?: string;
  /** Where the receiver listens, and the public URL if a proxy is in front (see startSubscriptionReceiver). */
  readonly port?: number;
  readonly host?: string;
  readonly url?: string;
}

export interface DciListening {
  readonly subscriptionCode: string;
  /** The sender_uri the registry calls. */
  readonly url: string;
  /** Unsubscribe, then stop the receiver (stopped even when the unsubscribe fails; that error is thrown). */
  close(): Promise<void>;
}

/** Start a receiver, subscribe, and hand every notified pull to `onPull` until close(). */
export async function listenDci(options: ListenDciOptions, onPull: NotifyListener): Promise<DciListening> {
  const { today } = options;
  const receiver = await startSubscriptionReceiver({
    keys: registryKeysOf(options),
    registry: options.registry,
    registryId: options.receiverId,
    onPull,
    ...(today ? { today: typeof today === 'function' ? today : () => today } : {}),
    ...(options.country ? { country: options.country } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host ? { host: options.host } : {}),
    ...(options.url ? { url: options.url } : {}),
  });
  const shared = { ...options, receiver, tokens: options.tokens ?? new TokenSource(options.oauth, options.fetch ?? fetch) };
  let subscription: Subscription;
  try {
    subscription = await subscribeDci(shared);
  } catch (error) {
    await receiver.close();
    throw error;
  }
  const code = subscription.subscriptionCode;
  let closing: Promise<void> | null = null;
  return {
    subscriptionCode: code,
    url: receiver.url,
    close: () =>
      (closing ??= (async () => {
        try {
          await unsubscribeDci({ ...shared, signal: undefined }, [code]);
        } finally {
          receiver.release(code);
          await receiver.close();
        }
      })()),
  };
}
