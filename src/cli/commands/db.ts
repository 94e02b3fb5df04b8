import type { Config } from '../../config.js';
import { openOrm } from '../../db/orm.js';
import { openDatabase } from '../database.js';

export async function migrateCommand(config: Config): Promise<number> {
  const orm = await openDatabase(config, (line) => void process.stdout.write(`${line}\n`), { reloadReference: true });
  await orm.close();
  process.stdout.write('database is up to date\n');
  return 0;
}

/** Development: writes a migration for the difference between the entities and the migrations. */
export async function createMigration(config: Config, name: string): Promise<number> {
  const orm = await openOrm({ ...config.database, kind: 'pglite', dataDir: 'memory://' });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) {
      process.stdout.write('entities and migrations agree: nothing to create\n');
      return 0;
    }
    process.stdout.write(`wrote src/db/migrations/${result.fileName}; add it to src/db/migrations/index.ts\n`);
    return 0;
  } finally {
    await orm.close();
  }
}
