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
  /** Most elements in one `<iati-activity>` (its tree is held whole while it is read). */
  readonly maxActivityElements: number;
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
  /** The longest a bearer token may be valid, `exp` − `iat`, in seconds (TRIBUTARY_MAX_TOKEN_LIFETIME). */
  readonly maxTokenLifetime: number;
}

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** Threads that parse IATI activities during an import (0: the importing thread). */
  readonly importWorkers: number;
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly sampleDataDir: string;
  /** Where `tributary backup` writes its timestamped backups without `-o` (TRIBUTARY_BACKUP_DIR). */
  readonly backupDir: string;
  readonly importLimits: ImportLimits;
  /** Who is at the keyboard, recorded with administrative changes made from the CLI. */
  readonly operator: string;
  readonly auth: AuthConfig;
  readonly registry: RegistryConfig;
  readonly limits: QueryLimits;
  /** Who the hub is when it publishes IATI (`tributary export iati`); null until TRIBUTARY_IATI_ORG_REF is set. */
  readonly iatiPublisher: IatiPublisher | null;
  /** The sources file (TRIBUTARY_SOURCES, JSON or YAML) the scheduler and `tributary sync` read, or null. */
  readonly sourcesFile: string | null;
  /** An environment variable a sources file names for a secret (a header's value), or null when unset. */
  readonly envSecret: (variable: string) => string | null;
  readonly split: SplitConfig;
}

/** Split mode: each subgraph a service of its own, the gateway over HTTP (README "Split deployment"). */
export interface SplitConfig {
  /** The secret the gateway signs forwarded identities with and the services verify them with (TRIBUTARY_SUBGRAPH_SECRET). */
  readonly secret: string | null;
  /** Where the subgraph services are (TRIBUTARY_SUBGRAPHS): a JSON file, or `name=url` pairs separated by commas. */
  readonly subgraphs: string | null;
  /** How long a starting gateway waits for a subgraph service that is not up yet, in ms (TRIBUTARY_SUBGRAPH_WAIT_MS). */
  readonly waitMs: number;
}

/** The organisation running the hub: the `reporting-org` of its IATI exports, a secondary reporter. */
export interface IatiPublisher {
  /** Its IATI organisation identifier (TRIBUTARY_IATI_ORG_REF), e.g. `MW-MOFEPD-1`. */
  readonly ref: string;
  /** Its name as published (TRIBUTARY_IATI_ORG_NAME). */
  readonly name: string;
  /** Its IATI OrganisationType code (TRIBUTARY_IATI_ORG_TYPE; 10, government, by default). */
  readonly type: string;
}

/** What one request may ask of the served hub (README "Limits and safety"). */
export interface QueryLimits {
  /** Deepest field nesting (TRIBUTARY_MAX_DEPTH). */
  readonly maxDepth: number;
  /** Most aliases in one operation (TRIBUTARY_MAX_ALIASES). */
  readonly maxAliases: number;
  /** Most lexical tokens in one document (TRIBUTARY_MAX_TOKENS). */
  readonly maxTokens: number;
  /** Most directives in one operation (TRIBUTARY_MAX_DIRECTIVES). */
  readonly maxDirectives: number;
  /** Highest estimated cost, a page of `first: n` counting n times what is selected in it (TRIBUTARY_MAX_COST). */
  readonly maxCost: number;
  /** Longest text argument of a query, in characters (TRIBUTARY_MAX_TEXT_ARGUMENT). */
  readonly maxQueryTextChars: number;
  /** Longest text argument of a mutation (a pasted CSV sheet), in characters (TRIBUTARY_MAX_MUTATION_TEXT). */
  readonly maxMutationTextChars: number;
  /** Largest request body announced by its Content-Length, in bytes (TRIBUTARY_MAX_REQUEST_BYTES). */
  readonly maxRequestBytes: number;
  /** Largest answer, in bytes of JSON the subgraphs return (TRIBUTARY_MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes: number;
  /** A request still running after this is cancelled and answered 503 (TRIBUTARY_REQUEST_DEADLINE_MS). */
  readonly requestDeadlineMs: number;
  /** PostgreSQL cancels any one statement of the served hub running longer (TRIBUTARY_STATEMENT_TIMEOUT_MS; 0: none). */
  readonly statementTimeoutMs: number;
  /** Requests per minute per caller (API key, token subject or IP address), per hub process (TRIBUTARY_RATE_LIMIT; 0: none). */
  readonly ratePerMinute: number;
  /** Origins whose pages may call the hub from a browser (TRIBUTARY_CORS_ORIGINS); none: same-origin only. */
  readonly corsOrigins: readonly string[];
  /** Whether the schema can be introspected (TRIBUTARY_INTROSPECTION). */
  readonly introspection: boolean;
  /** How long `tributary serve` lets in-flight requests finish after SIGTERM (TRIBUTARY_SHUTDOWN_GRACE_MS). */
  readonly shutdownGraceMs: number;
  /** File downloads (/export/…) running at once, each holding a database connection (TRIBUTARY_MAX_DOWNLOADS). */
  readonly maxDownloads: number;
  /** Of those, how many one caller may run (TRIBUTARY_MAX_CALLER_DOWNLOADS). */
  readonly maxDownloadsPerCaller: number;
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

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `15m`, `12h`, `30d` → seconds, or null when the text is not such a duration. */
export function durationSeconds(text: string): number | null {
  const match = /^(\d+)\s*([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? 0) : 0;
  return seconds > 0 ? seconds : null;
}

/** A token lifetime: a duration of at most a year (a token cannot be withdrawn before it expires). */
function lifetime(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const seconds = durationSeconds(raw);
  if (seconds === null || seconds > 366 * 86_400)
    throw new ConfigError(`${name}=${raw} is not a duration like 15m, 12h or 30d (at most a year)`);
  return seconds;
}

const MIN_SECRET_CHARS = 32;

/** A secret two processes share: null when unset, refused when too short to resist guessing. */
function sharedSecret(env: Env, name: string): string | null {
  const secret = env[name]?.trim();
  if (!secret) return null;
  if (secret.length < MIN_SECRET_CHARS) {
    throw new ConfigError(`${name} is ${secret.length} characters; it must be at least ${MIN_SECRET_CHARS} (e.g. openssl rand -base64 48)`);
  }
  return secret;
}

function secretFrom(env: Env, name: string, devFile: string, nodeEnv: Config['env'], database: DatabaseConfig): JwtSecretSource {
  const secret = sharedSecret(env, name);
  if (secret) return { kind: 'env', secret };
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

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name}=${env[name]} must be on or off (1/0, true/false)`);
}

/** Exact origins (`https://dashboard.mof.example`), comma-separated; a page anywhere else is not let in. */
function corsOriginsFrom(env: Env): string[] {
  const origins = (env.TRIBUTARY_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '' && origin !== 'none');
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `TRIBUTARY_CORS_ORIGINS: ${origin} is not an origin like https://dashboard.example.org (scheme, host, port; no path or *)`,
      );
    }
  }
  return [...new Set(origins)];
}

function limitsFrom(env: Env, nodeEnv: Config['env']): QueryLimits {
  return {
    maxDepth: integer(env, 'TRIBUTARY_MAX_DEPTH', 12, 2, 1000),
    maxAliases: integer(env, 'TRIBUTARY_MAX_ALIASES', 30, 0, 100_000),
    maxTokens: integer(env, 'TRIBUTARY_MAX_TOKENS', 2000, 50, 1_000_000),
    maxDirectives: integer(env, 'TRIBUTARY_MAX_DIRECTIVES', 20, 0, 100_000),
    maxCost: integer(env, 'TRIBUTARY_MAX_COST', 50_000, 1, 2 ** 40),
    maxQueryTextChars: integer(env, 'TRIBUTARY_MAX_TEXT_ARGUMENT', 1000, 16, 1_000_000),
    maxMutationTextChars: integer(env, 'TRIBUTARY_MAX_MUTATION_TEXT', 4 * 1024 * 1024, 1024, 2 ** 30),
    maxRequestBytes: integer(env, 'TRIBUTARY_MAX_REQUEST_BYTES', 16 * 1024 * 1024, 1024, 2 ** 31),
    maxResponseBytes: integer(env, 'TRIBUTARY_MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024, 2 ** 31),
    requestDeadlineMs: integer(env, 'TRIBUTARY_REQUEST_DEADLINE_MS', 30_000, 100, 3_600_000),
    statementTimeoutMs: integer(env, 'TRIBUTARY_STATEMENT_TIMEOUT_MS', 20_000, 0, 3_600_000),
    // Tests send hundreds of requests a minute from one process; they set a limit where they test it.
    ratePerMinute: integer(env, 'TRIBUTARY_RATE_LIMIT', nodeEnv === 'test' ? 0 : 300, 0, 1_000_000),
    corsOrigins: corsOriginsFrom(env),
    // Production hides the schema from strangers by default; GraphiQL's completion needs it in development.
    introspection: flag(env, 'TRIBUTARY_INTROSPECTION', nodeEnv !== 'production'),
    shutdownGraceMs: integer(env, 'TRIBUTARY_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    maxDownloads: integer(env, 'TRIBUTARY_MAX_DOWNLOADS', 4, 1, 1000),
    maxDownloadsPerCaller: integer(env, 'TRIBUTARY_MAX_CALLER_DOWNLOADS', 2, 1, 1000),
  };
}

/** IATI's OrganisationType codelist (mappings/iati-codelists; a test keeps the two equal). */
export const IATI_ORGANISATION_TYPES = ['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'];

function iatiPublisherFrom(env: Env): IatiPublisher | null {
  const ref = env.TRIBUTARY_IATI_ORG_REF?.trim() || null;
  const name = env.TRIBUTARY_IATI_ORG_NAME?.trim() || null;
  const type = env.TRIBUTARY_IATI_ORG_TYPE?.trim() || '10';
  if (ref === null) {
    if (name !== null) throw new ConfigError('TRIBUTARY_IATI_ORG_NAME is set without TRIBUTARY_IATI_ORG_REF, the organisation identifier');
    return null;
  }
  // IATI organisation identifiers: an agency prefix and a number, no spaces, slashes or quotes.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$/.test(ref)) {
    throw new ConfigError(
      `TRIBUTARY_IATI_ORG_REF=${ref} is not an IATI organisation identifier like MW-MOFEPD-1 (letters, digits, '-', '_', '.')`,
    );
  }
  if (name === null) throw new ConfigError(`TRIBUTARY_IATI_ORG_NAME must name the organisation ${ref} (its name as published)`);
  if (!IATI_ORGANISATION_TYPES.includes(type)) {
    throw new ConfigError(`TRIBUTARY_IATI_ORG_TYPE=${type} is not an IATI OrganisationType code (${IATI_ORGANISATION_TYPES.join(', ')})`);
  }
  return { ref, name, type };
}

/**
 * A production hub says so in NODE_ENV before graphql-js loads: graphql-js reads it once, at load,
 * and otherwise runs its development-only checks on every value it resolves (3–4% of a served
 * request's CPU). Only an unset NODE_ENV is filled in.
 */
export function announceMode(config: Config, env: Record<string, string | undefined> = process.env): void {
  if (config.env === 'production' && !env.NODE_ENV?.trim()) env.NODE_ENV = 'production';
}

/**
 * `defaultEnv`: the mode when NODE_ENV is unset — development for the CLI and `npm start`'s demo,
 * production for `tributary serve` (a served hub masks errors unless told it is a development one).
 */
export function loadConfig(env: Env = process.env, defaultEnv: Config['env'] = 'development'): Config {
  const nodeEnv = env.NODE_ENV?.trim() || defaultEnv;
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
    backupDir: path.resolve(env.TRIBUTARY_BACKUP_DIR?.trim() || path.join(projectRoot, 'data', 'backups')),
    operator: env.TRIBUTARY_OPERATOR?.trim() || env.USER?.trim() || 'administrator',
    importLimits: {
      maxActivityChars: integer(env, 'TRIBUTARY_MAX_ACTIVITY_CHARS', 32 * 1024 * 1024, 1024, 2 ** 30),
      maxActivityElements: integer(env, 'TRIBUTARY_MAX_ACTIVITY_ELEMENTS', 200_000, 100, 10_000_000),
      maxTextChars: integer(env, 'TRIBUTARY_MAX_TEXT_CHARS', 4 * 1024 * 1024, 1024, 2 ** 30),
      maxDepth: integer(env, 'TRIBUTARY_MAX_XML_DEPTH', 64, 8, 10_000),
    },
    auth: {
      jwtSecret: secretFrom(env, 'TRIBUTARY_JWT_SECRET', 'dev-jwt-secret', nodeEnv, database),
      jwtIssuer: env.TRIBUTARY_JWT_ISSUER?.trim() || 'tributary',
      apiKeys: apiKeysFrom(env),
      publicDomains: publicDomainsFrom(env),
      maxTokenLifetime: lifetime(env, 'TRIBUTARY_MAX_TOKEN_LIFETIME', 12 * 3600),
    },
    registry: {
      idHashKey: secretFrom(env, 'TRIBUTARY_ID_HASH_KEY', 'dev-id-hash-key', nodeEnv, database),
      smallCellK: integer(env, 'TRIBUTARY_SMALL_CELL_K', 5, 2, 1000),
      statisticsMaxSize: integer(env, 'TRIBUTARY_STATISTICS_MAX_SIZE', 1_000_000, 1, 1_000_000_000),
      statisticsDeadlineMs: integer(env, 'TRIBUTARY_STATISTICS_DEADLINE_MS', 10_000, 100, 600_000),
      sourcesFile: env.TRIBUTARY_REGISTRIES?.trim() ? path.resolve(env.TRIBUTARY_REGISTRIES.trim()) : null,
      secret: (variable) => env[variable]?.trim() || null,
    },
    limits: limitsFrom(env, nodeEnv),
    iatiPublisher: iatiPublisherFrom(env),
    sourcesFile: env.TRIBUTARY_SOURCES?.trim() ? path.resolve(env.TRIBUTARY_SOURCES.trim()) : null,
    envSecret: (variable) => env[variable]?.trim() || null,
    split: {
      secret: sharedSecret(env, 'TRIBUTARY_SUBGRAPH_SECRET'),
      subgraphs: env.TRIBUTARY_SUBGRAPHS?.trim() || null,
      waitMs: integer(env, 'TRIBUTARY_SUBGRAPH_WAIT_MS', 30_000, 0, 600_000),
    },
  };
}
