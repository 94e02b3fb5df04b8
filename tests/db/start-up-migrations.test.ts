import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { migrate, openOrm, pendingMigrations, statements, type Orm } from '../../src/db/orm.js';
import { migrations } from '../../src/db/migrations/index.js';
import { prepareDatabase } from '../../src/reference.js';
import { freshDatabaseConfig, testDatabase, type TestDatabase } from '../support/db.js';

const ALL = migrations.map((m) => m.name);
const LAST = ALL[ALL.length - 1] ?? '';

async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; count: number }> {
  const before = statements.count;
  const result = await work();
  return { result, count: statements.count - before };
}

/** The schema's shape (every column and index), to see a migration undone and done again. */
async function schemaShape(orm: Orm): Promise<string[]> {
  const rows = await orm.em.fork().execute<{ item: string }[]>(
    `select table_name || '.' || column_name as item from information_schema.columns where table_schema = current_schema()
     union all select 'index ' || indexname from pg_indexes where schemaname = current_schema() order by 1`,
  );
  return rows.map((row) => row.item);
}

describe('start-up: migrations checked in one statement, the migrator run only when one is pending', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(() => db.close());

  it('an up-to-date database: nothing pending, and migrate sends the one check and nothing else', async () => {
    expect(await pendingMigrations(db.orm)).toEqual([]);
    const { result, count } = await statementsOf(() => migrate(db.orm));
    expect(result).toEqual([]);
    // The migrator alone sends several (its table, its lock, the applied list): one means it never ran.
    expect(count).toBe(1);
  });

  it('a whole start on an up-to-date database: no migration, no reference reload, a handful of statements', async () => {
    const { result, count } = await statementsOf(() => prepareDatabase(db.orm));
    expect(result).toEqual({ migrations: [], referenceReloaded: false, interruptedRuns: [] });
    // migrations check, interrupted-run sweep (in a transaction on PostgreSQL), reference fingerprint read
    expect(count).toBeLessThanOrEqual(5);
  });

  it('a migration recorded as not applied is run again at the next start, and only that one', async () => {
    // Reverts the last migration for real (what it made goes) and forgets it was applied.
    const shape = await schemaShape(db.orm);
    await db.orm.migrator.down();
    expect(await schemaShape(db.orm)).not.toEqual(shape);
    expect(await pendingMigrations(db.orm)).toEqual([LAST]);

    const { migrations: applied, referenceReloaded } = await prepareDatabase(db.orm);
    expect(applied).toEqual([LAST]);
    // A migration ran: the reference tables are reloaded after it, whatever the fingerprint says.
    expect(referenceReloaded).toBe(true);
    expect(await schemaShape(db.orm)).toEqual(shape);
    expect(await pendingMigrations(db.orm)).toEqual([]);
  });

  it('changed reference files (another fingerprint stored) reload the reference tables; the same ones do not', async () => {
    await db.orm.em.fork().execute(`update reference_load set fingerprint = 'an older load' where name = 'mappings'`);
    expect((await prepareDatabase(db.orm)).referenceReloaded).toBe(true);
    expect((await prepareDatabase(db.orm)).referenceReloaded).toBe(false);
  });
});

describe('start-up: a database that has never been migrated', () => {
  let orm: Orm;
  let config: DatabaseConfig;
  beforeAll(async () => {
    config = freshDatabaseConfig('test_fresh');
    orm = await openOrm(config);
  });
  afterAll(async () => {
    if (config.schema) await orm.em.fork().execute(`drop schema if exists "${config.schema}" cascade`);
    await orm.close(true);
  });

  it('has every migration pending (no migration table, no schema yet) and gets all of them, in order', async () => {
    expect(await pendingMigrations(orm)).toEqual(ALL);
    expect((await prepareDatabase(orm)).migrations).toEqual(ALL);
    expect(await pendingMigrations(orm)).toEqual([]);
  });
});
