import { randomBytes } from 'node:crypto';
import { loadConfig, type DatabaseConfig } from '../../src/config.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new schema
 * on the PostgreSQL server named by DATABASE_URL (dropped again by `close`).
 */
export interface TestDatabase {
  readonly orm: Orm;
  readonly config: DatabaseConfig;
  close(): Promise<void>;
}

/** Where a new, empty database for a test goes: a new schema on the server, or an in-memory PGlite. */
export function freshDatabaseConfig(prefix = 'test'): DatabaseConfig {
  const base = loadConfig().database;
  return base.kind === 'postgresql'
    ? { ...base, schema: `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}` }
    : { ...base, dataDir: 'memory://' };
}

export async function testDatabase(): Promise<TestDatabase> {
  const config = freshDatabaseConfig();
  const orm = await openOrm(config);
  const dropSchema = async (): Promise<void> => {
    if (config.schema) await orm.em.fork().execute(`drop schema if exists "${config.schema}" cascade`);
  };
  try {
    await prepareDatabase(orm);
  } catch (error) {
    await dropSchema().catch(() => undefined);
    await orm.close(true);
    throw error;
  }
  return {
    orm,
    config,
    async close() {
      await dropSchema();
      await orm.close(true);
    },
  };
}

/** Row counts of every table in the database, for "nothing changed" assertions. */
export async function tableCounts(orm: Orm, except: readonly string[] = []): Promise<Record<string, number>> {
  const em = orm.em.fork();
  const tables = await em.execute<{ name: string }[]>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (except.includes(name) || name === 'mikro_orm_migrations') continue;
    const [row] = await em.execute<{ n: number }[]>(`select count(*)::int as n from "${name}"`);
    counts[name] = row?.n ?? 0;
  }
  return counts;
}
