import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { migrate, openOrm, type Orm } from '../../src/db/orm.js';
import { freshDatabaseConfig } from '../support/db.js';

/**
 * Indexes a migration creates only where the database offers what they need, so no entity can
 * declare them: the trigram index for title search exists on PostgreSQL servers with pg_trgm,
 * not on the embedded database (see the activity-filter-indexes migration).
 */
const DATABASE_DEPENDENT_INDEXES = ['aid_activity_report_title_search_index'];

/**
 * MikroORM lists the tables of every schema before it reads this one's: on a PostgreSQL server
 * shared with other test files, a schema dropped meanwhile fails the read. Only this test's
 * schema (the search path's first) is listed.
 */
function readOnlyOwnSchema(orm: Orm): void {
  const helper = orm.em.getPlatform().getSchemaHelper() as unknown as { getListTablesSQL(): string };
  const list = helper.getListTablesSQL.bind(helper);
  const narrowed = list().replace(/ order by table_name$/, ' and table_schema = current_schema() order by table_name');
  if (narrowed === list()) throw new Error("MikroORM's table list changed: narrow it to the current schema again");
  helper.getListTablesSQL = () => narrowed;
}

/** The statements MikroORM would run to make the migrated schema match the entities. */
async function entityDiff(orm: Orm, config: DatabaseConfig): Promise<string[]> {
  readOnlyOwnSchema(orm);
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true, schema: config.schema });
  return sql
    .split(/;\s*\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement !== '')
    .filter(
      (statement) => !DATABASE_DEPENDENT_INDEXES.some((index) => statement === `drop index "${config.schema ?? 'public'}"."${index}"`),
    );
}

/**
 * One description per table: the checked-in migrations are what production databases have, and
 * the entities (which type every query) must describe exactly that. A fresh schema is migrated,
 * then MikroORM's schema generator is asked what it would change to reach the entities: nothing.
 */
describe('the entities describe the tables the migrations build', () => {
  let orm: Orm;
  let config: DatabaseConfig;
  beforeAll(async () => {
    config = freshDatabaseConfig();
    orm = await openOrm(config);
    await migrate(orm);
  });
  afterAll(async () => {
    if (config.schema) await orm.em.fork().execute(`drop schema if exists "${config.schema}" cascade`);
    await orm.close(true);
  });

  it('has no difference: the schema generator would change nothing', async () => {
    expect(await entityDiff(orm, config)).toEqual([]);
  });
});
