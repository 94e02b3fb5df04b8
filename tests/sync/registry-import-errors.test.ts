import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryFolderSource } from '../../connectors/registry/source.js';
import { redactRegistryRefusal, WITHHELD } from '../../connectors/registry/redact.js';
import { writeRegistryCsv } from '../../src/cli/demo/registry/csv.js';
import { generateRegistry, registryAsOf } from '../../src/cli/demo/registry/generate.js';
import { importRegistry } from '../../src/registry/load/import.js';
import { registryHub, type RegistryHub } from '../registry/graph-support.js';

/**
 * A rejected registry import quotes its records (keys, bad values, village codes, a national ID):
 * through the public `sync` domain only registry officers read that (and the read is audited);
 * everyone else sees the files, rows and fields of the problems, with every value withheld.
 */
const OPTIONS = { seed: 5, households: 30, startCycle: '2024-10', cycles: 3 };
let hub: RegistryHub;
let dir: string;
let runId: number;
/** What the refusal quotes from the records: none of it may reach a reader who is not a registry officer. */
const quoted: string[] = [];
/** The national ID two people of the spoilt export share. */
let sharedNationalId = '';

async function spoil(file: string, change: (rows: string[][]) => void): Promise<void> {
  const rows = parse(await readFile(path.join(dir, file), 'utf8')) as string[][];
  change(rows);
  await writeFile(path.join(dir, file), stringify(rows));
}

beforeAll(async () => {
  hub = await registryHub(10);
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-registry-errors-'));
  const batch = generateRegistry(OPTIONS);
  await writeRegistryCsv(batch, dir);
  await spoil('individuals.csv', (rows) => {
    const col = (name: string) => rows[0]!.indexOf(name);
    const withId = rows.findIndex((row, i) => i > 2 && row[col('national_id')]);
    const [, a, b, c] = rows;
    a![col('date_of_birth')] = '31/02/1980';
    b![col('area_code')] = 'MW-ZZ-VILLAGE-404';
    // A second person with the same national ID: the refusal must not hand the ID out.
    c![col('national_id')] = rows[withId]![col('national_id')]!;
    quoted.push(a![col('individual_key')]!, '31/02/1980', b![col('individual_key')]!, 'MW-ZZ-VILLAGE-404', c![col('individual_key')]!);
    sharedNationalId = rows[withId]![col('national_id')]!;
    quoted.push(rows[withId]![col('individual_key')]!, sharedNationalId);
    for (const person of [a!, b!, c!]) quoted.push(person[col('given_name')]!, person[col('family_name')]!);
  });
  await spoil('households.csv', (rows) => {
    rows[1]![rows[0]!.indexOf('area_code')] = 'MW-ZZ-VILLAGE-405';
    quoted.push(rows[1]![0]!, 'MW-ZZ-VILLAGE-405');
  });
  await writeFile(path.join(dir, 'Amina-Banda-1990.csv'), 'a,b\n1,2\n');
  quoted.push('Amina-Banda-1990');
  const result = await importRegistry(
    hub.db.orm,
    { source: 'spoilt-mis', input: 'spoilt-export', path: dir, hashKey: hub.hashKey },
    new RegistryFolderSource({ today: registryAsOf(OPTIONS) }),
  );
  expect(result.status).toBe('rejected');
  runId = result.runId;
}, 120_000);
afterAll(async () => {
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const RUN = `query Run($id: ID!) { importRun(id: $id) { status error { code message line } } }`;
const RUNS = `query Runs { importRuns(filter: { source: "registry" }) { nodes { id error { message } } } }`;

async function errorAs(roles: readonly string[]): Promise<string> {
  const result = await hub.as(roles, RUN, { id: String(runId) });
  expect(result.errors).toBeUndefined();
  return (result.data as { importRun: { error: { message: string } } }).importRun.error.message;
}

describe('the error of a rejected registry import', () => {
  it('reads whole for a registry officer, quoting the records (what the redaction must hide)', async () => {
    const message = await errorAs(['registry-officer']);
    const present = quoted.filter((value) => message.includes(value));
    // The refusal really quotes keys, bad values and unknown village codes: the attack has something to steal.
    expect(present).toEqual(expect.arrayContaining(['31/02/1980', 'MW-ZZ-VILLAGE-404', 'MW-ZZ-VILLAGE-405', 'Amina-Banda-1990']));
    expect(present.length).toBeGreaterThanOrEqual(6);
  });

  it('never holds a national ID in clear, even for a registry officer: the import log is kept in the database', async () => {
    expect(await errorAs(['registry-officer'])).toContain('national_id: the same national ID as');
    const rows = await hub.db.orm.em.fork().execute<{ row: string }[]>(`select r::text as row from import_run r`);
    expect(rows.map((r) => r.row).join('\n')).not.toContain(sharedNationalId);
  });

  it.each([[[]], [['analyst']], [['budget-officer']], [['mapping-admin']], [['system-admin']]])(
    'is shown to %j with every quoted value withheld, keeping files, rows and fields',
    async (roles) => {
      const message = await errorAs(roles);
      for (const value of quoted) expect(message, value).not.toContain(value);
      expect(message).toMatch(/^spoilt-export was not loaded: \d+ problems\n/);
      expect(message).toContain(`individuals.csv, row 2, field date_of_birth: ${WITHHELD}`);
      expect(message).toContain(`households.csv, row 2, field area_code: ${WITHHELD}`);
      expect(message).toContain(`[file]: ${WITHHELD}`);
      const list = await hub.as(roles, RUNS);
      expect(list.errors).toBeUndefined();
      for (const value of quoted) expect(JSON.stringify(list.data), value).not.toContain(value);
    },
  );

  it('keeps the same number of problem lines when redacted', async () => {
    const whole = await errorAs(['registry-officer']);
    const redacted = await errorAs([]);
    expect(redacted.split('\n')).toHaveLength(whole.split('\n').length);
  });

  it('puts a registry officer’s read of it in the audit log of personal reads', async () => {
    await hub.as(['registry-officer'], `query ReadsRefusal($id: ID!) { importRun(id: $id) { error { message } } }`, { id: String(runId) });
    await hub.as([], `query AnonymousRefusal($id: ID!) { importRun(id: $id) { error { message } } }`, { id: String(runId) });
    const entries = await hub.db.orm.em
      .fork()
      .execute<{ operation: string; fields: string[]; records: Record<string, number[]> }[]>(
        `select operation, fields, records from reg_personal_read where operation in ('ReadsRefusal', 'AnonymousRefusal')`,
      );
    expect(entries).toEqual([{ operation: 'ReadsRefusal', fields: ['ImportRun.error'], records: { ImportRun: [runId] } }]);
  });
});

describe('redactRegistryRefusal, given what a hostile export can put in a refusal', () => {
  it('shows only known files, reader-counted rows and known columns', () => {
    const message = [
      'x was not loaded: 4 problems',
      // A record key made to look like a row number (a national ID) and a field.
      '  individuals.csv, row 9, record K, row 123456789, field given_name: AMINA, field national_id: "123456789" is taken',
      // A header-less file: the first person's values are read as column names.
      '  individuals.csv, field Amina: Amina is no column of individuals.csv',
      '  Banda, Amina.csv: Banda, Amina.csv is no record type',
      '  book.xlsx, sheet individuals, row 3, record P7, field phone: +265991234567 is no phone number',
    ].join('\n');
    const redacted = redactRegistryRefusal('x', message);
    expect(redacted).not.toMatch(/123456789|AMINA|Amina|Banda|P7|K,/);
    expect(redacted).toBe(
      [
        'x was not loaded: 4 problems',
        // The first known column name after the file is taken: a forged one is still only a column name.
        `  individuals.csv, row 9, field given_name: ${WITHHELD}`,
        `  individuals.csv: ${WITHHELD}`,
        `  [file]: ${WITHHELD}`,
        `  book.xlsx, sheet individuals, row 3, field phone: ${WITHHELD}`,
      ].join('\n'),
    );
  });

  it('withholds an error it does not recognise whole', () => {
    const redacted = redactRegistryRefusal('x', 'import of x failed: duplicate key value violates unique constraint: Key (key)=(IND0042)');
    expect(redacted).not.toContain('IND0042');
    expect(redacted).toContain(WITHHELD);
  });
});
