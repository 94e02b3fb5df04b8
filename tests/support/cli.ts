import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { projectRoot } from '../../src/paths.js';

const run = promisify(execFile);
const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');

export const server = loadConfig().database;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function schemaFor(dbDir: string): string {
  return `cli_${process.pid}_${path.basename(dbDir).replace(/\W/g, '_')}`;
}

const schemas = new Set<string>();

/**
 * Runs the built CLI (as `npx tributary` does) on a database of its own: an embedded one in
 * `dbDir`, or, when the suite runs on PostgreSQL, a schema named after `dbDir` (dropped after the
 * test file).
 */
function environmentFor(dbDir: string): NodeJS.ProcessEnv {
  const schema = schemaFor(dbDir);
  const database =
    server.kind === 'postgresql'
      ? { DATABASE_URL: server.url ?? '', TRIBUTARY_DB_SCHEMA: schema }
      : { DATABASE_URL: '', TRIBUTARY_DB_DIR: dbDir };
  if (server.kind === 'postgresql') schemas.add(schema);
  return { ...process.env, ...database, TRIBUTARY_IMPORT_WORKERS: '1' };
}

/** `env`: variables to set besides the database's. */
export async function tributary(args: string[], dbDir: string, env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...environmentFor(dbDir), ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A long-running command (a listener): its output so far, a wait for a line, and a stop (SIGINT). */
export interface RunningCli {
  /** The process the command was started as (an import re-runs itself in a child of it). */
  readonly pid: number;
  readonly output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends the signal (SIGINT by default) unless it has exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<CliResult>;
}

/** `env`: variables to set, or to unset when undefined (e.g. NODE_ENV, which vitest sets to test). */
export function startTributary(args: string[], dbDir: string, env: Record<string, string | undefined> = {}): RunningCli {
  const environment = { ...environmentFor(dbDir), ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete environment[name];
  const child = spawn(process.execPath, [cli, ...args], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  return {
    pid: child.pid ?? 0,
    output: () => stdout + stderr,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (stdout + stderr).match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`never printed ${pattern}; printed:\n${stdout}${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      return { code, stdout, stderr };
    },
    async kill(signal) {
      child.kill(signal);
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}

/** The database a `tributary(…, dbDir)` call used, opened here to look inside (close it after). */
export function openCliDatabase(dbDir: string): Promise<Orm> {
  return openOrm(server.kind === 'postgresql' ? { ...server, schema: schemaFor(dbDir) } : { ...server, dataDir: dbDir });
}

afterAll(async () => {
  if (schemas.size === 0) return;
  const orm = await openOrm(server);
  for (const schema of schemas) await orm.em.fork().execute(`drop schema if exists "${schema}" cascade`);
  await orm.close(true);
});
