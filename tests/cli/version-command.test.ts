import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { tributary } from '../support/cli.js';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('tributary --version (the built command)', () => {
  it('prints the version of package.json and creates no database', async () => {
    const db = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-version-')), 'db');
    for (const flag of ['--version', '-V']) {
      const result = await tributary([flag], db);
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
    expect(existsSync(db)).toBe(false);
  });

  it('answers even when the configured database server cannot be reached', async () => {
    const db = path.join(await mkdtemp(path.join(tmpdir(), 'tributary-version-')), 'db');
    const cli = path.join(projectRoot, 'dist', 'src', 'cli', 'main.js');
    const env = { ...process.env, DATABASE_URL: 'postgresql://127.0.0.1:9/nowhere', TRIBUTARY_DB_DIR: db };
    const result = await promisify(execFile)(process.execPath, [cli, '--version'], { env });
    expect(result).toEqual({ stdout: `${version}\n`, stderr: '' });
    expect(existsSync(db)).toBe(false);
  });

  it('is run from an executable file, so npx runs it even through a link it made before a rebuild', () => {
    const mode = statSync(path.join(projectRoot, 'dist', 'src', 'cli', 'main.js')).mode;
    expect(mode & 0o111).toBe(0o111);
  });

  it('is listed in the help', async () => {
    const result = await tributary(['--help'], path.join(tmpdir(), 'tributary-version-help'));
    expect(result.stdout).toMatch(/-V, --version +print the version/);
  });
});
