import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ackMessage, parseSearchRequest, type SearchRequestEnvelope } from '../../../connectors/registry/dci/envelope.js';
import {
  parseSubscribeRequest,
  parseUnsubscribeRequest,
  type SubscribeCriteria,
  type SubscribeRequestEnvelope,
  type UnsubscribeRequestEnvelope,
} from '../../../connectors/registry/dci/subscription-messages.js';
import { DciError } from '../../../connectors/registry/dci/errors.js';
import { publicJwk, signEnvelope, staticKeys, verifyEnvelope, type Jwks } from '../../../connectors/registry/dci/signature.js';
import { example, defaultRecords, type Json } from './records.js';
import { selectRecords } from './query.js';
import { sample } from '../sample-data.js';

/**
 * A local DCI registry (social registry or IBR) for tests: OAuth2 token endpoint, JWKS, sync and
 * async search, and event subscription (subscribe → on-subscribe, unsubscribe → on-unsubscribe, and
 * notify when a test calls `notify`). Answers are built on the real example answer envelope, signed
 * with the double's own ed25519 key; the hub's requests must carry a valid bearer token and
 * signature. The subscribe ack is the published DR example's (dr/processflow4res.json): the social
 * and IBR examples have no subscription flow.
 *
 * Callbacks of a subscription go to `{sender_uri}/registry/{on-subscribe|notify|on-unsubscribe}`,
 * and a notify names its subscription in each notify_event's `subscription_code` (the spec's
 * NotifyEventRequest has no place for it).
 */
export type Fault = 'bad-signature' | 'no-signature' | 'fail' | 'reject' | 'wrong-transaction' | 'silent';

export interface DciDoubleOptions {
  readonly registry: 'social' | 'ibr';
  /** The registry's DCI id (header.sender_id of its answers). */
  readonly registryId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** The hub's public keys, to check request signatures. */
  readonly clientKeys: Jwks;
  readonly records?: Json[];
  readonly tokenLifetimeS?: number;
}

export interface DoubleSubscription {
  readonly code: string;
  /** The subscriber's header.sender_uri. */
  readonly senderUri: string;
  readonly subscriberId: string;
  readonly criteria: SubscribeCriteria;
  active: boolean;
}

export interface NotifyOptions {
  /** Where to POST (default: the subscription's sender_uri + /registry/notify). */
  readonly url?: string;
  /** reg_record_type (default Group / Beneficiary). */
  readonly recordType?: string;
  /** Name the subscription in header.meta.subscription_code instead of the events. */
  readonly codeInMeta?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: unknown;
}

export interface DciDouble {
  readonly url: string;
  readonly jwksUrl: string;
  readonly tokenUrl: string;
  readonly registryId: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every callback sent (on-search, on-subscribe, notify, on-unsubscribe): the URL, the HTTP status the hub answered, its body. */
  readonly callbacks: { url: string; status: number; body: unknown }[];
  /** Every subscription made, in order; unsubscribing makes it inactive. */
  readonly subscriptions: DoubleSubscription[];
  /**
   * Send a signed /registry/notify with these records for a subscription (active or not: a test
   * may play a registry that notifies after an unsubscribe); resolves with the hub's answer.
   */
  notify(subscriptionCode: string, records: Json[], options?: NotifyOptions): Promise<{ status: number; body: unknown }>;
  /** What to get wrong next (until set back to null). */
  fault: Fault | null;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<{ text: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return { text: Buffer.concat(chunks).toString('utf8') };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const httpError = (code: string, message: string) => ({ errors: [{ code, message }] });

export async function startDciDouble(options: DciDoubleOptions): Promise<DciDouble> {
  const registryId = options.registryId ?? (options.registry === 'social' ? 'social-registry' : 'ibr');
  const clientId = options.clientId ?? 'tributary';
  const clientSecret = options.clientSecret ?? 's3cret';
  const records = options.records ?? defaultRecords(options.registry);
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = { key: privateKey as KeyObject, kid: `${registryId}-key-1`, senderId: registryId };
  const clientKeys = staticKeys(options.clientKeys);
  const tokens = new Set<string>();
  // The real example answer is the template of every answer the double sends.
  const template = example(options.registry, options.registry === 'social' ? 'processflow1-1res.json' : 'processflow4res.json');

  const double: DciDouble = {
    url: '',
    jwksUrl: '',
    tokenUrl: '',
    registryId,
    requests: [],
    callbacks: [],
    subscriptions: [],
    fault: null,
    notify: () => Promise.reject(new Error('not started')),
    close: () => Promise.resolve(),
  };

  /** Signed, or spoilt as `fault` says. */
  const signed = (header: Json, message: Json): Json => {
    const envelope = signEnvelope({ header, message }, signer);
    if (double.fault === 'no-signature') return { header, message };
    if (double.fault === 'bad-signature') return { ...envelope, message: { ...message, tampered: true } };
    return envelope;
  };

  /** One page of results as a signed on-search message. */
  const answer = (request: SearchRequestEnvelope): Json => {
    const item = request.message.search_request[0];
    if (!item) throw new Error('no search_request');
    const { page_size, page_number } = item.search_criteria.pagination;
    const size = page_size > 0 ? page_size : records.length;
    const matching = selectRecords(records, item.search_criteria);
    const page = matching.slice((page_number - 1) * size, page_number * size);
    const reject = double.fault === 'reject';
    const header = {
      ...(template.header as Json),
      message_id: randomUUID(),
      message_ts: new Date().toISOString(),
      action: 'on-search',
      status: reject ? 'rjct' : 'succ',
      total_count: 1,
      completed_count: 1,
      sender_id: registryId,
      receiver_id: request.header.sender_id,
    };
    const message = {
      transaction_id: double.fault === 'wrong-transaction' ? randomUUID() : request.message.transaction_id,
      correlation_id: `corr-${request.message.transaction_id}`,
      search_response: [
        {
          reference_id: item.reference_id,
          timestamp: new Date().toISOString(),
          status: reject ? 'rjct' : 'succ',
          ...(reject
            ? { status_reason_code: 'rjct.search_criteria.invalid', status_reason_message: 'the double was told to reject' }
            : {
                data: {
                  version: '1.0.0',
                  reg_type: `ns:org:RegistryType:${options.registry}`,
                  reg_record_type: options.registry === 'social' ? 'Group' : 'Beneficiary',
                  reg_records: page,
                },
                pagination: { page_size: size, page_number, total_count: matching.length },
              }),
        },
      ],
    };
    const signed = signEnvelope({ header, message }, signer);
    if (double.fault === 'no-signature') return { header, message };
    if (double.fault === 'bad-signature') return { ...signed, message: { ...message, correlation_id: 'tampered' } };
    return signed;
  };

  const sendCallbacks = async (request: SearchRequestEnvelope): Promise<void> => {
    const url = request.header.sender_uri ?? '';
    const item = request.message.search_request[0];
    if (!item || double.fault === 'silent') return;
    const size = item.search_criteria.pagination.page_size || records.length;
    const total = selectRecords(records, item.search_criteria).length;
    const pages = Math.max(1, Math.ceil(total / size));
    for (let number = 1; number <= pages; number++) {
      const paged = { ...item, search_criteria: { ...item.search_criteria, pagination: { page_size: size, page_number: number } } };
      const body = answer({ ...request, message: { ...request.message, search_request: [paged] } });
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      double.callbacks.push({ url, status: res.status, body: await res.json() });
    }
  };

  const checkRequest = async <T = SearchRequestEnvelope>(
    req: IncomingMessage,
    res: ServerResponse,
    json: unknown,
    parse: (json: unknown, source: string) => T = parseSearchRequest as (json: unknown, source: string) => T,
    source = 'search request',
  ): Promise<T | null> => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !tokens.has(token)) {
      send(res, 401, httpError('err.request.unauthorized', 'no valid bearer token'));
      return null;
    }
    try {
      await verifyEnvelope(json, clientKeys, source);
      return parse(json, source);
    } catch (error) {
      if (!(error instanceof DciError)) throw error;
      const code = error.dciCode === 'BAD_SIGNATURE' ? 'err.signature.invalid' : 'err.request.bad';
      send(res, 400, httpError(code, error.message));
      return null;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://double').pathname;
    const { text } = await readJson(req);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // a form (token endpoint) stays text
    }
    double.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization ?? null, body });

    if (req.method === 'GET' && path === '/.well-known/jwks.json') return send(res, 200, { keys: [publicJwk(privateKey, signer.kid)] });
    if (req.method !== 'POST') return send(res, 404, httpError('err.request.not_found', path));
    if (path === '/oauth2/client/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret)
        return send(res, 401, { error: 'invalid_client' });
      const token = randomUUID();
      tokens.add(token);
      return send(res, 200, { access_token: token, token_type: 'bearer', expires_in: String(options.tokenLifetimeS ?? 3600) });
    }
    if (path === '/registry/subscribe' || path === '/registry/unsubscribe') return subscription(req, res, path, body);
    if (path !== '/registry/sync/search' && path !== '/registry/search') return send(res, 404, httpError('err.request.not_found', path));
    if (double.fault === 'fail') return send(res, 503, httpError('err.service.unavailable', 'the double was told to fail'));
    const request = await checkRequest(req, res, body);
    if (!request) return;
    if (path === '/registry/sync/search') return send(res, 200, answer(request));
    if (!request.header.sender_uri)
      return send(res, 400, ackMessage('', new Date(), { code: 'err.sender_uri.invalid', message: 'no sender_uri' }));
    send(res, 200, {
      header: { ...(template.header as Json), status: 'rcvd', sender_id: registryId },
      ...ackMessage(`corr-${request.message.transaction_id}`, new Date()),
    });
    setImmediate(() => void sendCallbacks(request).catch(() => undefined));
  };

  const callbackHeader = (action: string, receiverId: string, status: string): Json => ({
    version: '1.0.0',
    message_id: randomUUID(),
    message_ts: new Date().toISOString(),
    action,
    status,
    total_count: 1,
    completed_count: 1,
    sender_id: registryId,
    receiver_id: receiverId,
    is_msg_encrypted: false,
  });

  const callback = async (senderUri: string, action: string, body: Json): Promise<{ status: number; body: unknown }> => {
    const url = `${senderUri.replace(/\/+$/, '')}/registry/${action}`;
    return post(url, body);
  };

  const post = async (url: string, body: Json): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = { url, status: res.status, body: (await res.json()) as unknown };
    double.callbacks.push(answer);
    return { status: answer.status, body: answer.body };
  };

  const onSubscribe = (request: SubscribeRequestEnvelope): Json => {
    const item = request.message.subscribe_request[0];
    if (!item) throw new Error('no subscribe_request');
    const reject = double.fault === 'reject';
    const code = `sub-${randomUUID()}`;
    if (!reject) {
      const { sender_id, sender_uri } = request.header;
      double.subscriptions.push({
        code,
        senderUri: sender_uri ?? '',
        subscriberId: sender_id,
        criteria: item.subscribe_criteria,
        active: true,
      });
    }
    const timestamp = new Date().toISOString();
    const status = reject ? 'rjct' : 'succ';
    return signed(callbackHeader('on-subscribe', request.header.sender_id, status), {
      transaction_id: request.message.transaction_id,
      correlation_id: `corr-${request.message.transaction_id}`,
      subscribe_response: [
        {
          reference_id: item.reference_id,
          timestamp,
          status,
          ...(reject
            ? { status_reason_code: 'rjct.event.already_subscribed', status_reason_message: 'the double was told to reject' }
            : { subscriptions: [{ version: '1.0.0', code, status: 'subscribe', timestamp, ...item.subscribe_criteria }] }),
        },
      ],
    });
  };

  const onUnsubscribe = (request: UnsubscribeRequestEnvelope): Json => {
    const codes = request.message.subscription_codes;
    const mine = (code: string) => double.subscriptions.find((s) => s.code === code && s.subscriberId === request.header.sender_id);
    const unknown = codes.filter((code) => !mine(code)?.active);
    const reject = double.fault === 'reject' || unknown.length > 0;
    if (!reject) for (const code of codes) (mine(code) as DoubleSubscription).active = false;
    return signed(callbackHeader('on-unsubscribe', request.header.sender_id, reject ? 'rjct' : 'succ'), {
      transaction_id: request.message.transaction_id,
      correlation_id: `corr-${request.message.transaction_id}`,
      timestamp: new Date().toISOString(),
      status: reject ? 'rjct' : 'succ',
      ...(reject
        ? {
            status_reason_code: unknown.length > 0 ? 'rjct.subscription_code.invalid' : 'rjct.requester.invalid',
            status_reason_message: unknown.length > 0 ? `no active subscription ${unknown.join(', ')}` : 'the double was told to reject',
          }
        : { subscription_status: codes.map((code) => ({ code, status: 'unsubscribe' })) }),
    });
  };

  const subscription = async (req: IncomingMessage, res: ServerResponse, path: string, body: unknown): Promise<void> => {
    if (double.fault === 'fail') return send(res, 503, httpError('err.service.unavailable', 'the double was told to fail'));
    const subscribe = path === '/registry/subscribe';
    const request = subscribe
      ? await checkRequest(req, res, body, parseSubscribeRequest, 'subscribe request')
      : await checkRequest(req, res, body, parseUnsubscribeRequest, 'unsubscribe request');
    if (!request) return;
    const senderUri = request.header.sender_uri;
    if (!senderUri) return send(res, 400, ackMessage('', new Date(), { code: 'err.sender_uri.invalid', message: 'no sender_uri' }));
    // The published DR subscribe ack, addressed to this subscriber.
    const template = JSON.parse(readFileSync(sample('registry', 'dci', 'examples', 'dr', 'processflow4res.json'), 'utf8')) as Json;
    const header = { ...(template.header as Json), message_id: randomUUID(), message_ts: new Date().toISOString(), action: path.slice(10) };
    send(res, 200, {
      header: { ...header, sender_id: registryId, receiver_id: request.header.sender_id },
      message: { ...(template.message as Json), timestamp: new Date().toISOString(), correlation_id: request.message.transaction_id },
    });
    if (double.fault === 'silent') return;
    const answer = subscribe ? onSubscribe(request as SubscribeRequestEnvelope) : onUnsubscribe(request as UnsubscribeRequestEnvelope);
    setImmediate(() => void callback(senderUri, subscribe ? 'on-subscribe' : 'on-unsubscribe', answer).catch(() => undefined));
  };

  double.notify = (code, notified, notifyOptions = {}) => {
    const held = double.subscriptions.find((s) => s.code === code) ?? double.subscriptions.at(-1);
    const url = notifyOptions.url ?? (held ? `${held.senderUri.replace(/\/+$/, '')}/registry/notify` : null);
    if (!url) return Promise.reject(new Error(`the double holds no subscription to notify (${code})`));
    const header = callbackHeader('notify', held?.subscriberId ?? 'tributary', 'succ');
    const event = {
      reference_id: randomUUID(),
      timestamp: new Date().toISOString(),
      ...(notifyOptions.codeInMeta ? {} : { subscription_code: code }),
      data: {
        version: '1.0.0',
        reg_type: `ns:org:RegistryType:${options.registry}`,
        reg_record_type: notifyOptions.recordType ?? (options.registry === 'social' ? 'Group' : 'Beneficiary'),
        reg_records: notified,
      },
    };
    const meta = notifyOptions.codeInMeta ? { meta: { subscription_code: code } } : {};
    return post(url, signed({ ...header, ...meta }, { transaction_id: randomUUID(), notify_event: [event] }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, httpError('err.service.unavailable', String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(double, {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    tokenUrl: `${url}/oauth2/client/token`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
