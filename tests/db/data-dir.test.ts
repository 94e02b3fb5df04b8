import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataDir, MIN_FREE_BYTES } from '../../src/db/data-dir.js';
import { projectRoot } from '../../src/paths.js';

/**
 * The embedded database on a read-only folder or a full disk: the command says so at start,
 * naming the folder, instead of PGlite failing later with an error that names neither. As root
 * (who may write anywhere) the CLI runs as `nobody`, so the folder's permissions bind it.
 */
const run = promisify(execFile);
const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
let dir: string;

async function tributaryOn(dbDir: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: '', TRIBUTARY_DB_DIR: dbDir, PORT: '0', NODE_ENV: 'development', HOME: dir };
  try {
    const { stderr } = await run(process.execPath, [cli, ...args], { env, ...asNobody, timeout: 60_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? 1, stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-readonly-'));
  await chmod(dir, 0o755);
});

afterAll(async () => {
  await chmod(path.join(dir, 'locked'), 0o755).catch(() => undefined);
});

describe('the embedded database on a read-only folder or a full disk', () => {
  it.each(['db migrate', 'serve'])('tributary %s says the folder is read-only, naming it, and exits 1', async (command) => {
    const locked = path.join(dir, 'locked');
    await mkdir(path.join(locked, 'db'), { recursive: true });
    await writeFile(path.join(locked, 'db', 'PG_VERSION'), '17\n');
    await chmod(path.join(locked, 'db'), 0o555);
    await chmod(locked, 0o555);
    const result = await tributaryOn(path.join(locked, 'db'), command.split(' '));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the embedded database's folder .*locked\/db is read-only \(EACCES\): give the user running tributary write access/,
    );
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await readdir(path.join(locked, 'db'))).toEqual(['PG_VERSION']);
  });

  it('says so when the folder cannot even be made', async () => {
    const result = await tributaryOn(path.join(dir, 'locked', 'new', 'db'), ['db', 'migrate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/folder .*locked\/new\/db is read-only/);
  });

  it('refuses a disk with less free space than the embedded database needs, saying how much is free', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'tributary-full-'));
    await expect(checkDataDir(folder, async () => 10 * 1024 * 1024)).rejects.toThrow(
      new RegExp(`\\(${folder}\\) has 10 MB free; at least 64 MB are needed: free some space`),
    );
    await expect(checkDataDir(folder, async () => MIN_FREE_BYTES)).resolves.toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
  });
});
