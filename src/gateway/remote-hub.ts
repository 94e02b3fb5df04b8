import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { isAsyncIterable } from '@graphql-tools/utils';
import { parse } from 'graphql';
import { createAuthenticator, type Authenticator } from '../auth/authenticate.js';
import { IDENTITY_HEADER, signIdentity } from '../auth/forwarded-identity.js';
import { viewerOfExecution } from '../auth/gateway.js';
import { ANONYMOUS } from '../auth/viewer.js';
import type { AuthConfig, QueryLimits } from '../config.js';
import type { BuiltSubgraph } from '../graphql/subgraph.js';
import { composeSubgraphs } from './compose.js';
import { servedHub, type Hub, type HubOptions } from './hub.js';
import { RateLimiter } from './rate-limit.js';
import { ResponseBudget } from './response-size.js';

/**
 * The gateway of split mode: the same runtime and limits as the single-process hub, its
 * subgraphs reached over HTTP (@graphql-mesh/transport-http) at the services' URLs, composed
 * from the SDL each service publishes. It opens no database: any number of gateway processes can
 * serve the same services.
 */
export interface RemoteHubOptions extends Pick<HubOptions, 'development' | 'soleSubgraphShortcut' | 'onSoleSubgraph'> {
  /** Subgraph name → its service's GraphQL URL (http://host:port/graphql). */
  readonly services: ReadonlyMap<string, string>;
  /** TRIBUTARY_SUBGRAPH_SECRET: signs the identity forwarded with every subgraph request. */
  readonly secret: string;
  readonly auth: AuthConfig;
  readonly limits: QueryLimits;
  /** How long to wait for a service that is not up yet (TRIBUTARY_SUBGRAPH_WAIT_MS): services may start after the gateway. */
  readonly waitMs: number;
}

async function fetchSdl(name: string, url: string, secret: string, deadline: number): Promise<string> {
  const sdlUrl = new URL('/sdl', url);
  for (;;) {
    let reason: string;
    try {
      const response = await fetch(sdlUrl, { headers: { [IDENTITY_HEADER]: signIdentity(secret, ANONYMOUS, '') } });
      if (response.ok) return await response.text();
      reason = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
      // A refusal will not change by waiting: the secrets differ, or the URL is not a subgraph service.
      if (response.status !== 503) throw new Error(reason);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      if (reason.startsWith('HTTP ')) throw new Error(`the ${name} subgraph service at ${sdlUrl.href} refused its SDL: ${reason}`);
    }
    if (Date.now() > deadline) throw new Error(`the ${name} subgraph service at ${sdlUrl.href} did not answer: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Signs the caller's identity onto every subgraph request, over the exact body sent. */
function useSignedIdentity(authenticator: Authenticator, secret: string): GatewayPlugin {
  return {
    async onFetch({ context, executionRequest, options, setOptions }) {
      const viewer = await viewerOfExecution(authenticator, executionRequest?.context ?? context);
      const body = typeof options.body === 'string' ? options.body : '';
      const headers = new Headers(options.headers as HeadersInit | undefined);
      headers.set(IDENTITY_HEADER, signIdentity(secret, viewer, body));
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}

/** Counts each subgraph's answer against its request, as the in-process transport does. */
function useSubgraphBudget(budget: ResponseBudget): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest, setExecutor }) {
      const context = executionRequest.context;
      if (budget.exceeded(context)) {
        setExecutor(() => ({ data: null, errors: [budget.tooLargeError()] }));
        return undefined;
      }
      return ({ result, setResult }) => {
        if (!isAsyncIterable(result)) setResult(budget.spend(context, result));
      };
    },
  };
}

export async function createRemoteHub(options: RemoteHubOptions): Promise<Hub> {
  const deadline = Date.now() + options.waitMs;
  const built = new Map<string, BuiltSubgraph>();
  const sdls = await Promise.all([...options.services].map(([name, url]) => fetchSdl(name, url, options.secret, deadline)));
  for (const [index, name] of [...options.services.keys()].entries()) {
    const typeDefs = parse(sdls[index] ?? '');
    built.set(name, { schema: buildSubgraphSchema([{ typeDefs }]), typeDefs, sdl: sdls[index] ?? '' });
  }
  const composed = composeSubgraphs(built, (name) => options.services.get(name) ?? '');
  const authenticator = await createAuthenticator(options.auth);
  const budget = new ResponseBudget(options.limits.maxResponseBytes);
  return servedHub(composed, {
    ...options,
    authenticator,
    budget,
    rateLimiter: options.limits.ratePerMinute > 0 ? new RateLimiter(options.limits.ratePerMinute) : null,
    // Downloads read the database, which the gateway of split mode does not open.
    downloads: null,
    transports: { http: httpTransport },
    // Never share one in-flight subgraph answer between two callers: the same query may be
    // answered differently for another viewer (executor-http's default would merge them).
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    transportPlugins: [useSignedIdentity(authenticator, options.secret), useSubgraphBudget(budget)],
  });
}
