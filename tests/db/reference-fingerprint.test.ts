import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referenceFingerprint } from '../../src/db/reference-fingerprint.js';
import { mappingsDir } from '../../src/paths.js';
import { referenceLoaders } from '../../src/reference.js';

const REFERENCE_FOLDERS = referenceLoaders.flatMap((loader) => loader.folders);
const fingerprint = (root: string) => referenceFingerprint(REFERENCE_FOLDERS, root);

describe('the reference fingerprint a start compares with the stored one', () => {
  let root: string;
  const put = (file: string, text: string) => writeFile(path.join(root, file), text);
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tributary-fingerprint-'));
    for (const folder of REFERENCE_FOLDERS) await mkdir(path.join(root, folder, 'sub'), { recursive: true });
    await put('coa/a.csv', 'code,name\n1,one\n');
    await put('coa/sub/b.csv', 'code,name\n2,two\n');
    await put('classifications/c.csv', 'code\n01\n');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is the same for the same files, read again', async () => {
    expect(await fingerprint(root)).toBe(await fingerprint(root));
  });

  it('changes with one byte of one file, in a subfolder too', async () => {
    const before = await fingerprint(root);
    await put('coa/sub/b.csv', 'code,name\n2,twO\n');
    expect(await fingerprint(root)).not.toBe(before);
  });

  it('changes when two files swap their contents (each content is hashed with its own name)', async () => {
    const before = await fingerprint(root);
    await put('coa/a.csv', 'code,name\n2,two\n');
    await put('coa/sub/b.csv', 'code,name\n1,one\n');
    expect(await fingerprint(root)).not.toBe(before);
  });

  it('changes when a file is renamed, added or removed', async () => {
    const first = await fingerprint(root);
    await rename(path.join(root, 'classifications/c.csv'), path.join(root, 'classifications/d.csv'));
    const renamed = await fingerprint(root);
    await put('iati-codelists/new.csv', 'code\nx\n');
    const added = await fingerprint(root);
    await rm(path.join(root, 'iati-codelists/new.csv'));
    expect(new Set([first, renamed, added]).size).toBe(3);
    expect(await fingerprint(root)).toBe(renamed);
  });

  it('hashes only folders that exist under mappings/ (a renamed folder would silently stop reloading)', () => {
    expect(REFERENCE_FOLDERS.filter((folder) => !existsSync(path.join(mappingsDir, folder)))).toEqual([]);
  });
});
