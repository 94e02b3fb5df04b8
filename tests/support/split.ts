import type { AuthConfig, DatabaseConfig } from '../../src/config.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { startTributary, type RunningCli } from './cli.js';

/**
 * Split mode as a ministry runs it: every subgraph a `tributary serve --subgraph` process and the
 * gateway `tributary serve --gateway` processes over HTTP, all real processes of the built CLI on
 * free ports, on one PostgreSQL schema (a test's, already migrated). The `split` test project
 * (vitest.config.ts) runs tests/support/hub.ts's hubs this way.
 */
export const SPLIT_SECRET = 'the-test-subgraph-secret-0123456789abcdef';

export interface SplitDeployment {
  /** Subgraph name → its service's GraphQL URL. */
  readonly services: ReadonlyMap<string, string>;
  /** The gateways' GraphQL URLs, each its own process over the same services. */
  readonly gateways: readonly string[];
  readonly processes: readonly RunningCli[];
  stop(): Promise<void>;
}

const SERVING = /serving http:\/\/localhost:(\d+)\/graphql/;

/** The environment a served hub reads its `AuthConfig` from, as tests/support/hub.ts configures the embedded one. */
function authEnvironment(auth: AuthConfig): Record<string, string | undefined> {
  if (auth.jwtSecret.kind !== 'env' || auth.apiKeys.length)
    throw new Error('split mode is tested with a JWT secret from the environment and no API keys');
  return {
    TRIBUTARY_JWT_SECRET: auth.jwtSecret.secret,
    TRIBUTARY_JWT_ISSUER: auth.jwtIssuer,
    TRIBUTARY_PUBLIC_DOMAINS: (auth.publicDomains ?? []).join(',') || 'none',
    TRIBUTARY_API_KEYS: undefined,
  };
}

export async function startSplit(database: DatabaseConfig, auth: AuthConfig, gatewayCount = 1): Promise<SplitDeployment> {
  if (database.kind !== 'postgresql' || !database.schema) {
    throw new Error('split mode needs PostgreSQL: run the split test project with DATABASE_URL set (CI does, in its PostgreSQL pass)');
  }
  const env = {
    ...authEnvironment(auth),
    DATABASE_URL: database.url ?? '',
    TRIBUTARY_DB_SCHEMA: database.schema,
    TRIBUTARY_SUBGRAPH_SECRET: SPLIT_SECRET,
    TRIBUTARY_SUBGRAPHS: undefined,
    TRIBUTARY_SHUTDOWN_GRACE_MS: '2000',
  };
  const processes: RunningCli[] = [];
  // A test file that ends early (a hook timing out) must not leave its services running.
  const killOnExit = (): void => {
    for (const { pid } of processes) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await Promise.all(processes.map((running) => running.stop('SIGTERM')));
  };
  try {
    const services = new Map<string, string>();
    const started = subgraphs.map((module) => ({
      name: module.name,
      cli: startTributary(['serve', '--subgraph', module.name, '--port', '0'], `split-${module.name}`, env),
    }));
    processes.push(...started.map(({ cli }) => cli));
    for (const { name, cli } of started) {
      const [, port] = await cli.waitFor(SERVING, 180_000);
      services.set(name, `http://127.0.0.1:${port}/graphql`);
    }
    const list = [...services].map(([name, url]) => `${name}=${url}`).join(',');
    const gatewayProcesses = Array.from({ length: gatewayCount }, () =>
      startTributary(['serve', '--gateway', '--subgraphs', list, '--port', '0'], 'split-gateway', env),
    );
    processes.push(...gatewayProcesses);
    const gateways: string[] = [];
    for (const cli of gatewayProcesses) gateways.push(`http://127.0.0.1:${(await cli.waitFor(SERVING, 180_000))[1]}/graphql`);
    return { services, gateways, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
