// type-graphql's decorators need it before the demo loader's modules load.
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { IDENTITY_HEADER, signIdentity } from '../../src/auth/forwarded-identity.js';
import { ANONYMOUS } from '../../src/auth/viewer.js';
import { ANALYST_QUERY } from '../../src/cli/demo/analyst-query.js';
import { loadDemo } from '../../src/cli/commands/demo.js';
import { loadConfig, type DatabaseConfig } from '../../src/config.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { projectRoot } from '../../src/paths.js';
import { prepareDatabase } from '../../src/reference.js';
import { whereItRan, withBenchDatabase } from '../database.js';
import { Unavailable } from '../shared.js';
import { autocannon, cell, dataOf, median, ms, postJson, ratio, richActivity, settle, withServeSchema } from './index.js';
import { cpuPerCall } from './process-cpu.js';
import { hubRequest, QUERY_LABELS, type GraphqlRequest, type QueryName } from './queries.js';

/**
 * `npm run bench -- split`: split mode on PostgreSQL (the IATI benchmark imported into a fresh
 * schema, dropped afterwards). Every subgraph a `tributary serve --subgraph` process and one
 * `tributary serve --gateway`, as a ministry would run them; an aid-only read, nested, sent
 * through the gateway over HTTP against the same read sent straight to the aid service over HTTP
 * (signed as the gateway signs it). Medians of interleaved rounds; the CPU time per request of
 * the processes on each path (gateway and aid service, or the service alone) in alternating
 * blocks; then autocannon. Last, on the demo data in a schema of its own, the analyst's
 * cross-domain query through the split gateway against the single-process hub.
 */
const WARMUP_ROUNDS = 15;
const ROUNDS = Number(process.env.TRIBUTARY_BENCH_SERVE_ROUNDS ?? 41);
const CLIENTS = 10;
const GOAL = 1.3;
/** The single-subgraph reads measured: the nested one the goal is about, and a page. */
const READS: readonly QueryName[] = ['activity', 'page'];

/** CPU blocks: requests per block, and blocks per way (alternating). */
const CPU_CALLS = Number(process.env.TRIBUTARY_BENCH_SPLIT_CPU_CALLS ?? 150);
const CPU_BLOCKS = 5;

/** Rounds for the cross-domain query (a slower read, measured against the whole single-process hub). */
const CROSS_WARMUP_ROUNDS = 3;
const CROSS_ROUNDS = Math.max(3, Math.round(ROUNDS / 4));

/**
 * The analyst's cross-domain query of issue 14 (budget line → aid mapped to it → programmes and
 * their payments by district), on the demo data, through the split gateway against the
 * single-process hub on the same database, as the roles it is asked by: a registry officer
 * (exact figures) and an analyst (small cells perturbed).
 */
export const CROSS_DOMAIN_READS: readonly {
  readonly label: string;
  readonly request: GraphqlRequest;
  readonly role: 'registry-officer' | 'analyst';
}[] = [
  { label: "analyst's query, registry officer", request: { query: ANALYST_QUERY, variables: {} }, role: 'registry-officer' },
  { label: "analyst's query, analyst", request: { query: ANALYST_QUERY, variables: {} }, role: 'analyst' },
];

const CLI = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');

interface Served {
  readonly url: string;
  readonly child: ChildProcess;
}

function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /serving http:\/\/localhost:(\d+)\/graphql/.exec(output)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/graphql`, child });
    });
    child.once('exit', (code) => reject(new Error(`tributary serve ${args.join(' ')} exited with ${code}: ${output.slice(-800)}`)));
  });
}

async function stopAll(served: readonly Served[]): Promise<void> {
  await Promise.all(
    served.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Medians, ms, of each way of a read, the order of the ways turning each round. */
async function interleaved(
  ways: ReadonlyMap<string, () => Promise<unknown>>,
  warmup = WARMUP_ROUNDS,
  rounds = ROUNDS,
): Promise<Map<string, number>> {
  const times = new Map([...ways.keys()].map((way) => [way, [] as number[]]));
  const names = [...ways.keys()];
  for (let round = 0; round < warmup + rounds; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const way = names[(i + round) % names.length] ?? '';
      const started = performance.now();
      await ways.get(way)?.();
      if (round >= warmup) times.get(way)?.push(performance.now() - started);
    }
  }
  return new Map([...times].map(([way, values]) => [way, median(values)]));
}

/** The environment of every process of one deployment: the schema, a fresh secret, API keys for the cross-domain roles. */
function deploymentEnv(database: DatabaseConfig, secret: string, keys: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    TRIBUTARY_DB_SCHEMA: database.schema,
    TRIBUTARY_SUBGRAPH_SECRET: secret,
    TRIBUTARY_PUBLIC_DOMAINS: 'aid',
    TRIBUTARY_RATE_LIMIT: '0',
    TRIBUTARY_API_KEYS: Object.entries(keys)
      .map(([role, key]) => `bench-${role}:${role}:${key}`)
      .join(','),
  };
}

/** Five subgraph services and one gateway over them. */
async function startSplit(env: NodeJS.ProcessEnv, served: Served[]): Promise<{ gateway: Served; aid: Served }> {
  const services = await Promise.all(subgraphs.map((module) => serve(['--subgraph', module.name], env)));
  served.push(...services);
  const list = subgraphs.map((module, index) => `${module.name}=${services[index]?.url}`).join(',');
  const gateway = await serve(['--gateway', '--subgraphs', list], env);
  served.push(gateway);
  const aid = services[subgraphs.findIndex((module) => module.name === 'aid')];
  if (!aid) throw new Error('no aid service');
  return { gateway, aid };
}

/** CPU ms per request of each path, median of alternating blocks: through the gateway (gateway + aid service) and straight to the service. */
async function cpuPerRequest(
  gateway: Served,
  aid: Served,
  viaGateway: () => Promise<unknown>,
  straight: () => Promise<unknown>,
): Promise<{ gateway: number; service: number } | null> {
  const [gatewayPid, aidPid] = [gateway.child.pid, aid.child.pid];
  if (gatewayPid === undefined || aidPid === undefined) return null;
  const through: number[] = [];
  const alone: number[] = [];
  for (let block = 0; block < CPU_BLOCKS; block += 1) {
    const g = await cpuPerCall([gatewayPid, aidPid], CPU_CALLS, viaGateway);
    const s = await cpuPerCall([aidPid], CPU_CALLS, straight);
    if (g === null || s === null) return null;
    through.push(g);
    alone.push(s);
  }
  return { gateway: median(through), service: median(alone) };
}

async function measureReads(database: DatabaseConfig): Promise<boolean> {
  const pool = new pg.Pool({ connectionString: database.url, options: `-c search_path="${database.schema}"`, max: 2 });
  const secret = randomBytes(33).toString('base64url');
  const env = deploymentEnv(database, secret, {});
  const served: Served[] = [];
  try {
    await pool.query('analyze');
    const identifier = await richActivity(pool);
    const { gateway, aid } = await startSplit(env, served);
    // Straight to the service, as the gateway calls it: the anonymous caller's identity, signed for this body.
    const direct = (request: GraphqlRequest) => {
      const body = JSON.stringify(request);
      return postJson(aid.url, request, { [IDENTITY_HEADER]: signIdentity(secret, ANONYMOUS, body) });
    };
    console.log(`  second read's activity: ${identifier}; services and gateway: ${served.length} processes`);
    console.log('');
    console.log(`latency (wall clock), median of ${ROUNDS} interleaved rounds (after ${WARMUP_ROUNDS} warm-up rounds);`);
    console.log(`CPU ms per request of the processes on the path, median of ${CPU_BLOCKS} alternating blocks of ${CPU_CALLS} requests`);
    console.log(cell(['read', 'gateway (HTTP)', 'aid service', 'ratio', 'CPU gw+svc', 'CPU svc', 'CPU ratio']));
    let met = true;
    for (const name of READS) {
      const request = hubRequest(name, identifier);
      const viaGateway = dataOf(await postJson(gateway.url, request), 'the split gateway');
      const straight = dataOf(await direct(request), 'the aid service');
      if (JSON.stringify(viaGateway) !== JSON.stringify(straight))
        throw new Error(`${QUERY_LABELS[name]}: the gateway and the service differ`);
      const medians = await interleaved(
        new Map([
          ['gateway', () => postJson(gateway.url, request)],
          ['service', () => direct(request)],
        ]),
      );
      const [g, s] = [medians.get('gateway'), medians.get('service')];
      const cpu = await cpuPerRequest(
        gateway,
        aid,
        () => postJson(gateway.url, request),
        () => direct(request),
      );
      const cpuCell = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(2)} ms`);
      console.log(
        cell([
          QUERY_LABELS[name],
          ms(g),
          ms(s),
          ratio(g, s),
          cpuCell(cpu?.gateway),
          cpuCell(cpu?.service),
          ratio(cpu?.gateway, cpu?.service),
        ]),
      );
      if (name === 'activity' && (!g || !s || g / s > GOAL)) met = false;
    }
    console.log('');
    console.log(`throughput, '${QUERY_LABELS.activity}', autocannon (its own process), ${CLIENTS} clients`);
    console.log(cell(['way', 'req/s', 'p50', 'failures'], 24));
    const request = hubRequest('activity', identifier);
    const viaGateway = await autocannon(gateway.url, request, CLIENTS);
    await settle();
    // Signed just before the run: valid for its minute.
    const straight = await autocannon(aid.url, request, CLIENTS, {
      [IDENTITY_HEADER]: signIdentity(secret, ANONYMOUS, JSON.stringify(request)),
    });
    for (const [way, result] of [
      ['gateway (HTTP)', viaGateway],
      ['aid service', straight],
    ] as const) {
      console.log(cell([way, result.requestsPerSecond.toFixed(0), `${result.p50} ms`, String(result.failures)], 24));
    }
    console.log('');
    console.log(`goal: the nested read through the gateway <= ${GOAL}x the aid service alone: ${met ? 'met' : 'NOT met'}`);
    return viaGateway.failures === 0 && straight.failures === 0;
  } finally {
    await stopAll(served);
    await pool.end();
  }
}

/** The analyst's query on the demo data: the split gateway against the single-process hub, both on this schema. */
async function measureCrossDomain(database: DatabaseConfig): Promise<boolean> {
  const keys = Object.fromEntries(CROSS_DOMAIN_READS.map(({ role }) => [role, randomBytes(24).toString('hex')]));
  const env = deploymentEnv(database, randomBytes(33).toString('base64url'), keys);
  const served: Served[] = [];
  try {
    const { gateway } = await startSplit(env, served);
    const embedded = await serve([], env);
    served.push(embedded);
    console.log('');
    console.log(
      `the analyst's cross-domain query on the demo data, median of ${CROSS_ROUNDS} interleaved rounds (after ${CROSS_WARMUP_ROUNDS})`,
    );
    console.log(cell(['read', 'split', 'one process', 'ratio']));
    for (const { label, request, role } of CROSS_DOMAIN_READS) {
      const headers = { 'x-api-key': keys[role] ?? '' };
      const split = dataOf(await postJson(gateway.url, request, headers), 'the split gateway');
      const single = dataOf(await postJson(embedded.url, request, headers), 'the single-process hub');
      if (JSON.stringify(split) !== JSON.stringify(single)) throw new Error(`${label}: split and single-process answers differ`);
      const medians = await interleaved(
        new Map([
          ['split', () => postJson(gateway.url, request, headers)],
          ['embedded', () => postJson(embedded.url, request, headers)],
        ]),
        CROSS_WARMUP_ROUNDS,
        CROSS_ROUNDS,
      );
      const [a, b] = [medians.get('split'), medians.get('embedded')];
      console.log(cell([label, ms(a), ms(b), ratio(a, b)]));
    }
    return true;
  } finally {
    await stopAll(served);
  }
}

export async function benchSplit(): Promise<boolean> {
  console.log(
    `\ntributary bench, split: subgraph services and the gateway as processes on PostgreSQL; ${availableParallelism()} cores, ` +
      `node ${process.version}, load average ${loadavg()[0]?.toFixed(2)} at start (every process and the database share the cores)`,
  );
  try {
    const reads = await withServeSchema((_orm, database) => measureReads(database));
    const crossDomain = await withBenchDatabase('postgresql', async (orm, database) => {
      console.log(`\n  the demo data for the cross-domain query: ${whereItRan('postgresql', database)}`);
      const config = loadConfig({ ...process.env, TRIBUTARY_ID_HASH_KEY: randomBytes(33).toString('base64url') });
      await prepareDatabase(orm);
      await loadDemo({ ...config, database }, orm, () => undefined);
      return measureCrossDomain(database);
    });
    return reads && crossDomain;
  } catch (error) {
    if (error instanceof Unavailable) {
      console.log(`  NOT MEASURED: ${error.message}`);
      return true;
    }
    console.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  }
}
