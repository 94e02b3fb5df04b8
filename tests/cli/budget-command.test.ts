import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { financeDb } from '../../src/finance/db.js';
import { openCliDatabase, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

const mexicoSubset = () => sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
const madrid = () => sample('budget', 'fiscal-data-package', 'madrid-municipal-gastos-2012-2015.csv');
const madridDescriptor = () => sample('budget', 'fiscal-data-package', 'madrid-municipal-gastos.datapackage.json');

async function linesByYear(db: string): Promise<Record<string, number>> {
  const orm = await openCliDatabase(db);
  try {
    const rows = await financeDb(orm.em.fork())
      .selectFrom('fin_budget_line')
      .select([sql<string>`country || ' ' || fiscal_year`.as('key'), sql<number>`count(*)::int`.as('n')])
      .groupBy(['country', 'fiscal_year'])
      .orderBy('key')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.key, row.n]));
  } finally {
    await orm.close(true);
  }
}

/** Lines in the Mexican subset: every row after the header (the CSV has no quoted newlines). */
async function subsetRows(): Promise<number> {
  return (await readFile(mexicoSubset(), 'utf8')).trimEnd().split('\n').length - 1;
}

describe('tributary import budget (the built command)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-budget-'));
    db = path.join(dir, 'db');
  });

  it('imports the Mexican subset through a named column map and exits, then counts a re-import as unchanged', async () => {
    const rows = await subsetRows();
    const first = await tributary(['import', 'budget', mexicoSubset(), '--map', 'mexico-pef-2016-utf8'], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`pef-2016-subset\\.utf8\\.csv: ${rows} loaded, 0 updated, 0 unchanged of ${rows} budget lines`),
    );
    const again = await tributary(['import', 'budget', mexicoSubset(), '--map', 'mexico-pef-2016-utf8', '--json'], db);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject([
      { status: 'succeeded', counts: { seen: rows, loaded: 0, updated: 0, unchanged: rows, removed: 0 } },
    ]);
    expect(await linesByYear(db)).toEqual({ 'MX 2016': rows });
  }, 120_000);

  it('rejects a file with bad rows whole, naming the file as given and each row and column, and keeps what was stored', async () => {
    const lines = (await readFile(mexicoSubset(), 'utf8')).split('\n').slice(0, 4);
    lines[1] = (lines[1] ?? '').replace('99,305,000', '99,3O5,000'); // a letter O in the amount
    lines[2] = (lines[2] ?? '').replace(',Recursos fiscales,9,', ',Recursos fiscales,99,'); // no state 99
    const bad = path.join(dir, 'pef-bad.csv');
    await writeFile(bad, `${lines.join('\n')}\n`);
    const result = await tributary(['import', 'budget', bad, '--map', 'mexico-pef-2016-utf8'], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REJECTED BAD_USER_INPUT');
    expect(result.stdout).toMatch(/pef-bad\.csv, row 2, column PEF_2016: approved amount " 99,3O5,000 " is not a number/);
    expect(result.stdout).toMatch(/pef-bad\.csv, row 3, column EF: code 99 is not in MX's location segment/);
    expect(result.stdout).toContain('nothing stored');
    expect(await linesByYear(db)).toEqual({ 'MX 2016': await subsetRows() });
    // The file as it was given (absolute here), not relative to the working directory.
    expect(path.isAbsolute(bad)).toBe(true);
    expect(result.stdout).toContain(`${bad}, row 2, column PEF_2016`);
    expect(result.stdout).not.toContain(path.relative(process.cwd(), bad));
  }, 60_000);

  it('puts every line in the fiscal year --fy names, beside the year the file gives', async () => {
    const rows = await subsetRows();
    const result = await tributary(['import', 'budget', mexicoSubset(), '--map', 'mexico-pef-2016-utf8', '--fy', '2017'], db);
    expect(result.code).toBe(0);
    expect(await linesByYear(db)).toEqual({ 'MX 2016': rows, 'MX 2017': rows });
  }, 60_000);

  it('updates a changed line in place and removes the lines a new version of the export no longer has, in that fiscal year only', async () => {
    const rows = await subsetRows();
    const lines = (await readFile(mexicoSubset(), 'utf8')).trimEnd().split('\n');
    const revised = lines.slice(0, -4);
    revised[1] = (revised[1] ?? '').replace('" 99,305,000 "', '" 99,305,001 "');
    const file = path.join(dir, 'pef-revised.csv');
    await writeFile(file, `${revised.join('\n')}\n`);
    const result = await tributary(['import', 'budget', file, '--map', 'mexico-pef-2016-utf8', '--json'], db);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([
      { status: 'succeeded', counts: { seen: rows - 4, loaded: 0, updated: 1, unchanged: rows - 5, removed: 4 } },
    ]);
    expect(await linesByYear(db)).toEqual({ 'MX 2016': rows - 4, 'MX 2017': rows });
    const orm = await openCliDatabase(db);
    try {
      const line = await financeDb(orm.em.fork())
        .selectFrom('fin_budget_line')
        .select('approved')
        .where('fiscal_year', '=', '2016')
        .where('source_row', '=', 2)
        .executeTakeFirst();
      expect(line?.approved).toBe('99305001');
    } finally {
      await orm.close(true);
    }
  }, 60_000);

  it('reads a Fiscal Data Package descriptor as the column map (Madrid, 2012–2015)', async () => {
    const csv = (await readFile(madrid(), 'utf8')).trimEnd().split('\n');
    const perYear: Record<string, number> = {};
    for (const row of csv.slice(1)) perYear[`ES ${row.slice(0, 4)}`] = (perYear[`ES ${row.slice(0, 4)}`] ?? 0) + 1;
    const fdpDb = path.join(dir, 'db-fdp');
    const result = await tributary(['import', 'budget', madrid(), '--map', madridDescriptor()], fdpDb);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`: ${csv.length - 1} loaded, 0 updated, 0 unchanged of ${csv.length - 1} budget lines`));
    expect(await linesByYear(fdpDb)).toEqual(perYear);
  }, 60_000);

  it('refuses to import without a column map, saying which option is missing', async () => {
    const result = await tributary(['import', 'budget', mexicoSubset()], db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("required option '--map <map>' not specified");
  }, 60_000);
});
