import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegistryPull } from '../types.js';
import { ackMessage, type DciRegistry } from './envelope.js';
import {
  parseNotify,
  parseSubscribeResponse,
  parseUnsubscribeResponse,
  type NotifyEnvelope,
  type SubscribeResponseEnvelope,
  type UnsubscribeResponseEnvelope,
} from './subscription-messages.js';
import { DciError } from './errors.js';
import { normaliseRecords } from './normalise.js';
import { answering, readBody, sendJson as send, serve, waiters } from './receiver-kit.js';
import { verifyEnvelope, type KeyResolver } from './signature.js';

/**
 * The hub's end of a DCI subscription. The hub gives the registry one URL as header.sender_uri
 * and serves under it the subscriber's side of registry_core_api:
 *
 *   POST {sender_uri}/registry/on-subscribe     the subscription code (or the rejection)
 *   POST {sender_uri}/registry/notify           records of a subscribed event
 *   POST {sender_uri}/registry/on-unsubscribe   the subscriptions' new status
 *
 * and, for registries that POST every callback to sender_uri as given, the same three at
 * {sender_uri} itself, told apart by header.action. Every message must be signed by the registry.
 * A notify must name a subscription the hub holds; its records are normalised into one
 * RegistryPull per notify_event and handed to the listener, and only when every listener call
 * succeeded does the hub ACK: an ERR (HTTP 503) tells the registry to deliver again, which a
 * merge-load makes harmless.
 */
export type NotifyListener = (
  pull: RegistryPull,
  context: { readonly subscriptionCode: string; readonly transactionId: string },
) => Promise<void>;

export type ReplyEvent =
  | { readonly onSubscribe: SubscribeResponseEnvelope }
  | { readonly onUnsubscribe: UnsubscribeResponseEnvelope }
  | { readonly error: DciError };
export type ReplyListener = (event: ReplyEvent) => void;

export interface SubscriptionHandlerOptions {
  /** The registry's published keys. */
  readonly keys: KeyResolver;
  readonly registry: DciRegistry;
  /** The registry's DCI id: notifications signed by anyone else are refused. */
  readonly registryId: string;
  readonly onPull: NotifyListener;
  /** ISO date against which birth and enrolment dates are checked (default: today, UTC). */
  readonly today?: () => string;
  /** ISO 3166 alpha-2 of the registry's programmes (IBR). */
  readonly country?: string;
  readonly now?: () => Date;
}

interface Subscriptions {
  /** Wait for the on-subscribe / on-unsubscribe of one transaction; returns the function that stops. */
  expect(transactionId: string, listener: ReplyListener): () => void;
  /** Accept notifications for this subscription code from now on. */
  hold(code: string): void;
  release(code: string): void;
  holds(code: string): boolean;
}

export interface SubscriptionHandler extends Subscriptions {
  (req: IncomingMessage, res: ServerResponse): void;
}

export interface SubscriptionReceiver extends Subscriptions {
  /** The URL to give the registry as header.sender_uri. */
  readonly url: string;
  close(): Promise<void>;
}

type Action = 'on-subscribe' | 'notify' | 'on-unsubscribe';
const ACTIONS: readonly string[] = ['on-subscribe', 'notify', 'on-unsubscribe'];

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function field(json: unknown, part: 'header' | 'message', name: string): string | null {
  const value = (json as Record<string, Record<string, unknown> | undefined> | null)?.[part]?.[name];
  return typeof value === 'string' ? value : null;
}

const refusalOf = (error: DciError): Refusal =>
  error.dciCode === 'BAD_SIGNATURE'
    ? new Refusal(400, 'err.signature.invalid', error.message)
    : new Refusal(400, 'err.request.bad', error.message);

/** The node:http handler for the paths under `prefix` (mountable in another server); others answer 404. */
export function subscriptionHandler(options: SubscriptionHandlerOptions, prefix = ''): SubscriptionHandler {
  const waiting = waiters<ReplyListener>();
  const held = new Set<string>();
  const clock = options.now ?? (() => new Date());
  const today = options.today ?? (() => clock().toISOString().slice(0, 10));
  const base = prefix.replace(/\/+$/, '');

  const actionOfPath = (pathname: string): Action | 'any' | null => {
    if (pathname === base || pathname === `${base}/`) return 'any';
    const action = pathname.startsWith(`${base}/registry/`) ? pathname.slice(base.length + '/registry/'.length) : '';
    return ACTIONS.includes(action) ? (action as Action) : null;
  };

  /** on-subscribe / on-unsubscribe: verified, parsed, handed to whoever waits for the transaction. */
  const reply = async (json: unknown, action: Action, now: Date): Promise<string> => {
    const transactionId = field(json, 'message', 'transaction_id');
    const listener = transactionId === null ? undefined : waiting.get(transactionId);
    const source = `${action} callback`;
    let event: ReplyEvent;
    try {
      await verifyEnvelope(json, options.keys, source, now);
      event =
        action === 'on-subscribe'
          ? { onSubscribe: parseSubscribeResponse(json, source) }
          : { onUnsubscribe: parseUnsubscribeResponse(json, source) };
    } catch (error) {
      // A bad signature on a reply someone waits for fails that request now, not at its timeout.
      if (error instanceof DciError) listener?.({ error });
      throw error instanceof DciError ? refusalOf(error) : error;
    }
    if (!listener) throw new Refusal(404, 'err.request.not_found', `no ${action.slice(3)} request waits for transaction ${transactionId}`);
    listener(event);
    return transactionId ?? '';
  };

  const pullsOf = (envelope: NotifyEnvelope): { code: string; pull: RegistryPull }[] =>
    envelope.message.notify_event.map((event, i) => {
      const code = event.subscription_code;
      const at = `message.notify_event[${i}]`;
      if (code === null) throw new Refusal(400, 'err.request.bad', `notify: ${at} names no subscription_code`);
      if (!held.has(code)) throw new Refusal(404, 'err.request.not_found', `notify: ${at}: the hub holds no subscription "${code}"`);
      const { reg_records: records, reg_record_type: recordType } = event.data;
      const normalised = normaliseRecords(records, {
        registry: options.registry,
        recordType,
        today: today(),
        ...(options.country ? { country: options.country } : {}),
      });
      const watermark = records.length === 0 ? null : (normalised.latest ?? envelope.header.message_ts);
      const deleted = { households: [], individuals: [], payments: [], grievances: [] };
      return { code, pull: { changes: { batch: normalised.batch, deleted, watermark }, problems: normalised.problems } };
    });

  /** notify: every check first, then the listener for each event; any failure is an ERR. */
  const notify = async (json: unknown, now: Date): Promise<string> => {
    let envelope: NotifyEnvelope;
    try {
      await verifyEnvelope(json, options.keys, 'notify', now);
      envelope = parseNotify(json, 'notify');
    } catch (error) {
      throw error instanceof DciError ? refusalOf(error) : error;
    }
    if (envelope.header.sender_id !== options.registryId) {
      throw new Refusal(403, 'err.sender_id.invalid', `notify: header.sender_id "${envelope.header.sender_id ?? ''}" is not the registry`);
    }
    const transactionId = envelope.message.transaction_id;
    for (const { code, pull } of pullsOf(envelope)) {
      try {
        await options.onPull(pull, { subscriptionCode: code, transactionId });
      } catch (error) {
        throw new Refusal(
          503,
          'err.service.unavailable',
          `notify: the hub could not take subscription ${code}'s records: ${String(error)}`,
        );
      }
    }
    return transactionId;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const now = clock();
    const { pathname } = new URL(req.url ?? '/', 'http://receiver');
    const named = actionOfPath(pathname);
    if (req.method !== 'POST' || named === null) {
      send(res, 404, ackMessage('', now, { code: 'err.request.not_found', message: `${req.method} ${pathname}` }));
      return;
    }
    let json: unknown = null;
    try {
      try {
        json = JSON.parse(await readBody(req, (message) => new Refusal(413, 'err.request.bad', message)));
      } catch (error) {
        throw error instanceof Refusal ? error : new Refusal(400, 'err.request.bad', `the body is not JSON: ${(error as Error).message}`);
      }
      const action = field(json, 'header', 'action') ?? '';
      if (!ACTIONS.includes(action) || (named !== 'any' && named !== action)) {
        const want = named === 'any' ? ACTIONS.join(', ') : named;
        throw new Refusal(400, 'err.request.bad', `header.action is "${action}"; ${pathname} takes ${want}`);
      }
      const correlation = action === 'notify' ? await notify(json, now) : await reply(json, action as Action, now);
      send(res, 200, ackMessage(correlation, now));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      send(
        res,
        error.status,
        ackMessage(field(json, 'message', 'transaction_id') ?? '', now, { code: error.code, message: error.message }),
      );
    }
  };

  const handler = answering(handle) as SubscriptionHandler;
  handler.expect = waiting.add;
  handler.hold = (code) => void held.add(code);
  handler.release = (code) => void held.delete(code);
  handler.holds = (code) => held.has(code);
  return handler;
}

export interface SubscriptionReceiverOptions extends SubscriptionHandlerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** The sender_uri the registry should call, when it differs from the local one (a proxy in front). */
  readonly url?: string;
}

/** A standalone receiver on its own port. */
export async function startSubscriptionReceiver(options: SubscriptionReceiverOptions): Promise<SubscriptionReceiver> {
  const prefix = options.url ? new URL(options.url).pathname : '';
  const handler = subscriptionHandler(options, prefix);
  const host = options.host ?? '127.0.0.1';
  const server = await serve(handler, options.port ?? 0, host);
  return {
    url: options.url ?? `http://${host}:${server.port}`,
    expect: handler.expect,
    hold: handler.hold,
    release: handler.release,
    holds: handler.holds,
    close: server.close,
  };
}
