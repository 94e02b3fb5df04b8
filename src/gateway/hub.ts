import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createGatewayRuntime, type GatewayConfig, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { createAuthenticator, type Authenticator } from '../auth/authenticate.js';
import { useAuthentication, viewerOfExecution } from '../auth/gateway.js';
import { loadConfig, type AuthConfig, type IatiPublisher, type QueryLimits } from '../config.js';
import type { Orm } from '../db/orm.js';
import { DownloadTickets } from '../export/http/tickets.js';
import { createDownloads, type Downloads } from '../export/http/downloads.js';
import type { SubgraphModule } from '../graphql/subgraph.js';
import { composeHub, type ComposedHub } from './compose.js';
import { GRAPHIQL_OPTIONS } from './graphiql.js';
import { inProcessTransport, subgraphServer, type SubgraphServer } from './in-process.js';
import { shapeLimitPlugins, useTextArguments } from './limits.js';
import { RateLimiter, useRateLimit } from './rate-limit.js';
import { useJsonPostsOnly } from './request-guards.js';
import { ResponseBudget } from './response-size.js';
import { useSoleSubgraphExecution } from './sole-subgraph-execution.js';
import { subgraphs as registered } from './subgraphs.js';

/**
 * The hub: the composed supergraph served by Hive Gateway, with every subgraph executed in this
 * process (or, in split mode, reached over HTTP: remote-hub.ts). `gateway` is a fetch-style
 * handler, mounted by `serve.ts` on node:http.
 */
export interface Hub {
  readonly composed: ComposedHub;
  readonly gateway: GatewayRuntime;
  /** The file downloads under /export/ (node:http handlers, mounted by serve.ts); null where the gateway has no database (split mode). */
  readonly downloads: Downloads | null;
  close(): Promise<void>;
}

export interface HubOptions {
  readonly development: boolean;
  readonly modules?: readonly SubgraphModule[];
  /** Who may call with which role (default: the environment's, read through src/config.ts). */
  readonly auth?: AuthConfig;
  /** What one request may ask (default: the environment's, read through src/config.ts). */
  readonly limits?: QueryLimits;
  /**
   * Whether an operation one subgraph answers alone goes straight to it (default true; see
   * sole-subgraph-execution.ts). Off, every operation is planned by the gateway, as a reference.
   */
  readonly soleSubgraphShortcut?: boolean;
  /** Told the subgraph each time an operation takes that shortcut (tests and debugging). */
  readonly onSoleSubgraph?: (subgraph: string) => void;
  /** Who the hub is when it publishes IATI (/export/iati; default: the environment's). */
  readonly iatiPublisher?: IatiPublisher | null;
  /** Where each download's line goes (who took which file; default: standard error). */
  readonly downloadLog?: (line: string) => void;
  /** How long a download's client may take nothing before it is cut off (default 30 s; tests shorten it). */
  readonly downloadStallMs?: number;
  /** How long a download ticket lives (default 30 s; tests shorten it). */
  readonly downloadTicketMs?: number;
}

export async function createHub(orm: Orm, options: HubOptions): Promise<Hub> {
  const modules = options.modules ?? registered;
  const composed = await composeHub(modules);
  // Without `auth` (serve.ts, tests/support/hub.ts): the environment's, read by src/config.ts.
  const auth = options.auth ?? loadConfig().auth;
  const limits = options.limits ?? loadConfig().limits;
  const authenticator = await createAuthenticator(auth);
  const servers = new Map<string, SubgraphServer>();
  for (const module of modules) {
    const built = composed.subgraphs.get(module.name);
    if (!built) continue;
    servers.set(module.name, subgraphServer(module, built, options.development));
  }
  const budget = new ResponseBudget(limits.maxResponseBytes);
  const rateLimiter = limits.ratePerMinute > 0 ? new RateLimiter(limits.ratePerMinute) : null;
  const downloads = createDownloads({
    orm,
    authenticator,
    limits,
    rateLimiter,
    iatiPublisher: options.iatiPublisher === undefined ? loadConfig().iatiPublisher : options.iatiPublisher,
    log: options.downloadLog ?? ((line) => process.stderr.write(`${line}\n`)),
    stallMs: options.downloadStallMs,
    tickets: new DownloadTickets(options.downloadTicketMs),
  });
  const viewerOf = (context: unknown) => viewerOfExecution(authenticator, context);
  const transport = inProcessTransport(servers, orm, viewerOf, auth.publicDomains ?? [], budget);
  return servedHub(composed, { ...options, limits, authenticator, budget, rateLimiter, downloads, transports: () => transport });
}

/** What the gateway runtime is given besides the supergraph: how it reaches the subgraphs, and what guards them. */
export interface GatewaySetup extends Pick<HubOptions, 'development' | 'soleSubgraphShortcut' | 'onSoleSubgraph'> {
  readonly limits: QueryLimits;
  readonly authenticator: Authenticator;
  readonly budget: ResponseBudget;
  /** One budget per caller, shared by /graphql and the downloads (null: no rate limit). */
  readonly rateLimiter: RateLimiter | null;
  readonly downloads: Downloads | null;
  readonly transports: GatewayConfig['transports'];
  readonly transportEntries?: GatewayConfig['transportEntries'];
  /** Plugins the transport needs (split mode: signing the forwarded identity, counting answers). */
  readonly transportPlugins?: readonly GatewayPlugin[];
}

/** The gateway runtime over a composed supergraph, with every limit of the hub, however its subgraphs are reached. */
export function servedHub(composed: ComposedHub, setup: GatewaySetup): Hub {
  const { limits, authenticator, budget, rateLimiter, downloads } = setup;
  const gateway = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    transports: setup.transports,
    transportEntries: setup.transportEntries,
    // GraphiQL from the hub itself, its scripts bundled: ministries are often offline.
    graphiql: GRAPHIQL_OPTIONS,
    renderGraphiQL,
    landingPage: false,
    logging: setup.development ? 'info' : 'warn',
    maskedErrors: !setup.development,
    // Browsers may call from the configured origins only; bearer tokens and API keys are headers, never cookies.
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin && limits.corsOrigins.includes(origin) ? { origin: [origin], credentials: false, maxAge: 600 } : false;
    },
    disableIntrospection: limits.introspection ? undefined : {},
    // `first: n` multiplies what is selected under it (@listSize, see src/graphql/list-size.ts).
    demandControl: { maxCost: limits.maxCost, includeExtensionMetadata: false },
    requestDeadline: limits.requestDeadlineMs,
    executionCancellation: true,
    upstreamCancellation: true,
    plugins: () => [
      useJsonPostsOnly(limits.maxRequestBytes),
      ...(rateLimiter ? [useRateLimit(authenticator, rateLimiter, limits.ratePerMinute)] : []),
      useAuthentication(authenticator),
      ...shapeLimitPlugins(limits),
      useTextArguments(limits),
      budget.plugin(),
      ...(setup.transportPlugins ?? []),
      ...(setup.soleSubgraphShortcut === false ? [] : [useSoleSubgraphExecution(composed, setup.onSoleSubgraph)]),
    ],
  });
  return {
    composed,
    gateway,
    downloads,
    async close() {
      await gateway.dispose();
    },
  };
}
