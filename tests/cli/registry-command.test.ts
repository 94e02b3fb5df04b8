import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRegistryCsv } from '../../src/cli/demo/registry/csv.js';
import { generateRegistry } from '../../src/cli/demo/registry/generate.js';
import { openCliDatabase, tributary } from '../support/cli.js';

/** `tributary import registry` on a generated registry's CSV export (no real registry data is public). */
async function counts(db: string): Promise<Record<string, number>> {
  const orm = await openCliDatabase(db);
  try {
    const [row] = await orm.em
      .fork()
      .execute<Record<string, number>[]>(
        `select (select count(*)::int from reg_household) as households, (select count(*)::int from reg_payment) as payments`,
      );
    return row!;
  } finally {
    await orm.close(true);
  }
}

describe('tributary import registry (the built command)', () => {
  let dir: string;
  let db: string;
  let exported: string;
  const batch = generateRegistry({ households: 120 });
  beforeAll(async () => {
    process.env.TRIBUTARY_ID_HASH_KEY = 'the-cli-test-id-hash-key-0123456789abcdef';
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-registry-'));
    db = path.join(dir, 'db');
    exported = path.join(dir, 'mw-mis');
    await writeRegistryCsv(batch, exported);
  });

  it('loads the export whole, and a second run changes nothing', async () => {
    const first = await tributary(['import', 'registry', exported], db);
    expect(first.code, first.stderr).toBe(0);
    expect(await counts(db)).toEqual({ households: batch.households.length, payments: batch.payments.length });
    const again = await tributary(['import', 'registry', exported, '--json'], db);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ status: 'succeeded', counts: { removed: 0 } });
  }, 180_000);

  it('refuses an export with a negative payment, naming file, row, record and field, and keeps what was there', async () => {
    const payments = path.join(exported, 'payments.csv');
    const lines = (await readFile(payments, 'utf8')).split('\n');
    const header = lines[0]!.split(',');
    const cells = lines[1]!.split(',');
    const amount = header.indexOf('amount');
    cells[amount] = `-${cells[amount]}`;
    lines[1] = cells.join(',');
    await writeFile(payments, lines.join('\n'));
    const before = await counts(db);
    const result = await tributary(['import', 'registry', exported], db);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/payments\.csv, row 2, record [^,]+, field amount/);
    // Where the refusal starts, too, names a registry record, not an IATI activity.
    expect(result.stdout).toMatch(/REJECTED BAD_USER_INPUT: payments\.csv, line 2, record [^,]+, field amount: /);
    expect(await counts(db)).toEqual(before);
  }, 180_000);
});
