import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { createRemoteHub } from '../../gateway/remote-hub.js';
import { listen } from '../../gateway/serve.js';
import { serveSubgraph } from '../../gateway/subgraph-service.js';
import { subgraphs } from '../../gateway/subgraphs.js';
import { portOf, startSources, stopOnSignals } from './serve.js';

/**
 * Split mode (README "Split deployment"): `tributary serve --subgraph <name>` runs one subgraph
 * as its own HTTP service, `tributary serve --gateway` the gateway over HTTP to those services.
 */
const NAMES = subgraphs.map((module) => module.name);

function secretOf(config: Config): string {
  if (!config.split.secret) {
    throw new ConfigError(
      'split mode needs TRIBUTARY_SUBGRAPH_SECRET (the same on the gateway and every subgraph service; e.g. openssl rand -base64 48)',
    );
  }
  return config.split.secret;
}

/** Before anything is opened: split mode's subgraph services share one PostgreSQL server. */
export function checkSubgraphService(config: Config, name: string): void {
  if (!NAMES.includes(name)) throw new ConfigError(`--subgraph ${name}: no such subgraph; the subgraphs are ${NAMES.join(', ')}`);
  if (config.database.kind !== 'postgresql') {
    throw new ConfigError(
      'split mode needs PostgreSQL (set DATABASE_URL): the embedded database (PGlite) belongs to one process; ' +
        'without --subgraph, `tributary serve` runs every subgraph in one process on it',
    );
  }
  secretOf(config);
}

export async function serveSubgraphService(
  config: Config,
  name: string,
  orm: Orm,
  options: { readonly scheduler?: boolean } = {},
): Promise<string> {
  const module = subgraphs.find((candidate) => candidate.name === name);
  if (!module) throw new ConfigError(`--subgraph ${name}: no such subgraph`);
  // The sync service shows the sources in the graph and, unless told not to, runs their schedules.
  const sources = name === 'sync' ? await startSources(config, orm, options.scheduler ?? true) : { stop: async () => undefined };
  const server = await serveSubgraph(
    {
      module,
      orm,
      secret: secretOf(config),
      development: config.env === 'development',
      publicDomains: config.auth.publicDomains ?? [],
      maxRequestBytes: config.limits.maxRequestBytes,
    },
    config.port,
    config.host,
  );
  stopOnSignals(server, config.limits.shutdownGraceMs, async () => {
    await sources.stop();
    await orm.close();
  });
  return `http://localhost:${portOf(server, config.port)}/graphql`;
}

/**
 * `aid=http://127.0.0.1:4101/graphql,finance=…`, or a JSON file `{"aid": "http://…", …}`;
 * every subgraph named once, at an http(s) URL.
 */
export function parseSubgraphList(spec: string): Map<string, string> {
  let entries: [string, unknown][];
  if (/^\s*[a-z]+\s*=/.test(spec)) {
    entries = spec.split(',').map((pair) => {
      const [name = '', ...url] = pair.split('=');
      return [name.trim(), url.join('=').trim()];
    });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(spec, 'utf8'));
    } catch (error) {
      throw new ConfigError(`--subgraphs ${spec}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError(`--subgraphs ${spec}: expected an object {"aid": "http://host:port/graphql", …}`);
    }
    entries = Object.entries(parsed);
  }
  const services = new Map<string, string>();
  for (const [name, url] of entries) {
    if (!NAMES.includes(name))
      throw new ConfigError(`--subgraphs: ${name || '(empty)'} is not a subgraph; the subgraphs are ${NAMES.join(', ')}`);
    if (services.has(name)) throw new ConfigError(`--subgraphs: ${name} is named twice`);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s,]+$/.test(url)) {
      throw new ConfigError(`--subgraphs: ${name}'s URL must be http(s)://host:port/graphql (got ${JSON.stringify(url)})`);
    }
    services.set(name, url);
  }
  const missing = NAMES.filter((name) => !services.has(name));
  if (missing.length) throw new ConfigError(`--subgraphs: no URL for ${missing.join(', ')}; the gateway serves every subgraph`);
  return services;
}

export async function serveGateway(config: Config, spec: string | undefined): Promise<string> {
  const list = spec ?? config.split.subgraphs;
  if (!list) throw new ConfigError('--gateway needs --subgraphs <file or name=url,…> or TRIBUTARY_SUBGRAPHS');
  const services = parseSubgraphList(list);
  const hub = await createRemoteHub({
    services,
    secret: secretOf(config),
    auth: config.auth,
    limits: config.limits,
    development: config.env === 'development',
    waitMs: config.split.waitMs,
  });
  const server = await listen(hub, config.port, config.host);
  stopOnSignals(server, config.limits.shutdownGraceMs, () => hub.close());
  return `http://localhost:${portOf(server, config.port)}/graphql`;
}
