import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { loadConfig, type DatabaseConfig } from '../src/config.js';
import { prepareDatabase } from '../src/reference.js';
import { CLI, PROBE, peakRssKb, runCommand } from './cases/command.js';
import { whereItRan, withBenchDatabase } from './database.js';
import { ROWS_PER_ACTIVITY, COUNTRY, addGeneratedActivities, loadGeneratedCountry } from './export-country.js';
import { Unavailable } from './shared.js';

/**
 * (r) The floor: one SQL statement reading the same rows (activity × fiscal year × vote, its
 * money by kind split by the vote's share) from the same tables, `COPY`'d as CSV to a file.
 * No conversion, no exact splitting, no alignment: what the export adds on top is its cost.
 */
const BASELINE = `copy (
  with money as (
    select a.id, a.iati_identifier, r.title, r.reporting_org_name as donor, t.currency, t.type as kind, t.value,
           extract(year from t.date)::int - case when extract(month from t.date) < 7 then 1 else 0 end as fy
    from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id
    join aid_transaction t on t.report_id = r.id
    union all
    select a.id, a.iati_identifier, r.title, r.reporting_org_name, b.currency, 'forward', b.value,
           extract(year from b.period_start)::int - case when extract(month from b.period_start) < 7 then 1 else 0 end
    from aid_activity a join aid_activity_report r on r.id = a.authoritative_report_id
    join aid_budget b on b.report_id = r.id
  )
  select m.iati_identifier, m.title, m.donor, m.fy, s.target_code, s.share, m.currency,
         sum(m.value) filter (where kind = '2') * s.share / 100 as committed,
         sum(m.value) filter (where kind = '3') * s.share / 100 as disbursed,
         sum(m.value) filter (where kind = '4') * s.share / 100 as expended,
         sum(m.value) filter (where kind = 'forward') * s.share / 100 as forward
  from money m
  join map_assignment s on s.activity_id = m.id and s.target_scheme = 'coa:administrative' and s.transaction_id is null
  group by m.id, m.iati_identifier, m.title, m.donor, m.fy, s.target_code, s.share, m.currency
  order by m.id, m.fy, s.target_code
) to stdout (format csv, header)`;

interface Measured {
  readonly label: string;
  readonly rows: number;
  /** The export itself, query through file, as the command reports it. */
  readonly seconds: number;
  /** The command from start to exit (Node's start, the re-run under the export heap, opening the database). */
  readonly wallSeconds: number;
  readonly bytes: number;
  readonly peakRssKb: number | null;
  /** CPU seconds of the command's processes (the database server's not counted). */
  readonly cpuSeconds: number | null;
}

/** Lines of a file (COPY's own count is set only after its stream has ended). */
async function lines(file: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (const byte of chunk) if (byte === 10) count += 1;
  return count;
}

async function copyBaseline(database: DatabaseConfig, file: string): Promise<Measured> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`set search_path to "${database.schema}"`);
    const started = performance.now();
    const copy = client.query(copyTo(BASELINE));
    await pipeline(copy, createWriteStream(file));
    const seconds = (performance.now() - started) / 1000;
    return {
      label: '(r) SQL COPY of the same rows',
      rows: (await lines(file)) - 1,
      seconds,
      wallSeconds: seconds,
      bytes: (await stat(file)).size,
      peakRssKb: null,
      cpuSeconds: null,
    };
  } finally {
    await client.end();
  }
}

async function exportCommand(database: DatabaseConfig, format: 'xlsx' | 'csv', file: string, expected: number): Promise<Measured> {
  const env = { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url, TRIBUTARY_DB_SCHEMA: database.schema };
  const started = performance.now();
  const done = await runCommand(['--import', PROBE, CLI, 'export', 'budget', '--country', COUNTRY, '--format', format, '-o', file], env);
  const wallSeconds = (performance.now() - started) / 1000;
  if (done.code !== 0) throw new Error(`export budget (${format}) exited with code ${done.code}:\n${done.stderr}`);
  const summary = /: ([\d,]+) rows for .* in ([\d.]+) s$/m.exec(done.stdout);
  if (!summary) throw new Error(`export budget (${format}) printed no summary: ${done.stdout}`);
  const rows = Number(summary[1]!.replaceAll(',', ''));
  if (rows !== expected) throw new Error(`export budget (${format}) wrote ${rows} rows, ${expected} expected`);
  return {
    label: `(${format === 'xlsx' ? 's' : 't'}) \`export budget\` ${format.toUpperCase()}`,
    rows,
    seconds: Number(summary[2]),
    wallSeconds,
    bytes: (await stat(file)).size,
    peakRssKb: peakRssKb(done.stderr),
    cpuSeconds: [...done.stderr.matchAll(/^rss-probe cpu: \d+ ([\d.]+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0),
  };
}

function printTable(size: number, measured: readonly Measured[]): void {
  const baseline = measured[0]!;
  const cell = (values: readonly string[]) => values.map((v, i) => (i === 0 ? v.padEnd(32) : v.padStart(11))).join(' ');
  console.log(`\nend to end, ${size.toLocaleString('en')} rows of the view (load average ${loadavg()[0]?.toFixed(2)} now)`);
  console.log(cell(['case', 'seconds', 'rows/s', 'x (r)', 'wall s', 'CPU s', 'rows/CPU s', 'MB written', 'peak RSS MB']));
  for (const m of measured)
    console.log(
      cell([
        m.label,
        m.seconds.toFixed(2),
        Math.round(m.rows / m.seconds).toLocaleString('en'),
        `${(baseline.seconds / m.seconds).toFixed(2)}x`,
        m.wallSeconds.toFixed(2),
        m.cpuSeconds === null ? '-' : m.cpuSeconds.toFixed(2),
        m.cpuSeconds === null ? '-' : Math.round(m.rows / m.cpuSeconds).toLocaleString('en'),
        (m.bytes / 1e6).toFixed(1),
        m.peakRssKb === null ? '-' : (m.peakRssKb / 1024).toFixed(0),
      ]),
    );
  for (const m of measured.slice(1)) {
    const rate = m.rows / m.seconds;
    const rss = (m.peakRssKb ?? 0) / 1024;
    console.log(
      `goal: ${m.label} >= 50,000 rows/s and <= 256 MB: ${Math.round(rate).toLocaleString('en')} rows/s, ${rss.toFixed(0)} MB, ${rate >= 50_000 && rss <= 256 ? 'met' : 'NOT met'}`,
    );
  }
}

/** `TRIBUTARY_BENCH_EXPORT_ROWS=10000,20000` for a quick run; multiples of ten rows, growing. */
function sizesWanted(): number[] {
  const given = process.env.TRIBUTARY_BENCH_EXPORT_ROWS?.split(',').map(Number) ?? [100_000, 200_000];
  if (given.some((n, i) => !Number.isInteger(n) || n <= 0 || n % ROWS_PER_ACTIVITY !== 0 || n <= (given[i - 1] ?? 0)))
    throw new Error(`TRIBUTARY_BENCH_EXPORT_ROWS: "${given.join(',')}" is not growing multiples of ${ROWS_PER_ACTIVITY}`);
  return given;
}

/**
 * `npm run bench -- export`, end to end: a generated country loaded into a fresh PostgreSQL schema
 * (not timed), then `tributary export budget` run as an operator runs it, XLSX and CSV, at 100,000
 * and then 200,000 rows of the view (the same schema, twice the activities), against (r) one SQL
 * `COPY` of the same rows. The command's own "in … s" is the export (query through file); its
 * wall clock, its CPU time (both processes: start-up included) and the peak RSS of its largest
 * process are beside it.
 */
export async function benchExportEndToEnd(sizes: readonly number[] = sizesWanted()): Promise<boolean> {
  const config = loadConfig();
  const dir = await mkdtemp(path.join(tmpdir(), 'tributary-bench-export-e2e-'));
  try {
    return await withBenchDatabase('postgresql', async (orm, database) => {
      console.log(`\nexport end to end: ${whereItRan('postgresql', database)}`);
      await prepareDatabase(orm);
      await loadGeneratedCountry(orm, dir);
      let activities = 0;
      for (const size of sizes) {
        const started = performance.now();
        const wanted = size / ROWS_PER_ACTIVITY;
        await addGeneratedActivities(orm, config, dir, activities, wanted - activities);
        activities = wanted;
        await orm.em.fork().execute('analyze');
        console.log(
          `generated ${activities.toLocaleString('en')} activities in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`,
        );
        const measured = [await copyBaseline(database, path.join(dir, 'baseline.csv'))];
        if (measured[0]!.rows !== size) throw new Error(`the baseline read ${measured[0]!.rows} rows, ${size} expected`);
        for (const format of ['xlsx', 'csv'] as const)
          measured.push(await exportCommand(database, format, path.join(dir, `export.${format}`), size));
        printTable(size, measured);
      }
      return true;
    });
  } catch (error) {
    if (error instanceof Unavailable) {
      console.log(`export end to end: not measured: ${error.message}`);
      return true;
    }
    console.log(`export end to end: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
