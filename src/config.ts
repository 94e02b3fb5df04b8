import { createHash } from 'node:crypto';
import { availableParallelism, userInfo } from 'node:os';
import path from 'node:path';
import { ROLES, isRole, type Role } from './auth/viewer.js';
import { projectRoot } from './paths.js';

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * Values are validated here so a typo fails at start-up with the variable's name.
 */
export interface DatabaseConfig {
  /** `pglite`: embedded PostgreSQL in WASM, on disk; `postgresql`: a real server. */
  readonly kind: 'pglite' | 'postgresql';
  /** PGlite data directory (`memory://` for an in-memory database). */
  readonly dataDir: string;
  /** PostgreSQL connection string, when kind is `postgresql`. */
  readonly url: string | undefined;
  /** PostgreSQL schema to use instead of `public` (tests use one per file). */
  readonly schema: string | undefined;
  /** Log every SQL statement. */
  readonly debug: boolean;
}

export interface ImportLimits {
  /** Largest single `<iati-activity>` accepted, in characters. */
  readonly maxActivityChars: number;
  /** Largest single text node accepted, in characters. */
  readonly maxTextChars: number;
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
}

/** Where the HS256 secret that signs and verifies bearer tokens comes from. */
export type JwtSecretSource =
  | { readonly kind: 'env'; readonly secret: string }
  /** Development without TRIBUTARY_JWT_SECRET: a random secret kept in this file (made on first use). */
  | { readonly kind: 'dev-file'; readonly path: string }
  /** Production or test without TRIBUTARY_JWT_SECRET: bearer tokens are refused. */
  | { readonly kind: 'none' };

export interface ApiKeyConfig {
  /** Whose key it is (a machine client, e.g. `ifmis-sync`); the viewer's subject. */
  readonly name: string;
  readonly roles: readonly Role[];
  /** SHA-256 of the key: the configuration never holds the key itself. */
  readonly sha256: Buffer;
}

export interface AuthConfig {
  readonly jwtSecret: JwtSecretSource;
  /** The `iss` every accepted token must carry, and `tributary token` writes. */
  readonly jwtIssuer: string;
  readonly apiKeys: readonly ApiKeyConfig[];
  /**
   * The domains (subgraphs) an anonymous request may read (TRIBUTARY_PUBLIC_DOMAINS); null when
   * unset: nothing for `tributary serve`, the public-data domains for the demo. Never the registry.
   */
  readonly publicDomains: readonly string[] | null;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** Threads that parse IATI activities during an import (0: the importing thread). */
  readonly importWorkers: number;
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly sampleDataDir: string;
  readonly importLimits: ImportLimits;
  /** Who is at the keyboard, recorded with administrative changes made from the CLI. */
  readonly operator: string;
  readonly auth: AuthConfig;
  readonly registry: RegistryConfig;
}

export interface RegistryConfig {
  /** The key national IDs are hashed under (HMAC-SHA-256) before they are stored; same kinds as the JWT secret. */
  readonly idHashKey: JwtSecretSource;
  /** No count from 1 to k − 1 of a statistic's records is ever published as itself (the cell key method's threshold). */
  readonly smallCellK: number;
  /** The largest statistic answered: cells × periods × dimensions, estimated before it is computed. */
  readonly statisticsMaxSize: number;
  /** How long a statistic's disclosure computation (in a worker thread) may run before it is stopped. */
  readonly statisticsDeadlineMs: number;
  /** The JSON file naming the registry APIs to pull from (TRIBUTARY_REGISTRIES), or null. */
  readonly sourcesFile: string | null;
  /** A secret a registry source names by its environment variable (passwordEnv, clientSecretEnv…). */
  readonly secret: (variable: string) => string | null;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw} is not an integer between ${min} and ${max}`);
  }
  return value;
}

/** Like libpq (psql): a connection string without a user name means the operating-system user. */
function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = encodeURIComponent(userInfo().username);
  return parsed.toString();
}

function databaseFrom(env: Env): DatabaseConfig {
  const given = env.DATABASE_URL?.trim() || undefined;
  if (given && !/^postgres(ql)?:\/\//.test(given)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got ${given.split(':')[0]}:…)`);
  }
  const url = given ? withDefaultUser(given) : undefined;
  const schema = env.TRIBUTARY_DB_SCHEMA?.trim() || undefined;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`TRIBUTARY_DB_SCHEMA=${schema} is not a plain lower-case PostgreSQL identifier`);
  }
  const dir = env.TRIBUTARY_DB_DIR?.trim() || path.join(projectRoot, 'data', 'db');
  return {
    kind: url ? 'postgresql' : 'pglite',
    dataDir: dir === 'memory://' ? dir : path.resolve(dir),
    url,
    schema,
    debug: env.TRIBUTARY_SQL_DEBUG === '1',
  };
}

const MIN_SECRET_CHARS = 32;

function secretFrom(env: Env, name: string, devFile: string, nodeEnv: Config['env'], database: DatabaseConfig): JwtSecretSource {
  const secret = env[name]?.trim();
  if (secret) {
    if (secret.length < MIN_SECRET_CHARS) {
      throw new ConfigError(
        `${name} is ${secret.length} characters; it must be at least ${MIN_SECRET_CHARS} (e.g. openssl rand -base64 48)`,
      );
    }
    return { kind: 'env', secret };
  }
  if (nodeEnv !== 'development') return { kind: 'none' };
  // Next to the embedded database (data/<file>), so the CLI and the served hub agree.
  const dataRoot = database.dataDir === 'memory://' ? path.join(projectRoot, 'data') : path.dirname(database.dataDir);
  return { kind: 'dev-file', path: path.join(dataRoot, devFile) };
}

/** `name:role+role:key` entries separated by commas; the key is everything after the second colon. */
function apiKeysFrom(env: Env): ApiKeyConfig[] {
  const keys: ApiKeyConfig[] = [];
  const entries = (env.TRIBUTARY_API_KEYS ?? '').split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    if (entry === '') continue;
    const [name = '', roleList = '', ...rest] = entry.split(':');
    const key = rest.join(':');
    const where = `TRIBUTARY_API_KEYS entry ${index + 1}${/^[\w.-]+$/.test(name) ? ` (${name})` : ''}`;
    if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(name)) {
      throw new ConfigError(`${where}: expected name:role+role:key with a name of letters, digits, '.', '_' or '-'`);
    }
    const roles = roleList.split('+').filter((role) => role !== '');
    const unknown = roles.find((role) => !isRole(role));
    if (roles.length === 0 || unknown !== undefined) {
      throw new ConfigError(`${where}: ${unknown ? `unknown role "${unknown}"` : 'no role'}; roles are ${ROLES.join(', ')}`);
    }
    if (!/^[!-~]+$/.test(key) || key.length < MIN_SECRET_CHARS) {
      throw new ConfigError(`${where}: the key must be at least ${MIN_SECRET_CHARS} printable characters without spaces or commas`);
    }
    const sha256 = createHash('sha256').update(key).digest();
    if (keys.some((other) => other.name === name)) throw new ConfigError(`${where}: the name ${name} is used twice`);
    if (keys.some((other) => other.sha256.equals(sha256))) throw new ConfigError(`${where}: the same key is given twice`);
    keys.push({ name, roles: [...new Set(roles as Role[])], sha256 });
  }
  return keys;
}

const PUBLIC_CANDIDATES = ['aid', 'finance', 'mapping', 'sync'];

function publicDomainsFrom(env: Env): string[] | null {
  const text = env.TRIBUTARY_PUBLIC_DOMAINS;
  if (text === undefined) return null;
  const domains = text
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d !== 'none');
  const wrong = domains.find((d) => !PUBLIC_CANDIDATES.includes(d));
  if (wrong !== undefined) {
    const why = wrong === 'registry' ? 'the registry holds personal data and is never public' : `it is not a domain`;
    throw new ConfigError(
      `TRIBUTARY_PUBLIC_DOMAINS: ${wrong} cannot be public: ${why} (public domains can be ${PUBLIC_CANDIDATES.join(', ')}, or none)`,
    );
  }
  return [...new Set(domains)];
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV=${nodeEnv} must be development, production or test`);
  }
  const database = databaseFrom(env);
  return {
    env: nodeEnv,
    // One core stays with the split and the database driver (and the database, when local).
    importWorkers: integer(env, 'TRIBUTARY_IMPORT_WORKERS', Math.max(1, Math.min(4, availableParallelism() - 1)), 0, 64),
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database,
    sampleDataDir: path.resolve(env.TRIBUTARY_SAMPLE_DATA?.trim() || path.join(projectRoot, '..', 'shared', 'data')),
    operator: env.TRIBUTARY_OPERATOR?.trim() || env.USER?.trim() || 'administrator',
    importLimits: {
      maxActivityChars: integer(env, 'TRIBUTARY_MAX_ACTIVITY_CHARS', 32 * 1024 * 1024, 1024, 2 ** 30),
      maxTextChars: integer(env, 'TRIBUTARY_MAX_TEXT_CHARS', 4 * 1024 * 1024, 1024, 2 ** 30),
      maxDepth: integer(env, 'TRIBUTARY_MAX_XML_DEPTH', 64, 8, 10_000),
    },
    auth: {
      jwtSecret: secretFrom(env, 'TRIBUTARY_JWT_SECRET', 'dev-jwt-secret', nodeEnv, database),
      jwtIssuer: env.TRIBUTARY_JWT_ISSUER?.trim() || 'tributary',
      apiKeys: apiKeysFrom(env),
      publicDomains: publicDomainsFrom(env),
    },
    registry: {
      idHashKey: secretFrom(env, 'TRIBUTARY_ID_HASH_KEY', 'dev-id-hash-key', nodeEnv, database),
      smallCellK: integer(env, 'TRIBUTARY_SMALL_CELL_K', 5, 2, 1000),
      statisticsMaxSize: integer(env, 'TRIBUTARY_STATISTICS_MAX_SIZE', 1_000_000, 1, 1_000_000_000),
      statisticsDeadlineMs: integer(env, 'TRIBUTARY_STATISTICS_DEADLINE_MS', 10_000, 100, 600_000),
      sourcesFile: env.TRIBUTARY_REGISTRIES?.trim() ? path.resolve(env.TRIBUTARY_REGISTRIES.trim()) : null,
      secret: (variable) => env[variable]?.trim() || null,
    },
  };
}
