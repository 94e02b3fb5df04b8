import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MikroORM as PgliteORM } from '@mikro-orm/pglite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import { Migrator } from '@mikro-orm/migrations';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { DatabaseConfig } from '../config.js';
import { projectRoot } from '../paths.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

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
}

/** A raw statement's SQL with nested `sql` fragments spelled out and values as `?`. */
function rawText(node: MaybeRawNode): string {
  if (!node.sqlFragments) return node.kind;
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

/** A Kysely query builder bound to `em` (and its transaction), counted like every other statement. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function kysely(em: EntityManager): Kysely<any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (em.getKysely() as Kysely<any>).withPlugin(countingPlugin);
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

export async function openOrm(config: DatabaseConfig): Promise<Orm> {
  if (config.kind === 'postgresql') {
    const url = new URL(config.url ?? '');
    const options = config.schema ? `-c search_path=${config.schema}` : undefined;
    const orm = await PostgresORM.init({
      ...baseOptions(config),
      clientUrl: url.toString(),
      driverOptions: options ? { options } : undefined,
    });
    return orm as unknown as Orm;
  }
  if (config.dataDir !== 'memory://') mkdirSync(config.dataDir, { recursive: true });
  const orm = await PgliteORM.init({
    ...baseOptions(config),
    dbName: config.dataDir,
  });
  embedded.add(orm as unknown as Orm);
  return orm as unknown as Orm;
}

/** Creates the schema if needed and applies pending migrations (never `schema.update`). */
export async function migrate(orm: Orm): Promise<string[]> {
  if (orm.config.get('schema')) {
    await orm.em.getConnection().execute(`create schema if not exists "${orm.config.get('schema')}"`);
  }
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
