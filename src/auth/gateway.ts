import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Authenticator } from './authenticate.js';
import { ANONYMOUS, type Viewer } from './viewer.js';

/**
 * Authentication at the gateway's door: every GraphQL request is authenticated before it is
 * parsed, so bad credentials get one 401 answer with `UNAUTHENTICATED` (Yoga turns the error's
 * `http` extension into the status) rather than one error per subgraph. GraphiQL's page is served
 * before this hook and stays reachable.
 */
export function useAuthentication(authenticator: Authenticator): GatewayPlugin {
  return {
    async onRequestParse({ request }) {
      await authenticator.viewerOf(request);
    },
  };
}

/**
 * The viewer behind a subgraph execution: the gateway hands each executor its per-request
 * context, which holds the incoming `request`. The authentication above already ran for it, so
 * this is a cache hit. An execution without an HTTP request has no credentials: anonymous.
 */
export function viewerOfExecution(authenticator: Authenticator, context: unknown): Promise<Viewer> {
  const request = (context as { request?: Request } | null | undefined)?.request;
  return request && typeof request === 'object' && 'headers' in request ? authenticator.viewerOf(request) : Promise.resolve(ANONYMOUS);
}
