import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ackMessage } from './envelope.js';

/**
 * What the hub's two DCI receivers (on-search callbacks, subscriptions) share: JSON answers, a
 * bounded body, an answer even when handling fails unexpectedly, listeners waiting per
 * transaction, and a standalone server on its own port.
 */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The request body as text; past MAX_BODY_BYTES the read stops with `tooLarge`'s error. */
export async function readBody(req: IncomingMessage, tooLarge: (message: string) => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw tooLarge(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A node:http handler from an async one: an unexpected failure is still answered (ERR, HTTP 500). */
export function answering(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, ackMessage('', new Date(), { code: 'err.service.unavailable', message: String(error) }));
    });
  };
}

/** One listener per transaction id; adding returns the function that removes that listener. */
export function waiters<L>() {
  const listeners = new Map<string, L>();
  return {
    get: (transactionId: string): L | undefined => listeners.get(transactionId),
    add(transactionId: string, listener: L): () => void {
      listeners.set(transactionId, listener);
      return () => {
        if (listeners.get(transactionId) === listener) listeners.delete(transactionId);
      };
    },
  };
}

/** Serves `handler` on `port` (0: a free one) of `host`; close also ends open connections. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
