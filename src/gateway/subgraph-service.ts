import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GraphQLError, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql';
import { IDENTITY_HEADER, UnsignedRequestError, verifyIdentity } from '../auth/forwarded-identity.js';
import type { Orm } from '../db/orm.js';
import type { SubgraphModule } from '../graphql/subgraph.js';
import { bindSignal } from './cancellation.js';
import { signInFirst, subgraphServer } from './in-process.js';

/**
 * One subgraph as an HTTP service of its own (split mode): GraphQL over HTTP at /graphql for the
 * gateway, GET /health for the process supervisor, GET /sdl for the gateway's composition.
 *
 * It executes with the hub's own SubgraphServer, as the single-process hub does, rather than an
 * Apollo Server: the same compiled operations, cancellation and error formatting, so both modes
 * give the same answers by construction, with no second request pipeline in between. The
 * gateway applies every limit before it calls; what a service adds is the door: every request but
 * /health carries the caller's identity signed by the gateway (auth/forwarded-identity.ts), or is
 * answered 401.
 */
export interface SubgraphServiceOptions {
  readonly module: SubgraphModule;
  readonly orm: Orm;
  readonly secret: string;
  readonly development: boolean;
  /** The domains an anonymous caller may read (TRIBUTARY_PUBLIC_DOMAINS), as the single-process hub. */
  readonly publicDomains: readonly string[];
  /** Largest request body, in bytes (TRIBUTARY_MAX_REQUEST_BYTES). */
  readonly maxRequestBytes: number;
}

/** Parsed and validated operations by their text: the gateway sends the same few again and again. */
const DOCUMENT_CACHE_SIZE = 1000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `the request is larger than ${maxBytes} bytes`, 'REQUEST_TOO_LARGE');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: string, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8` }).end(body);
}

function sendError(response: ServerResponse, status: number, message: string, code: string): void {
  send(response, status, JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

interface GraphqlParams {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

function paramsOf(body: Buffer): GraphqlParams {
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not JSON', 'BAD_REQUEST');
  }
  const { query, variables, operationName } = (params ?? {}) as Record<string, unknown>;
  const object = (value: unknown) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
  if (typeof query !== 'string' || !object(variables) || !(operationName == null || typeof operationName === 'string')) {
    throw new HttpError(400, 'expected {"query": string, "variables"?: object, "operationName"?: string}', 'BAD_REQUEST');
  }
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: (operationName ?? undefined) as string | undefined,
  };
}

export async function serveSubgraph(options: SubgraphServiceOptions, port: number, host: string): Promise<Server> {
  const { module, orm, secret } = options;
  const built = await module.build();
  const server = subgraphServer(module, built, options.development);
  const documents = new Map<string, DocumentNode>();

  function documentOf(query: string): DocumentNode | readonly GraphQLError[] {
    const cached = documents.get(query);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(server.schema, document);
    if (errors.length) return errors;
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value ?? '');
    documents.set(query, document);
    return document;
  }

  async function graphql(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const signed = request.headers[IDENTITY_HEADER]?.toString() ?? null;
    // An unsigned request is refused before its body is read.
    if (!signed) verifyIdentity(secret, signed, '');
    const body = await readBody(request, options.maxRequestBytes);
    const viewer = verifyIdentity(secret, signed, body);
    const { query, variables, operationName } = paramsOf(body);
    let result: ExecutionResult;
    const document = documentOf(query);
    if (!('kind' in document)) {
      send(response, 400, JSON.stringify({ errors: document }));
      return;
    }
    if (viewer.via === 'anonymous' && !options.publicDomains.includes(module.name)) {
      result = signInFirst(module.name);
    } else {
      // The gateway closes the connection when its caller leaves or its deadline passes: stop then.
      const cancel = new AbortController();
      response.once('close', () => cancel.abort(new Error('the gateway closed the request')));
      const contextValue = module.createContext(orm, viewer);
      bindSignal(contextValue, cancel.signal);
      result = await server.run({ document, variables, operationName }, contextValue);
    }
    send(response, 200, JSON.stringify(result));
  }

  async function health(response: ServerResponse): Promise<void> {
    const database = await (async () => {
      // The pool connects on first use: a service asked for its health before any query connects it.
      if (!(await orm.isConnected())) await orm.connect();
      return orm.checkConnection();
    })().catch(() => ({ ok: false }));
    if (database.ok) send(response, 200, JSON.stringify({ status: 'ok', subgraph: module.name }));
    else send(response, 503, JSON.stringify({ status: 'database unreachable', subgraph: module.name }));
  }

  const http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://subgraph').pathname;
    const handled = (async () => {
      if (request.method === 'GET' && path === '/health') return health(response);
      if (request.method === 'GET' && path === '/sdl') {
        verifyIdentity(secret, request.headers[IDENTITY_HEADER]?.toString() ?? null, '');
        return send(response, 200, built.sdl, 'text/plain');
      }
      if (path !== '/graphql') throw new HttpError(404, `no ${path} here: /graphql, /health or /sdl`, 'NOT_FOUND');
      if (request.method !== 'POST') throw new HttpError(405, 'POST a JSON GraphQL request to /graphql', 'METHOD_NOT_ALLOWED');
      return graphql(request, response);
    })();
    handled.catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof UnsignedRequestError) return sendError(response, 401, error.message, error.code);
      if (error instanceof HttpError) return sendError(response, error.status, error.message, error.code);
      process.stderr.write(`${module.name} subgraph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      sendError(response, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use; give --port a free one`) : error),
    );
    http.listen(port, host, () => resolve());
  });
  return http;
}
