import type { Transport } from '@graphql-mesh/transport-common';
import { compiledOperations } from './compiled-operations.js';
import type { ExecutionRequest, Executor } from '@graphql-tools/utils';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import { formatError } from '../graphql/errors.js';
import type { BuiltSubgraph, SubgraphModule } from '../graphql/subgraph.js';
import { bindSignal, cancellable, CancelledError } from './cancellation.js';
import type { ResponseBudget } from './response-size.js';

/**
 * Runs each subgraph in the gateway's own process. The gateway's planner sends it operations
 * through this transport instead of HTTP: the planner's parsed document is executed by graphql-js
 * on the subgraph's schema as it is — never printed back to text, parsed and validated again (the
 * planner derives it from the client's operation, which the gateway has validated against the
 * supergraph, limits included; variables are still coerced by `execute`) — and with no Apollo
 * Server pipeline or per-field instrumentation around it. Every subgraph operation gets a fresh
 * context (entity manager and loaders), exactly as over HTTP, with the viewer of the HTTP request
 * behind it (`viewerOf` reads the gateway's per-request context); errors are formatted as a
 * subgraph server formats them.
 */
export interface SubgraphServer {
  readonly module: SubgraphModule;
  /** The subgraph's schema, every resolver made to stop once its request is cancelled. */
  readonly schema: GraphQLSchema;
  run(request: SubgraphRequest, contextValue: object): Promise<ExecutionResult>;
}

export interface SubgraphRequest {
  readonly document: DocumentNode;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/**
 * What Apollo Server sends for an error (its `normalizeAndFormatErrors`): the error's JSON with a
 * code (INTERNAL_SERVER_ERROR when it has none), a stack trace in development, then the hub's
 * `formatError`; a formatter that throws gives a bare internal error.
 */
function formatted(error: GraphQLError, development: boolean): GraphQLFormattedError {
  try {
    const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    delete extensions.http;
    if (development) extensions.stacktrace = error.stack?.split('\n');
    return formatError({ ...error.toJSON(), extensions }, error, development);
  } catch {
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

/**
 * graphql-jit reports errors as its own objects (they inherit GraphQLError's prototype, but carry
 * extensions only when the original error had some): made graphql-js errors again, so they are
 * formatted exactly as graphql-js's own, a domain error keeping its code.
 */
function asGraphqlError(error: GraphQLError): GraphQLError {
  // graphql-js always gives an error extensions (empty at least); graphql-jit may not.
  if ((error.extensions as GraphQLError['extensions'] | undefined) !== undefined) return error;
  const { message, path, locations, originalError, extensions } = error as Partial<GraphQLError> & { message: string };
  const converted = new GraphQLError(message, {
    path,
    originalError: originalError instanceof Error ? originalError : undefined,
    extensions: originalError instanceof GraphQLError ? undefined : extensions,
  });
  if (locations) Object.defineProperty(converted, 'locations', { value: locations, enumerable: true });
  return converted;
}

export function subgraphServer(module: SubgraphModule, built: BuiltSubgraph, development: boolean): SubgraphServer {
  const schema = cancellable(built.schema);
  const compiled = compiledOperations(schema);
  return {
    module,
    schema,
    async run({ document, variables, operationName }, contextValue) {
      const query = compiled.get(document, operationName);
      const result = query
        ? await query.query(undefined, contextValue, variables)
        : await execute({ schema, document, variableValues: variables, operationName, contextValue });
      if (!result.errors?.length) return result;
      // As a remote subgraph's errors reach the gateway: formatted, then read back as GraphQL errors.
      const errors = result.errors.map((error) => {
        const { message, path, extensions } = formatted(asGraphqlError(error), development);
        return new GraphQLError(message, { path, extensions });
      });
      return { ...result, errors };
    },
  };
}

/** What an anonymous request gets from a domain that is not public: a request to sign in. */
export function signInFirst(subgraphName: string): ExecutionResult {
  return {
    data: null,
    errors: [
      new GraphQLError(`the ${subgraphName} domain needs a signed-in caller: send an Authorization: Bearer token or an X-Api-Key header`, {
        extensions: { code: 'UNAUTHENTICATED', domain: subgraphName },
      }),
    ],
  };
}

/** The HTTP request's signal (aborted when the client leaves or the deadline passes), as the gateway hands it on. */
function signalOf(request: ExecutionRequest): AbortSignal | undefined {
  const context = request.context as { request?: { signal?: AbortSignal } } | undefined;
  return request.signal ?? request.info?.signal ?? context?.request?.signal;
}

export function inProcessTransport(
  servers: ReadonlyMap<string, SubgraphServer>,
  orm: Orm,
  viewerOf: (gatewayContext: unknown) => Promise<Viewer>,
  /** The domains an anonymous request may read (TRIBUTARY_PUBLIC_DOMAINS); the rest need credentials. */
  publicDomains: readonly string[],
  budget: ResponseBudget,
): Transport {
  return {
    getSubgraphExecutor({ subgraphName }) {
      const target = servers.get(subgraphName);
      if (!target) throw new Error(`no in-process subgraph named ${subgraphName}`);
      const execute = async (request: ExecutionRequest): Promise<ExecutionResult> => {
        const viewer = await viewerOf(request.context);
        if (viewer.via === 'anonymous' && !publicDomains.includes(subgraphName)) return signInFirst(subgraphName);
        const signal = signalOf(request);
        if (signal?.aborted) return { data: null, errors: [new CancelledError(signal.reason)] };
        if (budget.exceeded(request.context)) return { data: null, errors: [budget.tooLargeError()] };
        const contextValue = target.module.createContext(orm, viewer);
        bindSignal(contextValue, signal);
        const result = await target.run(
          {
            document: request.document,
            variables: request.variables as Record<string, unknown> | undefined,
            operationName: request.operationName,
          },
          contextValue,
        );
        return budget.spend(request.context, result);
      };
      return execute as Executor;
    },
  };
}
