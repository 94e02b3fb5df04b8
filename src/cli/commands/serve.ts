import type { Server } from 'node:http';
import type { Config } from '../../config.js';
import { openOrm, type Orm } from '../../db/orm.js';
import { createHub, type Hub } from '../../gateway/hub.js';
import { listen } from '../../gateway/serve.js';
import { attachSources } from '../../sync/sources/hub-sources.js';
import { startScheduler } from '../../sync/sources/scheduler.js';
import { createNotifier } from '../../sync/notify/notifier.js';
import { loadSourcesFile } from '../../sync/sources/source-config.js';

export interface Serving {
  readonly hub: Hub;
  readonly server: Server;
  readonly url: string;
}

/**
 * The database the served hub queries: on PostgreSQL, reopened with the statement timeout once
 * migrations (which may rightly take longer) are done. PGlite runs in this thread and cannot
 * cancel a statement; there the gateway's limits bound the work before it starts.
 */
export async function servingDatabase(config: Config, migrated: Orm): Promise<Orm> {
  const timeout = config.limits.statementTimeoutMs;
  if (config.database.kind !== 'postgresql' || timeout === 0) return migrated;
  await migrated.close();
  return openOrm(config.database, { statementTimeoutMs: timeout });
}

/**
 * The sources file's sources and scheduled backup, attached for the graph, and (unless `scheduler`
 * is false) their scheduler. On PostgreSQL the scheduler's imports get a connection pool of their own, without
 * the served statement timeout (an import's statements may rightly take longer than a query's).
 */
export async function startSources(config: Config, orm: Orm, scheduler: boolean): Promise<{ stop(): Promise<void> }> {
  if (!config.sourcesFile) return { stop: async () => undefined };
  const { sources, notify, backup } = await loadSourcesFile(config.sourcesFile);
  if (!scheduler) {
    attachSources(orm, { sources, backup, scheduler: null });
    return { stop: async () => undefined };
  }
  const own = config.database.kind === 'postgresql' ? await openOrm(config.database) : orm;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const notifier = createNotifier(notify, { envSecret: config.envSecret, log });
  const running = await startScheduler({ orm: own, config, log, notifier }, sources, backup);
  attachSources(orm, { sources, backup, scheduler: running });
  return {
    async stop() {
      await running.stop();
      await notifier?.close();
      if (own !== orm) await own.close();
    },
  };
}

/**
 * Serves the supergraph (and GraphiQL) until SIGINT/SIGTERM. Then: no new connection is taken,
 * requests in flight get TRIBUTARY_SHUTDOWN_GRACE_MS to finish, those still running are cancelled
 * (their connections closed, so their resolvers stop), and the hub and database are closed before
 * the process exits 0. A second signal cuts the grace short.
 */
export async function serveHub(config: Config, orm: Orm, options: { readonly scheduler?: boolean } = {}): Promise<Serving> {
  const sources = await startSources(config, orm, options.scheduler ?? true);
  const hub = await createHub(orm, {
    development: config.env === 'development',
    auth: config.auth,
    limits: config.limits,
    iatiPublisher: config.iatiPublisher,
  });
  const server = await listen(hub, config.port, config.host);
  stopOnSignals(server, config.limits.shutdownGraceMs, async () => {
    await sources.stop();
    await hub.close();
    await orm.close();
  });
  return { hub, server, url: `http://localhost:${portOf(server, config.port)}/graphql` };
}

export function portOf(server: Server, fallback: number): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : fallback;
}

/** See serveHub: the graceful stop of any served process (the hub, a gateway, a subgraph service). */
export function stopOnSignals(server: Server, graceMs: number, closeRest: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      server.closeAllConnections();
      return;
    }
    stopping = true;
    process.stderr.write(`${signal}: finishing requests in flight (up to ${graceMs} ms), then stopping\n`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A kept-alive connection goes idle once its answer is sent: close it then, not at its keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const grace = setTimeout(() => server.closeAllConnections(), graceMs);
    await closed;
    clearInterval(sweep);
    clearTimeout(grace);
    await closeRest();
    // Written before exiting: stderr may be a pipe, where a write is asynchronous.
    process.stderr.write('stopped\n', () => process.exit(0));
  };
  const onSignal = (signal: NodeJS.Signals) => void stop(signal);
  // The gateway runtime (and GraphQL Mesh) dispose themselves on SIGINT/SIGTERM, cutting requests in
  // flight; serve owns shutdown and disposes the hub itself after the grace period. They register
  // once per process, at creation or on first use, so a request start looks again.
  const ownSignals = (): void => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
      if (!process.listeners(signal).includes(onSignal)) process.on(signal, onSignal);
    }
  };
  ownSignals();
  server.on('request', () => {
    if (process.listenerCount('SIGTERM') + process.listenerCount('SIGINT') > 2) ownSignals();
  });
}
