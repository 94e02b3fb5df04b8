import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrations } from '../../src/db/migrations/index.js';
import { openOrm, pendingMigrations, type Orm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { freshDatabaseConfig } from '../support/db.js';

/**
 * Split mode starts five services at once, often on a database nobody has migrated yet: each
 * start must wait for the one that migrates and loads the reference tables, then find nothing
 * left to do — not fail on a table or schema another start created a moment before, and not
 * apply a migration twice.
 */
const server = loadConfig().database;
if (server.kind !== 'postgresql')
  throw new Error('tests/db/postgres-*.test.ts run on PostgreSQL only: set DATABASE_URL (the postgresql project)');

const STARTS = 5;
const config = freshDatabaseConfig('test');
const orms: Orm[] = [];

afterAll(async () => {
  await orms[0]?.em.fork().execute(`drop schema if exists "${config.schema}" cascade`);
  await Promise.all(orms.map((orm) => orm.close(true)));
});

describe('concurrent starts on a fresh schema', () => {
  it('all succeed; each migration is applied and recorded once, the reference tables loaded once', async () => {
    for (let i = 0; i < STARTS; i += 1) orms.push(await openOrm(config));
    const results = await Promise.allSettled(orms.map((orm) => prepareDatabase(orm)));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    expect(failures).toEqual([]);
    const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));

    const applied = started.flatMap((start) => start.migrations);
    expect(applied.sort()).toEqual(migrations.map((m) => m.name).sort());
    expect(started.filter((start) => start.migrations.length > 0)).toHaveLength(1);
    expect(started.filter((start) => start.referenceReloaded)).toHaveLength(1);

    const recorded = await orms[0]!.em
      .fork()
      .execute<{ name: string; times: number }[]>('select name, count(*)::int as times from mikro_orm_migrations group by name');
    expect(recorded).toHaveLength(migrations.length);
    expect(recorded.filter((row) => row.times !== 1)).toEqual([]);
    expect(await pendingMigrations(orms[STARTS - 1]!)).toEqual([]);
  });
});
