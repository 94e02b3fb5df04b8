import { describeRejection, importIatiFile } from '../../connectors/iati/import.js';
import type { Config } from '../../src/config.js';
import { currentActivityIds } from '../../src/aid/facts.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { databaseFor, ensureReachable, whereItRan, withBenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';

/**
 * The simplest placement the engine makes, in one SQL statement: each activity's DAC 5-digit
 * sectors into COFOG through the active dac5 → cofog rules, with the unmapped rest. What the
 * engine does on top (national charts, organisations, reported budget items, transactions' own
 * sectors, fiscal-year spans, alignment on eight dimensions) is why it is slower.
 */
const BASELINE = `create temporary table bench_baseline as
  select a.id as activity_id, m.target_code,
         coalesce(s.percentage, 100.0 / count(*) over (partition by a.id)) * coalesce(m.share, 100) / 100 as share
  from aid_activity a
  join aid_sector s on s.report_id = a.authoritative_report_id and s.transaction_id is null and s.vocabulary = '1'
  left join map_rule m on m.status = 'active' and m.source_scheme = 'dac5' and m.source_code = s.code and m.target_scheme = 'cofog'`;

/**
 * (g, h) Applying the mapping rules to every activity of the benchmark file on PostgreSQL, against
 * (g) the one-statement placement above, in the same process on the same data. Importing the file
 * (26 s) and loading the default rules are not timed. TRIBUTARY_BENCH_MAPPING_SCHEMA names a schema
 * to keep between runs: loaded on the first, reused as it is (never dropped) after.
 */
export async function mappingApply(file: string, config: Config): Promise<Measurement> {
  const kept = process.env.TRIBUTARY_BENCH_MAPPING_SCHEMA?.trim();
  if (kept) {
    const database = { ...databaseFor('postgresql'), schema: kept };
    const orm = await openOrm(database);
    try {
      await ensureReachable(orm, database);
      return await measure(orm, file, config, `${whereItRan('postgresql', database).replace(' (dropped)', '')} (kept)`);
    } finally {
      await orm.close(true);
    }
  }
  return withBenchDatabase('postgresql', (orm, database) => measure(orm, file, config, whereItRan('postgresql', database)));
}

async function measure(orm: Orm, file: string, config: Config, where: string): Promise<Measurement> {
  await prepareDatabase(orm);
  if ((await currentActivityIds(orm.em.fork())).length === 0) {
    const imported = await importIatiFile(orm, file, { limits: config.importLimits, workers: config.importWorkers });
    if (imported.status !== 'succeeded') throw new Error(`import was rejected: ${imported.error ? describeRejection(imported.error) : ''}`);
  }
  const em = orm.em.fork();
  const baselineStarted = performance.now();
  await em.transactional((tx) => tx.execute(BASELINE));
  const baseline = (performance.now() - baselineStarted) / 1000;
  const started = performance.now();
  const summary = await em.transactional(async (tx) => applyToActivities(tx, await activitiesToApply(tx, 'all')));
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    records: summary.activities,
    counts: null,
    note: `${where}; baseline (one SQL statement, sectors → COFOG only) ${baseline.toFixed(2)} s; ${summary.assignments} assignments written`,
    baselineSeconds: baseline,
  };
}
