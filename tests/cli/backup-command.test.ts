import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest } from '../support/backup-files.js';
import { openCliDatabase, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

/** `tributary backup` and `tributary restore` as an operator runs them (the built CLI, on the suite's database). */
let dir: string;
let source: string;
let backup: string;

async function digest(db: string): Promise<Record<string, string>> {
  const orm = await openCliDatabase(db);
  try {
    return await databaseDigest(orm);
  } finally {
    await orm.close(true);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-backup-cli-'));
  source = path.join(dir, 'source');
  backup = path.join(dir, 'night.backup.gz');
  const imported = await tributary(['import', 'iati', sample('iati', 'activities', 'v1', 'dfid-TZ.xml')], source);
  expect(imported.code, imported.stderr).toBe(0);
});

describe('tributary backup / restore', () => {
  it('writes a backup file and restores it into another database, every table equal', async () => {
    const made = await tributary(['backup', '-o', backup], source);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/night\.backup\.gz: \d+ tables, \d+ rows, [\d.]+ MB in [\d.]+ s/);
    const target = path.join(dir, 'target');
    const restored = await tributary(['restore', backup], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/restored .*night\.backup\.gz \(made \d{4}-\d\d-\d\dT[\d:.]+Z\): \d+ tables, \d+ rows/);
    expect(await digest(target)).toEqual(await digest(source));
  });

  it('refuses a cut-off backup with exit 1, saying the database is unchanged', async () => {
    const target = path.join(dir, 'target-cut');
    const cut = path.join(dir, 'cut.backup.gz');
    await writeFile(cut, (await readFile(backup)).subarray(0, 3000));
    const first = await tributary(['db', 'migrate'], target);
    expect(first.code, first.stderr).toBe(0);
    const before = await digest(target);
    const refused = await tributary(['restore', cut], target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/restore refused: .*cut\.backup\.gz is cut off.*; the database is unchanged/);
    expect(await digest(target)).toEqual(before);
  });

  it('keeps the newest n timestamped backups in a folder', async () => {
    const folder = path.join(dir, 'nightly');
    for (let i = 0; i < 3; i += 1) {
      const made = await tributary(['backup', '-o', `${folder}/`, '--keep', '2'], source);
      expect(made.code, made.stderr).toBe(0);
      if (i === 2) expect(made.stdout).toMatch(/deleted .*tributary-\d{8}T\d{9}Z\.backup\.gz \(keeping 2\)/);
    }
    expect((await readdir(folder)).filter((name) => /^tributary-\d{8}T\d{9}Z\.backup\.gz$/.test(name))).toHaveLength(2);
  });

  it('refuses --keep for a single file, and --keep 0', async () => {
    expect(await tributary(['backup', '-o', path.join(dir, 'one.backup.gz'), '--keep', '2'], source)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--keep needs a folder of backups/),
    });
    expect(await tributary(['backup', '-o', `${dir}/`, '--keep', '0'], source)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--keep must keep at least 1 backup/),
    });
  });
});
