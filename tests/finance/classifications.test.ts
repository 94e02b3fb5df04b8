import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveCofogClassification } from '../../src/cli/commands/derive-classifications.js';
import { classificationCsv, cofogAlias, deriveCofog } from '../../src/finance/classifications/cofog.js';
import { CLASSIFICATION_DIR, readCodes } from '../../src/finance/coa/load.js';
import { sample } from '../support/sample-data.js';

const ORIGIN = 'datasets/cofog:data/cofog.csv@093c3146b886b88e7205a382e0ff1645259be428';
const shipped = path.join(CLASSIFICATION_DIR, 'cofog.csv');
const gfsFile = path.join(CLASSIFICATION_DIR, 'gfs2014-economic.csv');

describe('the shipped COFOG classification', () => {
  const { codes, aliases } = readCodes(shipped, 3);

  it('has the 188 codes of COFOG 1999 in 10 divisions, every parent one level up', () => {
    expect(codes.size).toBe(188);
    const levels = [...codes.values()].map((c) => c.level);
    expect(levels.filter((l) => l === 1)).toHaveLength(10);
    expect(codes.get('07.3.1')).toMatchObject({ parent: '07.3', level: 3, nameEn: 'General hospital services (IS)' });
    expect(codes.get('09')).toMatchObject({ nameFr: 'Enseignement', nameEs: 'Educación' });
  });

  it('gives every code a BOOST 7xx alias that maps back to it', () => {
    expect(aliases.size).toBe(codes.size);
    for (const code of codes.keys()) expect(aliases.get(cofogAlias(code))).toBe(code);
    expect(aliases.get('7011')).toBe('01.1');
    expect(cofogAlias('01.1')).toBe('7011');
    expect(aliases.get('710')).toBe('10');
    expect(cofogAlias('10')).toBe('710');
    expect(aliases.get('7101')).toBe('10.1');
    expect(aliases.get('70111')).toBe('01.1.1');
  });

  it('keeps no doubled spaces from the source labels', () => {
    for (const code of codes.values()) {
      for (const name of [code.name, code.nameEn, code.nameFr, code.nameEs]) expect(name ?? '').not.toMatch(/\s{2}|^\s|\s$/);
    }
  });
});

describe('deriving COFOG', () => {
  let dirs: string[] = [];
  beforeAll(async () => {
    dirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(os.tmpdir(), 'tributary-cofog-'))));
  });
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reproduces the shipped file byte for byte from the shared data', async () => {
    const source = await readFile(sample('classifications', 'cofog.csv'), 'utf8');
    expect(classificationCsv(deriveCofog(source))).toBe(await readFile(shipped, 'utf8'));
  });

  it('writes identical files when run twice, with the origin and the SHA-256 in SOURCES.md', async () => {
    const results = [];
    for (const out of dirs)
      results.push(await deriveCofogClassification({ from: sample('classifications', 'cofog.csv'), origin: ORIGIN, out }));
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toMatchObject({ codes: 188, divisions: 10 });
    const [a, b] = dirs.map((dir) => path.join(dir, 'cofog.csv'));
    expect(await readFile(a ?? '', 'utf8')).toBe(await readFile(b ?? '', 'utf8'));
    const note = await readFile(path.join(dirs[0] ?? '', 'SOURCES.md'), 'utf8');
    expect(note).toContain(ORIGIN);
    expect(note).toContain(results[0]?.sha256);
    // Re-running replaces the generated section instead of adding a second one.
    await deriveCofogClassification({ from: sample('classifications', 'cofog.csv'), origin: ORIGIN, out: dirs[0] });
    expect(await readFile(path.join(dirs[0] ?? '', 'SOURCES.md'), 'utf8')).toBe(note);
  });

  it('refuses an origin that is not owner/repo:path@commit', async () => {
    await expect(
      deriveCofogClassification({ from: sample('classifications', 'cofog.csv'), origin: 'somewhere', out: dirs[0] }),
    ).rejects.toThrow(/owner\/repo:path@commit/);
  });

  const header = 'Code,Description_EN,Description_FR,Description_ES\n';
  it.each([
    ['a missing column', 'Code,Description_EN\n01,General public services\n', /Description_FR, Description_ES not found/],
    ['a malformed code', `${header}1,General,Généraux,Generales\n`, /row 2: "1" is not a COFOG code/],
    ['a repeated code', `${header}01,A,B,C\n01,A,B,C\n`, /row 3: code 01 appears twice/],
    ['a code before its parent', `${header}01.1,A,B,C\n`, /row 2: code 01.1 comes before its parent 01/],
    ['a code without an English label', `${header}01,,B,C\n`, /row 2: code 01 has no English label/],
  ])('rejects %s, naming the row', (_case, csv, message) => {
    expect(() => deriveCofog(csv)).toThrow(message);
  });
});

describe('the GFSM 2014 economic classification', () => {
  const { codes } = readCodes(gfsFile, 4);

  it('loads through readCodes with revenue, expense and assets/liabilities at the top', () => {
    const top = [...codes.values()].filter((c) => c.level === 1).map((c) => [c.code, c.name]);
    expect(top).toEqual([
      ['1', 'Revenue'],
      ['2', 'Expense'],
      ['3', 'Transactions in assets and liabilities'],
    ]);
  });

  it('has every category of revenue, expense, nonfinancial assets, financial assets and liabilities', () => {
    const level2 = [...codes.values()].filter((c) => c.level === 2).map((c) => c.code);
    expect(level2).toEqual(['11', '12', '13', '14', '21', '22', '23', '24', '25', '26', '27', '28', '31', '32', '33']);
    expect(codes.get('2111')).toMatchObject({ parent: '211', level: 4, name: 'Wages and salaries in cash' });
    expect(codes.get('1111')).toMatchObject({ parent: '111', name: 'Payable by individuals' });
    expect(codes.get('243')?.name).toBe('To other general government units');
    expect(codes.get('3114')?.name).toBe('Weapons systems');
    expect(codes.get('3324')).toMatchObject({ parent: '332', name: 'Loans' });
  });

  it('codes every item as its parent plus one digit', () => {
    for (const code of codes.values()) {
      expect(code.level).toBe(code.code.length);
      if (code.parent) expect(code.code.startsWith(code.parent)).toBe(true);
    }
  });
});
