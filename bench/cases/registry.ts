import { sql } from 'kysely';
import { secretOf } from '../../src/auth/jwt.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import type { Config } from '../../src/config.js';
import { kysely } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { loadRegistryBatch } from '../../src/registry/load/batch.js';
import { PeriodGrain, RegistryDimension as D, RegistryMeasure as M } from '../../src/registry/statistics/dimensions.js';
import { registryStatistics } from '../../src/registry/statistics/table.js';
import { whereItRan, withBenchDatabase, type BenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';

/** The demo registry at ten times its size: 20,000 households, a year of monthly payrolls. */
const HOUSEHOLDS = 20_000;

/** The same payments grouped by programme, district, month and sex in one plain SQL statement: no age, no payee rules, no perturbation. */
const BASELINE = sql`select p.programme_code, h.area_code, p.cycle, count(*), sum(p.amount)
  from reg_payment p left join reg_household h on h.id = p.household_id group by 1, 2, 3`;

/**
 * (j, k) Two registry statistics as an analyst asks them — payments by programme × district ×
 * month × sex, and beneficiaries by programme × district × sex × age band — perturbed by the cell
 * key method (in its worker thread), against (i) the plain GROUP BY above on the same data in the same process. Loading
 * the registry is not timed.
 */
export async function registryTables(kind: BenchDatabase, config: Config): Promise<Measurement> {
  return withBenchDatabase(kind, async (orm, database) => {
    await prepareDatabase(orm);
    const batch = generateRegistry({ households: HOUSEHOLDS });
    const key = (await secretOf(config.registry.idHashKey)) ?? 'the-benchmark-national-id-hash-key-0123';
    await orm.em.fork().transactional((em) => loadRegistryBatch(em, 'bench', batch, key));
    const em = orm.em.fork();
    const baselineStarted = performance.now();
    await BASELINE.execute(kysely(em));
    const baseline = (performance.now() - baselineStarted) / 1000;
    const request = {
      totals: [[]],
      from: '2024-10-01',
      to: '2025-09-30',
      grain: PeriodGrain.MONTH,
      areaLevel: 2,
      programmes: null,
      area: null,
      statuses: null,
      country: null,
    };
    const started = performance.now();
    const payments = await registryStatistics(
      em,
      { ...request, measure: M.PAYMENTS, by: [D.PROGRAMME, D.AREA, D.PERIOD, D.SEX] },
      { exact: false, k: 5 },
      { k: 5, maxSize: Number.MAX_SAFE_INTEGER, deadlineMs: 600_000 },
      '2025-09-30',
    );
    const paymentsSeconds = (performance.now() - started) / 1000;
    const people = await registryStatistics(
      em,
      { ...request, from: null, to: '2025-09-30', measure: M.BENEFICIARIES, by: [D.PROGRAMME, D.AREA, D.SEX, D.AGE_BAND] },
      { exact: false, k: 5 },
      { k: 5, maxSize: Number.MAX_SAFE_INTEGER, deadlineMs: 600_000 },
      '2025-09-30',
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      records: batch.payments.length,
      counts: null,
      note:
        `${whereItRan(kind, database)}; ${HOUSEHOLDS.toLocaleString('en')} households, ${batch.payments.length.toLocaleString('en')} payments; ` +
        `payments table ${paymentsSeconds.toFixed(2)} s (${payments.cells.length} cells, perturbed), ` +
        `beneficiaries table ${(seconds - paymentsSeconds).toFixed(2)} s (${people.cells.length} cells, perturbed); ` +
        `baseline (one GROUP BY of the payments) ${baseline.toFixed(2)} s`,
      baselineSeconds: baseline,
    };
  });
}
