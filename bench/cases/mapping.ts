import { describeRejection, importIatiFile } from '../../connectors/iati/import.js';
import type { Config } from '../../src/config.js';
import { prepareDatabase } from '../../src/reference.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { whereItRan, withBenchDatabase } from '../database.js';
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
 * (26 s) and loading the default rules are not timed.
 */
export async function mappingApply(file: string, config: Config): Promise<Measurement> {
  return withBenchDatabase('postgresql', async (orm, database) => {
    await prepareDatabase(orm);
    const imported = await importIatiFile(orm, file, { limits: config.importLimits, workers: config.importWorkers });
    if (imported.status !== 'succeeded') throw new Error(`import was rejected: ${imported.error ? describeRejection(imported.error) : ''}`);
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
      note: `${whereItRan('postgresql', database)}; baseline (one SQL statement, sectors → COFOG only) ${baseline.toFixed(2)} s; ${summary.assignments} assignments written`,
      baselineSeconds: baseline,
    };
  });
}
