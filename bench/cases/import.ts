import type { Config } from '../../src/config.js';
import { migrate } from '../../src/db/orm.js';
import { describeRejection, importIatiFile } from '../../connectors/iati/import.js';
import { whereItRan, withBenchDatabase, type BenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';

/**
 * (c) The whole import, as the CLI runs it (this process has the CLI's heap flags), into a fresh
 * in-memory PGlite or a fresh schema on a PostgreSQL server that is dropped afterwards. Opening
 * and migrating the database are not timed.
 */
export async function importInto(kind: BenchDatabase, file: string, config: Config): Promise<Measurement> {
  return withBenchDatabase(kind, async (orm, database) => {
    await migrate(orm);
    const started = performance.now();
    const result = await importIatiFile(orm, file, { limits: config.importLimits, workers: config.importWorkers });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 'succeeded') {
      throw new Error(`import was rejected: ${result.error ? describeRejection(result.error) : 'no reason given'}`);
    }
    const { seen, loaded, quarantined } = result.counts;
    return {
      seconds,
      records: seen,
      counts: { loaded, quarantined },
      note: `${whereItRan(kind, database)}, ${config.importWorkers} parse workers`,
    };
  });
}
