import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import type { DatabaseConfig } from '../src/config.js';
import { openOrm, type Orm } from '../src/db/orm.js';
import { Unavailable } from './shared.js';

export type BenchDatabase = 'pglite' | 'postgresql';

const CONNECT_TIMEOUT_MS = 10_000;

/** A fresh in-memory PGlite, or a fresh schema (dropped by the case) on the PostgreSQL server. */
export function databaseFor(kind: BenchDatabase): DatabaseConfig {
  if (kind === 'pglite') return { kind: 'pglite', dataDir: 'memory://', url: undefined, schema: undefined, debug: false };
  const given = process.env.TRIBUTARY_BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || 'postgresql://127.0.0.1:5432/test';
  const url = withUser(given);
  const schema = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  return { kind: 'postgresql', dataDir: '', url, schema, debug: false };
}

/**
 * Like psql, a URL without a user name means the operating-system user: node-postgres falls back
 * to `$USER` only, which is unset in containers and services.
 */
function withUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) return url;
  parsed.username = userInfo().username;
  return parsed.toString();
}

/** A server that refuses or does not answer makes the case unavailable rather than failed. */
export async function ensureReachable(orm: Orm, database: DatabaseConfig): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` }), CONNECT_TIMEOUT_MS);
  });
  // MikroORM connects lazily: `checkConnection` alone reports "not established" even for a live server.
  const connected = orm.connect().then(
    () => orm.checkConnection(),
    (error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }),
  );
  const check = await Promise.race([connected, timeout]);
  clearTimeout(timer);
  if (!check.ok) throw new Unavailable(`cannot connect to ${redacted(database.url)}: ${check.reason}`);
}

export function redacted(url: string | undefined): string {
  if (!url) return '(no url)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Where a case ran, for the report. */
export function whereItRan(kind: BenchDatabase, database: DatabaseConfig): string {
  return kind === 'postgresql' ? `${redacted(database.url)}, schema ${database.schema} (dropped)` : 'PGlite memory://';
}

/**
 * A case's database from opening to cleaning up: a reachable server (or PGlite) for `work`, then
 * its schema dropped and the connection closed, however `work` ends.
 */
export async function withBenchDatabase<T>(kind: BenchDatabase, work: (orm: Orm, database: DatabaseConfig) => Promise<T>): Promise<T> {
  const database = databaseFor(kind);
  const orm = await openOrm(database);
  let reached = false;
  try {
    if (kind === 'postgresql') await ensureReachable(orm, database);
    reached = true;
    return await work(orm, database);
  } finally {
    if (reached && database.schema) await orm.em.fork().execute(`drop schema if exists "${database.schema}" cascade`);
    await orm.close(true);
  }
}
