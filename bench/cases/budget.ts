import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importBudgetFile, resolveColumnMap } from '../../connectors/ifmis/import.js';
import { readBudgetFile } from '../../connectors/ifmis/read.js';
import { BUDGET_STAGES, type BudgetRecord } from '../../connectors/ifmis/types.js';
import { loadConfig } from '../../src/config.js';
import { prepareDatabase } from '../../src/reference.js';
import { countryCoa } from '../../src/finance/coa/load.js';
import { lineKey } from '../../src/finance/load/budget.js';
import { whereItRan, withBenchDatabase, type BenchDatabase } from '../database.js';
import type { Measurement } from '../shared.js';

/** Mexico's 2016 federal budget as SHCP publishes it: a zipped CP850 CSV of 75,312 lines. */
const BUDGET_FILE = ['budget', 'mexico-pef-2016', 'pef-2016-original.csv.zip'];
const MAP = 'mexico-pef-2016';

export function budgetFile(): string {
  const file = path.join(loadConfig().sampleDataDir, ...BUDGET_FILE);
  if (!existsSync(file)) throw new Error(`budget benchmark file not found: ${file} (TRIBUTARY_SAMPLE_DATA)`);
  return file;
}

/**
 * (e, f) `tributary import budget` as the CLI runs it: unzip, decode CP850, read, check every
 * line against the chart of accounts, and write, in one transaction. Opening the database and
 * loading the reference tables are not timed.
 */
export async function budgetImport(kind: BenchDatabase): Promise<Measurement> {
  return withBenchDatabase(kind, async (orm, database) => {
    await prepareDatabase(orm);
    const map = await resolveColumnMap(MAP);
    const started = performance.now();
    const result = await importBudgetFile(orm, { path: budgetFile() }, { map });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 'succeeded') throw new Error(`budget import was rejected: ${result.error?.message ?? 'no reason given'}`);
    return {
      seconds,
      records: result.counts.seen,
      counts: { loaded: result.counts.loaded, quarantined: 0 },
      note: whereItRan(kind, database),
    };
  });
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows `loadBudget` writes, as the CSV `COPY` reads: empty unquoted cells are NULL. */
function copyText(records: readonly BudgetRecord[], datasetId: number): string {
  const order = [...countryCoa('MX').segments.keys()];
  return records
    .map((r) =>
      [datasetId, r.country, r.fiscalYear, lineKey(r, order), JSON.stringify(r.codes), r.currency, r.row]
        .map(csvCell)
        .concat(BUDGET_STAGES.map((stage) => r.amounts[stage] ?? ''))
        .join(','),
    )
    .join('\n');
}

/**
 * (d) The baseline: PostgreSQL's own `COPY` of the same 75,312 lines into the same table (same
 * indexes), from rows already rendered in memory: reading the export and rendering are not timed.
 */
export async function budgetCopy(): Promise<Measurement> {
  return withBenchDatabase('postgresql', async (orm, database) => {
    await prepareDatabase(orm);
    const records = await readBudgetFile(budgetFile(), await resolveColumnMap(MAP));
    const [dataset] = await orm.em
      .fork()
      .execute<{ id: number }[]>(
        `insert into fin_budget_dataset (country, name, fiscal_year, currency, input, import_run_id) values ('MX', 'copy', '2016', 'MXN', 'bench', 0) returning id`,
      );
    const text = copyText(records, dataset?.id ?? 0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`set search_path to "${database.schema}"`);
      const columns = ['dataset_id', 'country', 'fiscal_year', 'line_key', 'codes', 'currency', 'source_row', ...BUDGET_STAGES].join(', ');
      const started = performance.now();
      await client.query('begin');
      await pipeline(Readable.from([text]), client.query(copyFrom(`copy fin_budget_line (${columns}) from stdin (format csv)`)));
      await client.query('commit');
      const seconds = (performance.now() - started) / 1000;
      return { seconds, records: records.length, counts: null, note: whereItRan('postgresql', database) };
    } finally {
      await client.end();
    }
  });
}
