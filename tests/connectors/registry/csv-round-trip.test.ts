import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, RECORD_TYPES } from '../../../connectors/registry/columns.js';
import { readRegistryFolder } from '../../../connectors/registry/read.js';
import { writeRegistryCsv } from '../../../src/cli/demo/registry/csv.js';
import { generateRegistry, registryAsOf } from '../../../src/cli/demo/registry/generate.js';
import { writeRegistryXlsx } from '../../../src/cli/demo/registry/xlsx.js';

/**
 * The registry CSV export and the same export as a workbook: what the generator makes, written
 * and read back, is exactly what it made (every field, every record, in order).
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-registry-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const options = { seed: 5, households: 2_000, startCycle: '2024-10', cycles: 12 };
const today = registryAsOf(options);

describe('the registry CSV export', () => {
  it('writes one file per record type with the documented header', async () => {
    const batch = generateRegistry({ ...options, households: 20 });
    const folder = path.join(dir, 'headers');
    const written = await writeRegistryCsv(batch, folder);
    expect((await readdir(folder)).sort()).toEqual(RECORD_TYPES.map((type) => `${type}.csv`).sort());
    expect(written.map((w) => w.rows)).toEqual([
      batch.programmes.length,
      batch.funding.length,
      batch.areas.length,
      batch.households.length,
      batch.individuals.length,
      batch.memberships.length,
      batch.enrolments.length,
      batch.payments.length,
      batch.grievances.length,
      batch.changes.length,
    ]);
    const firstLine = async (type: string): Promise<string> =>
      (await readFile(path.join(folder, `${type}.csv`), 'utf8')).split('\n')[0] ?? '';
    expect(await firstLine('programme-funding')).toBe('programme_code,funding_kind,reference,funder,share');
    expect(await firstLine('individuals')).toBe('individual_key,given_name,family_name,sex,date_of_birth,national_id,phone,area_code');
    expect(await firstLine('payments')).toBe(
      'payment_key,programme_code,cycle,beneficiary_key,amount,currency,due_date,paid_date,status,payment_point,provider,receipt',
    );
    for (const type of RECORD_TYPES) expect(await firstLine(type)).toBe(headerOf(type).join(','));
  });

  it('reads back exactly the registry that was written, with no problem', async () => {
    const batch = generateRegistry(options);
    const folder = path.join(dir, 'csv');
    await writeRegistryCsv(batch, folder);
    const read = await readRegistryFolder(folder, { today });
    expect(read.problems).toEqual([]);
    expect(read.batch).toEqual(batch);
  });

  it('reads files saved by a spreadsheet as "CSV UTF-8" (byte-order mark, CRLF line ends)', async () => {
    const batch = generateRegistry({ ...options, households: 50 });
    const folder = path.join(dir, 'excel-csv');
    await writeRegistryCsv(batch, folder);
    for (const type of RECORD_TYPES) {
      const file = path.join(folder, `${type}.csv`);
      await writeFile(file, `\uFEFF${(await readFile(file, 'utf8')).replaceAll('\n', '\r\n')}`);
    }
    const read = await readRegistryFolder(folder, { today });
    expect(read.problems).toEqual([]);
    expect(read.batch).toEqual(batch);
  });

  it('reads the same registry from a workbook with one sheet per record type', async () => {
    const batch = generateRegistry({ ...options, households: 400 });
    const folder = path.join(dir, 'xlsx');
    await writeRegistryXlsx(batch, path.join(folder, 'registry.xlsx'));
    const read = await readRegistryFolder(folder, { today: new Date(`${today}T12:00:00Z`) });
    expect(read.problems).toEqual([]);
    expect(read.batch).toEqual(batch);
  });
});
