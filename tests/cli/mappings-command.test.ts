import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCliDatabase, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

/** The mapping commands, built, on IFAD's real activity (DAC 3-digit category 430, which no default rule places). */
async function ruleCount(db: string): Promise<number> {
  const orm = await openCliDatabase(db);
  try {
    const [row] = await orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from map_change`);
    return row!.n;
  } finally {
    await orm.close(true);
  }
}

describe('tributary mappings (the built command)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-mappings-'));
    db = path.join(dir, 'db');
    const imported = await tributary(['import', 'iati', sample('iati', 'activities', 'v2', 'ifad-activity.xml')], db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('mappings applied to 1 changed activities');
  }, 180_000);

  it('reports coverage as a table and as CSV, with IFAD’s category 430 unmapped', async () => {
    const table = await tributary(['mappings', 'coverage'], db);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/XDR\s+8,494,957\.31\s+0\.00\s+8,494,957\.31\s+0\.0 %/);
    const csv = await tributary(['mappings', 'coverage', '--csv'], db);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toContainEqual(
      expect.objectContaining({ donor_ref: 'XM-DAC-41108', source_scheme: 'dac3', source_code: '430', currency: 'XDR' }),
    );
  }, 180_000);

  it('says a country has no chart of accounts instead of "Nothing is unmapped", and names the segments of one that has', async () => {
    const none = await tributary(['mappings', 'coverage', '--segment', 'coa:administrative', '--country', 'ke'], db);
    expect(none.code).toBe(2);
    expect(none.stdout).not.toContain('Nothing is unmapped');
    expect(none.stderr).toMatch(
      /^KE has no chart of accounts loaded, so nothing can be placed in its coa:administrative: load one first \(countries with a chart: [A-Z, ]*MW[A-Z, ]*\)$/m,
    );
    const wrong = await tributary(['mappings', 'coverage', '--segment', 'coa:administrative', '--country', 'TZ'], db);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^TZ's chart of accounts has no segment coa:administrative; its segments: coa:functional, coa:economic$/m);
    const chart = await tributary(['mappings', 'coverage', '--segment', 'coa:administrative', '--country', 'MW'], db);
    expect(chart.code, chart.stderr).toBe(0);
    expect(chart.stdout).toContain('Disbursements and expenditures placed in coa:administrative of MW');
  }, 180_000);

  it('refuses a sheet with problems, listing each with its row, and changes nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason',
        ',dac3,430,cofog,04.2.1,70,,,agriculture',
        ',dac3,999,cofog,04.2.1,100,,,no such category',
        ',dac3,311,cofog,04.2.1,100,,,',
      ].join('\n'),
    );
    const before = await ruleCount(db);
    const result = await tributary(['mappings', 'load', file], db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refused, nothing was changed (3 problems)');
    const problems = result.stderr.split('\n').filter((line) => line.startsWith('  '));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/row 2.*share/);
    expect(problems[1]).toMatch(/row 3.*source_code.*999/);
    expect(problems[2]).toMatch(/row 4.*reason/);
    expect(await ruleCount(db)).toBe(before);
  }, 180_000);

  it('loads a valid sheet, re-applies the activity, and the category is mapped', async () => {
    const file = path.join(dir, 'agriculture.csv');
    await writeFile(
      file,
      [
        'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason',
        ',dac3,430,cofog,04.2.1,70,,,rural development is mostly agriculture',
        ',dac3,430,cofog,04.9.0,30,,,and partly economic affairs n.e.c.',
      ].join('\n'),
    );
    const loaded = await tributary(['mappings', 'load', file], db);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('2 rows applied');
    expect(loaded.stdout).toContain('2 created');
    expect(loaded.stdout).toContain('1 activities re-applied');
    const coverage = await tributary(['mappings', 'coverage'], db);
    expect(coverage.stdout).toMatch(/XDR\s+8,494,957\.31\s+8,494,957\.31\s+0\.00\s+100\.0 %/);
    const applied = await tributary(['mappings', 'apply'], db);
    expect(applied.stdout).toMatch(/^1 activities applied: \d+ assignments/m);
  }, 180_000);
});
