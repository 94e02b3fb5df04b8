import type { IncomingMessage, ServerResponse } from 'node:http';
import { ackMessage, parseSearchResponse, type SearchResponseEnvelope } from './envelope.js';
import { DciError } from './errors.js';
import { answering, readBody, sendJson as send, serve, waiters } from './receiver-kit.js';
import { verifyEnvelope, type KeyResolver } from './signature.js';

/**
 * The hub's end of an async search: the registry POSTs each page of results to
 * `/registry/on-search`. The handler verifies the signature, parses the message, and hands it to
 * whoever waits for that transaction_id; it answers every POST with a DCI ack (ACK, or ERR with a
 * spec error code). A message with a bad signature is refused, and if it names a transaction that
 * is waited for, that search fails at once with BAD_SIGNATURE rather than waiting for its timeout:
 * a wrong key is a configuration fault to surface, and a forged message can at worst make the pull
 * fail (and be retried), never feed records into it.
 */
export type CallbackEvent = { readonly envelope: SearchResponseEnvelope } | { readonly error: DciError };
export type CallbackListener = (event: CallbackEvent) => void;

export interface CallbackHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Wait for messages of one transaction; returns the function that stops listening. */
  listen(transactionId: string, listener: CallbackListener): () => void;
}

export interface CallbackReceiver {
  /** The URL to give the registry as header.sender_uri. */
  readonly url: string;
  listen(transactionId: string, listener: CallbackListener): () => void;
  close(): Promise<void>;
}

function transactionOf(json: unknown): string | null {
  const id = (json as { message?: { transaction_id?: unknown } } | null)?.message?.transaction_id;
  return typeof id === 'string' ? id : null;
}

/** The node:http handler for `path` (mountable in another server); other paths answer 404. */
export function onSearchHandler(keys: KeyResolver, path = '/registry/on-search'): CallbackHandler {
  const listeners = waiters<CallbackListener>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const now = new Date();
    const url = new URL(req.url ?? '/', 'http://callback');
    if (req.method !== 'POST' || url.pathname !== path) {
      send(res, 404, { errors: [{ code: 'err.request.not_found', message: `${req.method} ${url.pathname}` }] });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(await readBody(req, (message) => new Error(message)));
    } catch (error) {
      send(res, 400, ackMessage('', now, { code: 'err.request.bad', message: (error as Error).message }));
      return;
    }
    const transactionId = transactionOf(json);
    const listener = transactionId === null ? undefined : listeners.get(transactionId);
    try {
      await verifyEnvelope(json, keys, 'on-search callback', now);
      const envelope = parseSearchResponse(json, 'on-search callback');
      if (!listener) {
        send(res, 404, ackMessage('', now, { code: 'err.request.not_found', message: `no search waits for transaction ${transactionId}` }));
        return;
      }
      send(res, 200, ackMessage(envelope.message.transaction_id, now));
      listener({ envelope });
    } catch (error) {
      if (!(error instanceof DciError)) throw error;
      const code = error.dciCode === 'BAD_SIGNATURE' ? 'err.signature.invalid' : 'err.request.bad';
      send(res, 400, ackMessage(transactionId ?? '', now, { code, message: error.message }));
      listener?.({ error });
    }
  };

  const handler = answering(handle) as CallbackHandler;
  handler.listen = listeners.add;
  return handler;
}

export interface CallbackOptions {
  readonly keys: KeyResolver;
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** The URL the registry should call, when it differs from the local one (a proxy in front). */
  readonly url?: string;
}

/** A standalone receiver on its own port. */
export async function startCallbackReceiver(options: CallbackOptions): Promise<CallbackReceiver> {
  const path = options.url ? new URL(options.url).pathname : '/registry/on-search';
  const handler = onSearchHandler(options.keys, path);
  const host = options.host ?? '127.0.0.1';
  const server = await serve(handler, options.port ?? 0, host);
  return { url: options.url ?? `http://${host}:${server.port}${path}`, listen: handler.listen, close: server.close };
}
