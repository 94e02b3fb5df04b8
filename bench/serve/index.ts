// type-graphql's decorators need it before the connectors' and the hub's modules load.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { describeRejection, importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig, type DatabaseConfig } from '../../src/config.js';
import type { Orm } from '../../src/db/orm.js';
import { openOrm } from '../../src/db/orm.js';
import { prepareDatabase } from '../../src/reference.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { listen } from '../../src/gateway/serve.js';
import { databaseFor, ensureReachable, whereItRan, withBenchDatabase } from '../database.js';
import { benchmarkFile, Unavailable } from '../shared.js';
import { standaloneSubgraph, type StandaloneSubgraph } from './subgraph.js';
import { createPostgraphileFunctions, startPostgraphile, type PostgraphileServer } from './postgraphile.js';
import {
  hubRequest,
  normaliseHub,
  normalisePostgraphile,
  normaliseSql,
  postgraphileRequest,
  QUERY_LABELS,
  QUERY_NAMES,
  sqlStatement,
  type GraphqlRequest,
  type Json,
  type QueryName,
} from './queries.js';

/**
 * `npm run bench -- serve`: the three reads of issue 12 on one PostgreSQL schema holding the IATI
 * benchmark (imported, ANALYZEd, dropped afterwards), through the hub over HTTP (query limits on),
 * through PostGraphile v5 over HTTP, and as hand-written SQL; plus the gateway and the aid subgraph
 * alone, both in this process, for the gateway's own cost. Answers are checked equal first; the
 * latencies are medians of interleaved rounds; throughput of the first read by autocannon (its
 * own process) at 10 and 50 clients.
 */
const WARMUP_ROUNDS = 15;
const ROUNDS = Number(process.env.TRIBUTARY_BENCH_SERVE_ROUNDS ?? 41);
const AUTOCANNON_SECONDS = Number(process.env.TRIBUTARY_BENCH_SERVE_SECONDS ?? 10);
const CLIENTS = [10, 50] as const;

const GOALS = { postgraphile: 1.5, throughput: 0.5, gateway: 1.3 } as const;

type Way = 'hub' | 'postgraphile' | 'sql' | 'gateway' | 'subgraph';
const WAYS: readonly Way[] = ['hub', 'postgraphile', 'sql', 'gateway', 'subgraph'];
const WAY_LABELS: Readonly<Record<Way, string>> = {
  hub: 'hub (HTTP)',
  postgraphile: 'PostGraphile (HTTP)',
  sql: 'SQL',
  gateway: 'gateway (in-process)',
  subgraph: 'aid subgraph alone',
};

interface Targets {
  readonly hubUrl: string;
  readonly postgraphile: PostgraphileServer;
  readonly hub: Hub;
  readonly subgraph: StandaloneSubgraph;
  readonly orm: Orm;
  readonly pool: pg.Pool;
  readonly identifier: string;
}

export async function postJson(url: string, request: GraphqlRequest, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

export function dataOf(text: string, who: string): Json {
  const body = JSON.parse(text) as { data?: Json; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`${who} answered with errors: ${JSON.stringify(body.errors).slice(0, 800)}`);
  return body.data ?? null;
}

/** One run of one read one way; returns what the normaliser of that way takes. */
async function run(way: Way, name: QueryName, t: Targets): Promise<Json> {
  switch (way) {
    case 'hub':
      return dataOf(await postJson(t.hubUrl, hubRequest(name, t.identifier)), 'the hub');
    case 'postgraphile':
      return dataOf(await postJson(t.postgraphile.url, postgraphileRequest(name, t.identifier)), 'PostGraphile');
    case 'sql': {
      const statement = sqlStatement(name);
      const { rows } = await t.pool.query<{ answer: Json }>(statement.text, statement.values(t.identifier));
      return rows[0]?.answer ?? null;
    }
    case 'gateway': {
      const response = await t.hub.gateway.fetch('http://hub.bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(hubRequest(name, t.identifier)),
      });
      return dataOf(await response.text(), 'the gateway');
    }
    case 'subgraph':
      return dataOf(await t.subgraph.run(hubRequest(name, t.identifier)), 'the aid subgraph');
  }
}

function normalised(way: Way, name: QueryName, data: Json): Json {
  if (way === 'postgraphile') return normalisePostgraphile(name, data);
  if (way === 'sql') return normaliseSql(name, data);
  return normaliseHub(name, data);
}

function firstDifference(a: Json, b: Json, at = '$'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, Json>)[key] ?? null, (b as Record<string, Json>)[key] ?? null, `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Every way's answer to every read, normalised, against the SQL's; returns the problems. */
async function checkSameData(t: Targets): Promise<string[]> {
  const problems: string[] = [];
  for (const name of QUERY_NAMES) {
    const reference = normalised('sql', name, await run('sql', name, t));
    const size = JSON.stringify(reference).length;
    for (const way of WAYS.filter((w) => w !== 'sql')) {
      const answer = normalised(way, name, await run(way, name, t));
      const difference = firstDifference(answer, reference);
      if (difference) problems.push(`${QUERY_LABELS[name]}: ${WAY_LABELS[way]} differs from SQL at ${difference}`);
    }
    console.log(
      `  ${QUERY_LABELS[name]}: ${problems.length ? 'checked' : 'same data every way'} (${size.toLocaleString('en')} chars normalised)`,
    );
  }
  return problems;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Rounds of every read every way, the order of the ways turning each round; medians in ms. */
interface Medians {
  /** Wall clock, ms. */
  readonly wall: Map<QueryName, Map<Way, number>>;
  /** CPU time of this process (both servers run in it), ms: steadier than wall clock on a busy machine. */
  readonly cpu: Map<QueryName, Map<Way, number>>;
}

async function latencies(t: Targets): Promise<Medians> {
  const times = new Map(QUERY_NAMES.map((name) => [name, new Map(WAYS.map((way) => [way, [] as number[]]))]));
  const cpuTimes = new Map(QUERY_NAMES.map((name) => [name, new Map(WAYS.map((way) => [way, [] as number[]]))]));
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
    for (const name of QUERY_NAMES) {
      for (let i = 0; i < WAYS.length; i += 1) {
        const way = WAYS[(i + round) % WAYS.length] as Way;
        const started = performance.now();
        const cpu = process.cpuUsage();
        await run(way, name, t);
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        if (round >= WARMUP_ROUNDS) {
          times.get(name)?.get(way)?.push(ms);
          cpuTimes
            .get(name)
            ?.get(way)
            ?.push((used.user + used.system) / 1000);
        }
      }
    }
  }
  const medians = (all: typeof times) =>
    new Map([...all].map(([name, ways]) => [name, new Map([...ways].map(([way, ms]) => [way, median(ms)]))]));
  return { wall: medians(times), cpu: medians(cpuTimes) };
}

export interface Throughput {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly failures: number;
}

/**
 * A server still works through the requests queued when autocannon stopped (their clients gone):
 * the next run, and dropping the schema, wait for that backlog.
 */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5000));

/** autocannon in its own process (so it does not share the servers' event loop), JSON out. */
export function autocannon(
  url: string,
  request: GraphqlRequest,
  clients: number,
  headers: Record<string, string> = {},
): Promise<Throughput> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [cli, '-c', String(clients), '-d', String(AUTOCANNON_SECONDS), '-m', 'POST', '-H', 'content-type=application/json'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  args.push('-b', JSON.stringify(request), '--json', url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(0, 500)}`));
      const result = JSON.parse(out) as { requests: { average: number }; latency: { p50: number }; non2xx: number; errors: number };
      resolve({ requestsPerSecond: result.requests.average, p50: result.latency.p50, failures: result.non2xx + result.errors });
    });
  });
}

export const ms = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
export const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(2)}x` : '-');
export const cell = (cells: readonly string[], first = 46): string =>
  `${(cells[0] ?? '').padEnd(first)}${cells
    .slice(1)
    .map((c) => c.padStart(14))
    .join('')}`;

function printLatencies(medians: Map<QueryName, Map<Way, number>>, what: string): boolean {
  console.log('');
  console.log(`${what}, median of ${ROUNDS} interleaved rounds (after ${WARMUP_ROUNDS} warm-up rounds)`);
  console.log(cell(['query', 'hub', 'PostGraphile', 'SQL', 'gateway', 'subgraph', 'hub/PG', 'hub/SQL', 'gw/subgraph']));
  let met = true;
  for (const name of QUERY_NAMES) {
    const m = medians.get(name);
    const [hub, pgl, sqlMs, gateway, subgraph] = WAYS.map((w) => m?.get(w));
    console.log(
      cell([
        QUERY_LABELS[name],
        ...[hub, pgl, sqlMs, gateway, subgraph].map(ms),
        ratio(hub, pgl),
        ratio(hub, sqlMs),
        ratio(gateway, subgraph),
      ]),
    );
    if (!hub || !pgl || hub / pgl > GOALS.postgraphile || !gateway || !subgraph || gateway / subgraph > GOALS.gateway) met = false;
  }
  return met;
}

async function throughputs(t: Targets): Promise<boolean> {
  console.log('');
  console.log(`throughput, first query, autocannon ${AUTOCANNON_SECONDS} s per run (its own process), hub and PostGraphile alternating`);
  console.log(cell(['clients', 'hub req/s', 'PG req/s', 'hub/PG', 'hub p50', 'PG p50'], 12));
  let met = true;
  for (const clients of CLIENTS) {
    const hub = await autocannon(t.hubUrl, hubRequest('page', t.identifier), clients);
    await settle();
    const pgl = await autocannon(t.postgraphile.url, postgraphileRequest('page', t.identifier), clients);
    await settle();
    console.log(
      cell(
        [
          String(clients),
          hub.requestsPerSecond.toFixed(0),
          pgl.requestsPerSecond.toFixed(0),
          ratio(hub.requestsPerSecond, pgl.requestsPerSecond),
          `${hub.p50} ms`,
          `${pgl.p50} ms`,
        ],
        12,
      ),
    );
    if (hub.failures || pgl.failures) console.log(`  FAILED requests: hub ${hub.failures}, PostGraphile ${pgl.failures}`);
    if (hub.failures || pgl.failures || hub.requestsPerSecond / pgl.requestsPerSecond < GOALS.throughput) met = false;
  }
  return met;
}

/** The activity of the second read: the first by identifier that has every part the read asks for. */
export async function richActivity(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ iati_identifier: string }>(`select a.iati_identifier from aid_activity a
    where exists (select 1 from aid_transaction t where t.report_id = a.authoritative_report_id)
      and exists (select 1 from aid_sector s where s.report_id = a.authoritative_report_id and s.transaction_id is null)
      and exists (select 1 from aid_budget b where b.report_id = a.authoritative_report_id)
      and exists (select 1 from aid_participating_org p where p.report_id = a.authoritative_report_id)
      and exists (select 1 from aid_recipient_country c where c.report_id = a.authoritative_report_id)
    order by a.iati_identifier limit 1`);
  const identifier = rows[0]?.iati_identifier;
  if (!identifier) throw new Error('no activity of the benchmark has transactions, sectors, budgets, organisations and countries');
  return identifier;
}

export async function loadBenchmark(orm: Orm): Promise<void> {
  const config = loadConfig();
  await prepareDatabase(orm);
  const started = performance.now();
  const result = await importIatiFile(orm, benchmarkFile(), { limits: config.importLimits, workers: config.importWorkers });
  if (result.status !== 'succeeded') throw new Error(`import was rejected: ${result.error ? describeRejection(result.error) : ''}`);
  console.log(`  imported ${result.counts.loaded} activities in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`);
}

async function measure(orm: Orm, database: DatabaseConfig): Promise<boolean> {
  if (!database.url || !database.schema) throw new Error('the serve bench needs a PostgreSQL schema');
  const pool = new pg.Pool({ connectionString: database.url, options: `-c search_path="${database.schema}"`, max: 4 });
  let postgraphile: PostgraphileServer | undefined;
  let hub: Hub | undefined;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    await pool.query('analyze');
    await createPostgraphileFunctions(pool, database.schema);
    const identifier = await richActivity(pool);
    const config = loadConfig();
    // The query limits as configured (depth, aliases, tokens, cost, response size, deadline); no
    // per-caller rate limit, which would cap the throughput runs at 300 requests a minute.
    hub = await createHub(orm, {
      development: false,
      auth: { ...config.auth, publicDomains: ['aid'] },
      limits: { ...config.limits, ratePerMinute: 0 },
    });
    server = await listen(hub, 0, '127.0.0.1');
    const built = hub.composed.subgraphs.get('aid');
    if (!built) throw new Error('the hub has no aid subgraph');
    const subgraph = standaloneSubgraph(built, orm);
    postgraphile = await startPostgraphile(database.url, database.schema);
    const targets: Targets = {
      hubUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      postgraphile,
      hub,
      subgraph,
      orm,
      pool,
      identifier,
    };
    console.log(`  second read's activity: ${identifier}`);
    const problems = await checkSameData(targets);
    for (const problem of problems) console.log(`  NOT THE SAME DATA: ${problem}`);
    const medians = await latencies(targets);
    const latencyMet = printLatencies(medians.wall, 'latency (wall clock)');
    printLatencies(medians.cpu, 'CPU time of the bench process per request (both servers run in it; SQL: the client side only)');
    console.log(
      "(hub and PostGraphile over HTTP on 127.0.0.1 with keep-alive; gateway = the hub's fetch handler called in-process; subgraph alone = the hub's in-process aid subgraph server on the parsed operation, plus JSON.stringify)",
    );
    const throughputMet = await throughputs(targets);
    console.log('');
    console.log(
      `goals: each read <= ${GOALS.postgraphile}x PostGraphile and gateway <= ${GOALS.gateway}x the subgraph alone: ${latencyMet ? 'met' : 'NOT met'}; ` +
        `throughput >= ${GOALS.throughput}x PostGraphile: ${throughputMet ? 'met' : 'NOT met'}`,
    );
    return problems.length === 0;
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await postgraphile?.close();
    await hub?.close();
    await pool.end();
  }
}

/**
 * A fresh schema loaded with the benchmark and dropped afterwards; or, for working on the bench,
 * an already loaded schema named by TRIBUTARY_BENCH_SERVE_SCHEMA (reused as it is, never dropped).
 */
export async function withServeSchema(work: (orm: Orm, database: DatabaseConfig) => Promise<boolean>): Promise<boolean> {
  const reused = process.env.TRIBUTARY_BENCH_SERVE_SCHEMA?.trim();
  if (!reused) {
    return withBenchDatabase('postgresql', async (orm, database) => {
      console.log(`  ${whereItRan('postgresql', database)}`);
      await loadBenchmark(orm);
      return work(orm, database);
    });
  }
  const database = { ...databaseFor('postgresql'), schema: reused };
  const orm = await openOrm(database);
  try {
    await ensureReachable(orm, database);
    console.log(`  reusing schema ${reused} as loaded (not dropped)`);
    return await work(orm, database);
  } finally {
    await orm.close(true);
  }
}

export async function benchServe(): Promise<boolean> {
  console.log(
    `\ntributary bench, serve: the reads of issue 12 on PostgreSQL; ${availableParallelism()} cores, node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(2)} at start (servers, database and load generator share the cores)`,
  );
  try {
    return await withServeSchema(measure);
  } catch (error) {
    if (error instanceof Unavailable) {
      console.log(`  NOT MEASURED: ${error.message}`);
      return true;
    }
    console.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  }
}
