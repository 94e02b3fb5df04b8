import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { Transport } from '@graphql-mesh/transport-common';
import type { ExecutionRequest, Executor } from '@graphql-tools/utils';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { Orm } from '../db/orm.js';
import { formatError } from '../graphql/errors.js';
import type { BuiltSubgraph, SubgraphModule } from '../graphql/subgraph.js';
import { bindSignal, cancellable, CancelledError } from './cancellation.js';
import type { ResponseBudget } from './response-size.js';

/**
 * Runs each subgraph as an Apollo Server in the gateway's own process. The gateway's planner
 * sends it operations through this transport instead of HTTP; every subgraph operation gets a
 * fresh context (entity manager and loaders), exactly as over HTTP, with the viewer of the HTTP
 * request behind it (`viewerOf` reads the gateway's per-request context).
 */
export interface SubgraphServer {
  readonly module: SubgraphModule;
  readonly server: ApolloServer<object>;
}

export function subgraphServer(module: SubgraphModule, built: BuiltSubgraph, development: boolean): SubgraphServer {
  const server = new ApolloServer<object>({
    schema: cancellable(built.schema),
    formatError: (formatted, error) => formatError(formatted, error, development),
    includeStacktraceInErrorResponses: development,
    // Traces are for Apollo's hosted service; the hub reports nothing anywhere.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  return { module, server };
}

/** What an anonymous request gets from a domain that is not public: a request to sign in. */
function signInFirst(subgraphName: string): ExecutionResult {
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
        const response = await target.server.executeOperation(
          {
            query: request.document,
            variables: request.variables as Record<string, unknown> | undefined,
            operationName: request.operationName,
          },
          { contextValue },
        );
        if (response.body.kind !== 'single') throw new Error(`subgraph ${subgraphName} answered with an incremental result`);
        return budget.spend(request.context, response.body.singleResult as ExecutionResult);
      };
      return execute as Executor;
    },
  };
}
