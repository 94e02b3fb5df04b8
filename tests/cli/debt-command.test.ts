import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoDebt } from '../../src/cli/demo/debt/generate-debt.js';
import { financeDb } from '../../src/finance/db.js';
import { projectRoot } from '../../src/paths.js';
import { openCliDatabase, tributary } from '../support/cli.js';
import { sample } from '../support/sample-data.js';

const IBRD_MAP = path.join(projectRoot, 'mappings', 'debt', 'ibrd-statement-of-loans.json');
const ibrd = () => sample('debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv');

async function loanCount(db: string): Promise<number> {
  const orm = await openCliDatabase(db);
  try {
    const row = await financeDb(orm.em.fork())
      .selectFrom('fin_loan')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirst();
    return row?.n ?? -1;
  } finally {
    await orm.close(true);
  }
}

describe('tributary import debt and loan link (the built commands)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-debt-'));
    db = path.join(dir, 'db');
  });

  it('imports the IBRD statement of loans through its column map, then counts a re-import as unchanged', async () => {
    const first = await tributary(['import', 'debt', ibrd(), '--map', IBRD_MAP], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /ibrd-statement-of-loans-2023-05-31\.csv: 9012 loaded, 0 updated, 0 unchanged of 9012 loans in [\d.]+ s \(run \d+\)/,
    );
    const again = await tributary(['import', 'debt', ibrd(), '--map', IBRD_MAP, '--json'], db);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject([
      { status: 'succeeded', counts: { seen: 9012, loaded: 0, updated: 0, unchanged: 9012 } },
    ]);
  }, 120_000);

  it('rejects a statement with bad rows whole, naming each row and column, and keeps what was stored', async () => {
    const lines = (await readFile(ibrd(), 'utf8')).split('\n').slice(0, 4);
    lines[1] = (lines[1] ?? '').replace(',250000000,', ',25O000000,'); // a letter O in an amount
    lines[2] = (lines[2] ?? '').replace('04/01/1952 12:00:00 AM', '13/45/1952 12:00:00 AM');
    const bad = path.join(dir, 'ibrd-bad.csv');
    await writeFile(bad, `${lines.join('\n')}\n`);
    const result = await tributary(['import', 'debt', bad, '--map', IBRD_MAP], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REJECTED BAD_USER_INPUT');
    expect(result.stdout).toMatch(/ibrd-bad\.csv, row 2, column "Original Principal Amount": .*25O000000/);
    expect(result.stdout).toMatch(/ibrd-bad\.csv, row 3, column "First Repayment Date"/);
    expect(result.stdout).toContain('nothing stored');
    expect(await loanCount(db)).toBe(9012);
  }, 60_000);

  it('refuses a loan-level CSV without a column map, saying which option is missing', async () => {
    const result = await tributary(['import', 'debt', ibrd()], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('give the column map');
  }, 60_000);

  it('imports a DMFAS-style export folder beside the statement', async () => {
    await writeDemoDebt(path.join(dir, 'dmfas-mw'));
    const result = await tributary(['import', 'debt', path.join(dir, 'dmfas-mw')], db);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/dmfas-mw: 42 loaded, 0 updated, 0 unchanged of 42 loans/);
    expect(await loanCount(db)).toBe(9012 + 42);
  }, 60_000);

  it('links a loan to an activity by hand, lists the link, refuses an unknown loan, and unlinks', async () => {
    const linked = await tributary(
      [
        'loan',
        'link',
        'ibrd-statement:IBRD92680',
        'XM-DAC-41114-PROJECT-00112233',
        '--reason',
        'co-financed programme',
        '--by',
        'aims-admin',
      ],
      db,
    );
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain(
      'ibrd-statement:IBRD92680 now finances XM-DAC-41114-PROJECT-00112233 (the hub holds no such activity yet',
    );
    const listed = await tributary(['loan', 'links'], db);
    expect(listed.stdout.split('\n')[1]).toMatch(
      /^ibrd-statement:IBRD92680\tXM-DAC-41114-PROJECT-00112233\tco-financed programme\taims-admin\t\d{4}-\d\d-\d\dT/,
    );
    const unknown = await tributary(['loan', 'link', 'ibrd-statement:IBRD99999', 'X', '--reason', 'r'], db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no loan ibrd-statement:IBRD99999');
    expect((await tributary(['loan', 'unlink', 'ibrd-statement:IBRD92680', 'XM-DAC-41114-PROJECT-00112233'], db)).code).toBe(0);
    const again = await tributary(['loan', 'unlink', 'ibrd-statement:IBRD92680', 'XM-DAC-41114-PROJECT-00112233'], db);
    expect(again.code).toBe(1);
    expect((await tributary(['loan', 'links'], db)).stdout.trim().split('\n')).toHaveLength(1);
  }, 180_000);
});
