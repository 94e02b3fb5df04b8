import { availableParallelism, userInfo } from 'node:os';
import path from 'node:path';
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

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV=${nodeEnv} must be development, production or test`);
  }
  return {
    env: nodeEnv,
    // One core stays with the split and the database driver (and the database, when local).
    importWorkers: integer(env, 'TRIBUTARY_IMPORT_WORKERS', Math.max(1, Math.min(4, availableParallelism() - 1)), 0, 64),
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database: databaseFrom(env),
    sampleDataDir: path.resolve(env.TRIBUTARY_SAMPLE_DATA?.trim() || path.join(projectRoot, '..', 'shared', 'data')),
    operator: env.TRIBUTARY_OPERATOR?.trim() || env.USER?.trim() || 'administrator',
    importLimits: {
      maxActivityChars: integer(env, 'TRIBUTARY_MAX_ACTIVITY_CHARS', 32 * 1024 * 1024, 1024, 2 ** 30),
      maxTextChars: integer(env, 'TRIBUTARY_MAX_TEXT_CHARS', 4 * 1024 * 1024, 1024, 2 ** 30),
      maxDepth: integer(env, 'TRIBUTARY_MAX_XML_DEPTH', 64, 8, 10_000),
    },
  };
}
