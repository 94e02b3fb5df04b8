import { describeRejection, importIatiFile } from '../../connectors/iati/import.js';
import type { Config } from '../../src/config.js';
import { currentActivityIds } from '../../src/aid/facts.js';
import { openOrm, type EntityManager, type Orm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { activitiesToApply, applyToActivities } from '../../src/mapping/apply/run.js';
import { databaseFor, ensureReachable, whereItRan, withBenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';
import { cpuSeconds } from '../cpu.js';
import { BASELINE_STATEMENTS } from './mapping-baseline.js';

/** What both write, as sorted text (ids aside): every COFOG assignment and every activity alignment. */
const WRITTEN = `select md5(string_agg(line, E'\\n' order by line)) as digest, count(*)::int as n from (
    select concat_ws(' | ', activity_id, transaction_id, country, target_scheme, target_code, share::text, valid_from, valid_to, provenance,
      rule_ids::text, source_scheme, source_code) as line from map_assignment where target_scheme = 'cofog'
    union all
    select concat_ws(' | ', activity_id, transaction_id, weighting, dimensions::text) from map_alignment
    union all
    select 'applied ' || activity_id from map_applied) as written`;

const ROUNDS = 3;

/**
 * (g, h) Applying the mapping rules to every activity of the benchmark file on PostgreSQL, against
 * (g) hand-written SQL writing the same rows (mapping-baseline.ts), in the same process on the same
 * data, interleaved over three rounds: the medians of the CPU time of this process and of its
 * database backend (a loaded machine's wall clock says little). Importing the file (26 s) and
 * loading the default rules are not timed. TRIBUTARY_BENCH_MAPPING_SCHEMA names a schema
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
  const baseline: Timing[] = [];
  const apply: Timing[] = [];
  let written = { baseline: '', apply: '', nationalRows: 0, assignments: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(
      await cpuSeconds(em, async (tx) => {
        for (const statement of BASELINE_STATEMENTS) await tx.execute(statement);
      }),
    );
    const byBaseline = await digest(em);
    let assignments = 0;
    apply.push(
      await cpuSeconds(em, async (tx) => {
        assignments = (await applyToActivities(tx, await activitiesToApply(tx, 'all'))).assignments;
      }),
    );
    const byApply = await digest(em);
    const [national] = await em.execute<{ n: number }[]>(`select count(*)::int as n from map_assignment where target_scheme <> 'cofog'`);
    written = { baseline: byBaseline, apply: byApply, nationalRows: national?.n ?? 0, assignments };
  }
  if (written.baseline !== written.apply)
    throw new Error(`(g) and the apply wrote different rows: ${written.baseline} against ${written.apply}`);
  const [activities] = await em.execute<{ n: number }[]>(`select count(*)::int as n from map_applied`);
  const g = median(baseline);
  const h = median(apply);
  return {
    seconds: h.cpu,
    records: activities?.n ?? 0,
    counts: null,
    note:
      `${where}; CPU seconds (this process + its database backend), median of ${ROUNDS} interleaved rounds; wall ${h.wall.toFixed(2)} s ` +
      `against ${g.wall.toFixed(2)} s for (g); each round's rows compared: the same (${written.baseline}); ${written.assignments} assignments written, ` +
      `of which ${written.nationalRows} national-chart rows (g) does not write`,
    baselineSeconds: g.cpu,
  };
}

interface Timing {
  readonly cpu: number;
  readonly wall: number;
}

function median(timings: readonly Timing[]): Timing {
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { cpu: middle(timings.map((t) => t.cpu)), wall: middle(timings.map((t) => t.wall)) };
}

async function digest(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ digest: string; n: number }[]>(WRITTEN);
  return `${row?.n ?? 0} rows, md5 ${row?.digest ?? ''}`;
}
