import path from 'node:path';
import { TableNotFoundException, type MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import { Migrator } from '@mikro-orm/migrations';
import {
  sql,
  type ColumnType,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { projectRoot } from '../paths.js';
import { releaseBrokenConnections } from './broken-connections.js';
import { checkDataDir } from './data-dir.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { underStartUpLock } from './start-up-lock.js';

/**
 * Opens the one database: embedded PGlite (default, on disk) or a PostgreSQL server
 * (`DATABASE_URL`). Same entities, same checked-in migrations, same SQL.
 */
export type EntityManager = SqlEntityManager;
export type Orm = MikroORM<AbstractSqlDriver, EntityManager>;

/**
 * Counts every SQL statement the process sends (ORM, raw and Kysely), for tests and benchmarks.
 * Set `texts` to an array to also collect the Kysely statements' SQL (to see where an N+1 is).
 */
export const statements: { count: number; texts?: string[] } = { count: 0 };

interface MaybeRawNode {
  readonly kind: string;
  readonly sqlFragments?: readonly string[];
  readonly parameters?: readonly MaybeRawNode[];
  /** The table an insert writes (a TableNode; anything else has no `table`). */
  readonly into?: object;
}

/**
 * A raw statement's SQL with nested `sql` fragments spelled out and values as `?`; a built one as
 * its kind and, for an insert, its table (`InsertQueryNode reg_personal_read`).
 */
function rawText(node: MaybeRawNode): string {
  if (!node.sqlFragments) {
    const into = node.into as { table?: { identifier?: { name?: string } } } | undefined;
    const table = into?.table?.identifier?.name;
    return table ? `${node.kind} ${table}` : node.kind;
  }
  return node.sqlFragments.reduce((text, fragment, i) => {
    const parameter = node.parameters?.[i - 1];
    return text + (parameter?.sqlFragments ? rawText(parameter) : '?') + fragment;
  });
}

class CountingPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    statements.count += 1;
    statements.texts?.push(rawText(args.node));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
const countingPlugin = new CountingPlugin();

/** MikroORM's PostgreSQL type parsers hand date and timestamp columns back as text, not `Date`. */
type AsReturned<V> = V extends Date ? string : V;
type ReturnedColumn<C> =
  C extends ColumnType<infer S, infer I, infer U> ? ColumnType<AsReturned<S>, AsReturned<I>, AsReturned<U>> : AsReturned<C>;

/** A domain's tables as inferred from its entities, with each column typed as the driver returns it. */
export type AsStored<DB> = { [T in keyof DB]: { [C in keyof DB[T]]: ReturnedColumn<DB[T][C]> } };

/**
 * A Kysely query builder over one domain's tables (`DB`, inferred from that domain's entities by
 * its `db.ts`), bound to `em` (and its transaction) and counted like every other statement.
 */
export function domainKysely<DB>(em: EntityManager): Kysely<DB> {
  return (em.getKysely() as unknown as Kysely<DB>).withPlugin(countingPlugin);
}

function baseOptions(config: DatabaseConfig) {
  return {
    entities,
    extensions: [Migrator],
    schema: config.schema,
    migrations: {
      migrationsList: migrations,
      path: path.join(projectRoot, 'src', 'db', 'migrations'),
      emit: 'ts' as const,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      schema: config.schema,
    },
    debug: config.debug,
    onQuery: (sql: string) => {
      statements.count += 1;
      return sql;
    },
    // Entities are plain schemas and loaders own their data; a request never needs lazy loading.
    allowGlobalContext: false,
  };
}

const embedded = new WeakSet<Orm>();

/** True for the embedded PGlite database: one process, one session (see sync/run-claim.ts). */
export function isEmbedded(orm: Orm): boolean {
  return embedded.has(orm);
}

export interface OpenOptions {
  /** PostgreSQL only: cancel any statement running longer (the served hub's; PGlite cannot stop one). */
  readonly statementTimeoutMs?: number;
  /** PostgreSQL only: how the connections name themselves in pg_stat_activity (default `tributary`). */
  readonly applicationName?: string;
}

export async function openOrm(config: DatabaseConfig, open: OpenOptions = {}): Promise<Orm> {
  if (config.kind === 'postgresql') {
    const url = new URL(config.url ?? '');
    const settings = [
      config.schema ? `-c search_path=${config.schema}` : '',
      open.statementTimeoutMs ? `-c statement_timeout=${open.statementTimeoutMs}` : '',
      `-c application_name=${(open.applicationName ?? 'tributary').replace(/[^\w.-]/g, '_')}`,
    ].filter((setting) => setting !== '');
    const options = settings.join(' ');
    // Each driver is loaded only for the database it opens: a CLI start pays for one.
    const { MikroORM: PostgresORM } = await import('@mikro-orm/postgresql');
    const orm = await PostgresORM.init({
      ...baseOptions(config),
      clientUrl: url.toString(),
      driverOptions: { options, onPoolCreated: releaseBrokenConnections },
    });
    return orm as unknown as Orm;
  }
  if (config.dataDir !== 'memory://') await checkDataDir(config.dataDir);
  const { MikroORM: PgliteORM } = await import('@mikro-orm/pglite');
  const orm = await PgliteORM.init({
    ...baseOptions(config),
    dbName: config.dataDir,
  });
  embedded.add(orm as unknown as Orm);
  return orm as unknown as Orm;
}

/** The migrator's own table (MikroORM's, not an entity): only the column a start reads. */
interface MigratorDB {
  mikro_orm_migrations: { name: string };
}
/** PostgreSQL's `undefined_table`, as the driver reports an error Kysely passes on untranslated. */
const UNDEFINED_TABLE = '42P01';

/**
 * The listed migrations the database has not recorded as applied, read in one statement (all of
 * them when it has no migration table yet).
 */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  let rows: { name: string }[];
  try {
    rows = await domainKysely<MigratorDB>(orm.em.fork()).selectFrom('mikro_orm_migrations').select('name').execute();
  } catch (error) {
    if (error instanceof TableNotFoundException || (error as { code?: unknown }).code === UNDEFINED_TABLE)
      return migrations.map((m) => m.name);
    throw error;
  }
  const applied = new Set(rows.map((row) => row.name));
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}

/**
 * Creates the schema if needed and applies pending migrations (never `schema.update`). The
 * migrator (tens of statements) runs only when a listed migration is not recorded as applied,
 * and then under the start-up lock (start-up-lock.ts), asking again once it holds it: another
 * process starting at the same moment may have applied them meanwhile.
 */
export async function migrate(orm: Orm): Promise<string[]> {
  if ((await pendingMigrations(orm)).length === 0) return [];
  return underStartUpLock(orm, async () => {
    if ((await pendingMigrations(orm)).length === 0) return [];
    const schema = orm.config.get('schema');
    if (schema) await sql<never>`create schema if not exists ${sql.id(schema)}`.execute(domainKysely(orm.em.fork()));
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  });
}
