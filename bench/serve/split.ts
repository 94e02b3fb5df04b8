import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { IDENTITY_HEADER, signIdentity } from '../../src/auth/forwarded-identity.js';
import { ANONYMOUS } from '../../src/auth/viewer.js';
import type { DatabaseConfig } from '../../src/config.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { projectRoot } from '../../src/paths.js';
import { whereItRan, withBenchDatabase } from '../database.js';
import { Unavailable } from '../shared.js';
import { autocannon, cell, dataOf, loadBenchmark, median, ms, postJson, ratio, richActivity, settle } from './index.js';
import { hubRequest, QUERY_LABELS, type GraphqlRequest, type QueryName } from './queries.js';

/**
 * `npm run bench -- split`: split mode on PostgreSQL (the IATI benchmark imported into a fresh
 * schema, dropped afterwards). Every subgraph a `tributary serve --subgraph` process and one
 * `tributary serve --gateway`, as a ministry would run them; an aid-only read, nested, sent
 * through the gateway over HTTP against the same read sent straight to the aid service over HTTP
 * (signed as the gateway signs it). Medians of interleaved rounds, then autocannon.
 */
const WARMUP_ROUNDS = 15;
const ROUNDS = Number(process.env.TRIBUTARY_BENCH_SERVE_ROUNDS ?? 41);
const CLIENTS = 10;
const GOAL = 1.3;
/** The single-subgraph reads measured: the nested one the goal is about, and a page. */
const READS: readonly QueryName[] = ['activity', 'page'];

/**
 * The analyst's cross-domain query of issue 14 (budget line → aid mapped to it → programmes and
 * their payments by district), measured through the split gateway against the single-process hub
 * on the same database, once the graph carries those joins: add it here as a GraphqlRequest.
 */
export const CROSS_DOMAIN_READS: readonly { readonly label: string; readonly request: GraphqlRequest }[] = [];

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
async function interleaved(ways: ReadonlyMap<string, () => Promise<unknown>>): Promise<Map<string, number>> {
  const times = new Map([...ways.keys()].map((way) => [way, [] as number[]]));
  const names = [...ways.keys()];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
    for (let i = 0; i < names.length; i += 1) {
      const way = names[(i + round) % names.length] ?? '';
      const started = performance.now();
      await ways.get(way)?.();
      if (round >= WARMUP_ROUNDS) times.get(way)?.push(performance.now() - started);
    }
  }
  return new Map([...times].map(([way, values]) => [way, median(values)]));
}

async function measure(database: DatabaseConfig): Promise<boolean> {
  const pool = new pg.Pool({ connectionString: database.url, options: `-c search_path="${database.schema}"`, max: 2 });
  const secret = randomBytes(33).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    TRIBUTARY_DB_SCHEMA: database.schema,
    TRIBUTARY_SUBGRAPH_SECRET: secret,
    TRIBUTARY_PUBLIC_DOMAINS: 'aid',
    TRIBUTARY_RATE_LIMIT: '0',
  };
  const served: Served[] = [];
  try {
    await pool.query('analyze');
    const identifier = await richActivity(pool);
    const services = await Promise.all(subgraphs.map((module) => serve(['--subgraph', module.name], env)));
    served.push(...services);
    const aid = services[subgraphs.findIndex((module) => module.name === 'aid')]?.url ?? '';
    const list = subgraphs.map((module, index) => `${module.name}=${services[index]?.url}`).join(',');
    const gateway = await serve(['--gateway', '--subgraphs', list], env);
    served.push(gateway);
    const embedded = CROSS_DOMAIN_READS.length ? await serve([], env) : undefined;
    if (embedded) served.push(embedded);
    // Straight to the service, as the gateway calls it: the anonymous caller's identity, signed for this body.
    const direct = (request: GraphqlRequest) => {
      const body = JSON.stringify(request);
      return postJson(aid, request, { [IDENTITY_HEADER]: signIdentity(secret, ANONYMOUS, body) });
    };
    console.log(`  second read's activity: ${identifier}; services and gateway: ${served.length} processes`);
    console.log('');
    console.log(`latency (wall clock), median of ${ROUNDS} interleaved rounds (after ${WARMUP_ROUNDS} warm-up rounds)`);
    console.log(cell(['read', 'gateway (HTTP)', 'aid service', 'ratio']));
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
      console.log(cell([QUERY_LABELS[name], ms(g), ms(s), ratio(g, s)]));
      if (name === 'activity' && (!g || !s || g / s > GOAL)) met = false;
    }
    for (const { label, request } of CROSS_DOMAIN_READS) {
      const medians = await interleaved(
        new Map([
          ['split', () => postJson(gateway.url, request)],
          ['embedded', () => postJson(embedded?.url ?? '', request)],
        ]),
      );
      console.log(
        cell([
          `${label} (split vs embedded)`,
          ms(medians.get('split')),
          ms(medians.get('embedded')),
          ratio(medians.get('split'), medians.get('embedded')),
        ]),
      );
    }
    if (!CROSS_DOMAIN_READS.length)
      console.log("  the analyst's cross-domain query: not measured yet (bench/serve/split.ts CROSS_DOMAIN_READS is empty)");
    console.log('');
    console.log(`throughput, '${QUERY_LABELS.activity}', autocannon (its own process), ${CLIENTS} clients`);
    console.log(cell(['way', 'req/s', 'p50', 'failures'], 24));
    const request = hubRequest('activity', identifier);
    const viaGateway = await autocannon(gateway.url, request, CLIENTS);
    await settle();
    // Signed just before the run: valid for its minute.
    const straight = await autocannon(aid, request, CLIENTS, {
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

export async function benchSplit(): Promise<boolean> {
  console.log(
    `\ntributary bench, split: subgraph services and the gateway as processes on PostgreSQL; ${availableParallelism()} cores, ` +
      `node ${process.version}, load average ${loadavg()[0]?.toFixed(2)} at start (every process and the database share the cores)`,
  );
  try {
    return await withBenchDatabase('postgresql', async (orm, database) => {
      console.log(`  ${whereItRan('postgresql', database)}`);
      await loadBenchmark(orm);
      return measure(database);
    });
  } catch (error) {
    if (error instanceof Unavailable) {
      console.log(`  NOT MEASURED: ${error.message}`);
      return true;
    }
    console.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  }
}
