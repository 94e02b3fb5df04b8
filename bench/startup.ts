import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFor } from './database.js';
import { sampleFile } from './shared.js';

/**
 * `npm run bench -- startup`: CLI start-up, from the moment the command is started to the moment
 * it opens its input (the probe preloaded into it says when), on PostgreSQL and on an existing
 * embedded database, against a bare `node -e ''` start in the same run. Runs are interleaved so
 * the machine's load falls on every case alike; medians are printed.
 */
const RUNS = 7;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./startup-probe.js', import.meta.url));
const IATI = () => sampleFile('iati', 'activities', 'v2', '3fi-activity.xml');
const BUDGET_LINES = 200;

interface Started {
  readonly ms: number;
  readonly code: number;
  readonly stderr: string;
}

const now = (): number => performance.timeOrigin + performance.now();

/** Runs a command; `ms` is from its spawn to its probe mark (or to its exit when `toExit`). */
function timed(args: readonly string[], env: NodeJS.ProcessEnv, toExit = false): Promise<Started> {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const end = now();
      const mark = /startup-probe: ([\d.]+)/.exec(stderr)?.[1];
      if (!toExit && !mark) return reject(new Error(`${args.slice(3).join(' ')} never opened its input (exit ${code}):\n${stderr}`));
      resolve({ ms: (toExit ? end : Number(mark)) - start, code: code ?? 1, stderr });
    });
  });
}

interface Target {
  readonly label: string;
  readonly env: NodeJS.ProcessEnv;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function benchStartup(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'tributary-bench-startup-'));
  const server = databaseFor('postgresql');
  const base = { ...process.env, TRIBUTARY_IMPORT_WORKERS: '1', NODE_ENV: 'production' };
  const targets: Target[] = [
    { label: 'PostgreSQL', env: { ...base, DATABASE_URL: server.url, TRIBUTARY_DB_SCHEMA: server.schema } },
    { label: 'PGlite (existing)', env: { ...base, DATABASE_URL: '', TRIBUTARY_DB_DIR: path.join(scratch, 'db') } },
  ];
  const budget = path.join(scratch, 'pef-2016-head.csv');
  const lines = (await readFile(sampleFile('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv'), 'utf8')).split('\n');
  await writeFile(budget, `${lines.slice(0, BUDGET_LINES + 1).join('\n')}\n`);
  const commands = [
    { label: 'import iati (1 activity)', args: ['import', 'iati', IATI()] },
    { label: `import budget (${BUDGET_LINES} lines)`, args: ['import', 'budget', budget, '--map', 'mexico-pef-2016-utf8'] },
  ];
  console.log(`\ntributary bench, startup: command start to the first open of its input, median of ${RUNS} runs`);
  try {
    const reachable: Target[] = [];
    for (const target of targets) {
      // The first start creates and migrates the database and loads the reference tables: not timed.
      const first = await timed(['--import', PROBE, CLI, ...(commands[0]?.args ?? [])], target.env).catch((error: Error) => error);
      if (first instanceof Error) console.log(`${target.label}: not measured (${first.message.split('\n')[0]})`);
      else reachable.push(target);
    }
    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number): void => void samples.set(key, [...(samples.get(key) ?? []), ms]);
    for (let run = 0; run < RUNS; run++) {
      add('node', (await timed(['-e', ''], base, true)).ms);
      for (const target of reachable)
        for (const command of commands)
          add(`${target.label}|${command.label}`, (await timed(['--import', PROBE, CLI, ...command.args], target.env)).ms);
    }
    const bare = median(samples.get('node') ?? []);
    console.log(`${"bare node -e ''".padEnd(50)}${bare.toFixed(0).padStart(8)} ms`);
    for (const target of reachable)
      for (const command of commands) {
        const ms = median(samples.get(`${target.label}|${command.label}`) ?? []);
        console.log(
          `${`${command.label}, ${target.label}`.padEnd(50)}${ms.toFixed(0).padStart(8)} ms  ${(ms / bare).toFixed(1).padStart(5)}× bare node`,
        );
      }
  } finally {
    if (server.schema) {
      const { openOrm } = await import('../src/db/orm.js');
      const orm = await openOrm(server);
      await orm.em
        .fork()
        .execute(`drop schema if exists "${server.schema}" cascade`)
        .catch(() => undefined);
      await orm.close(true);
    }
    await rm(scratch, { recursive: true, force: true });
  }
}
