import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryColumnMap, loadRegistryColumnMap, type RegistryColumnMap } from '../../../connectors/registry/column-map.js';
import { FILE_SPECS, RECORD_TYPES } from '../../../connectors/registry/columns.js';
import { readRegistryFolder } from '../../../connectors/registry/read.js';
import { writeRegistryCsv } from '../../../src/cli/demo/registry/csv.js';
import { generateRegistry, registryAsOf } from '../../../src/cli/demo/registry/generate.js';

/**
 * Another registry's export, read through a column map: its own file and column names, its own
 * words for our values, day-first dates, semicolons, thousands separators, a column it does not
 * have. Read through the map it gives exactly our registry; its mistakes are named in its terms.
 */
const OPTIONS = { seed: 33, households: 150, startCycle: '2025-01', cycles: 4 };
const batch = generateRegistry(OPTIONS);
const today = registryAsOf(OPTIONS);
let dir: string;

const INDIVIDUAL_COLUMNS = {
  individual_key: 'ID',
  given_name: 'First Name',
  family_name: 'Surname',
  sex: 'Gender',
  date_of_birth: 'DOB',
  national_id: 'NID',
  phone: 'Phone',
  area_code: 'Village Code',
};
const ROLES = { 'Household head': 'head', Spouse: 'spouse', 'Son/Daughter': 'child', 'Other relative': 'other' };

const MAP: RegistryColumnMap = {
  name: 'district-mis-2025',
  description: 'A district MIS export: day-first dates, semicolons, thousands separators',
  delimiter: ';',
  dateFormat: 'DD/MM/YYYY',
  numbers: { thousands: ',', decimal: '.' },
  files: {
    individuals: {
      file: 'Beneficiaries.csv',
      columns: INDIVIDUAL_COLUMNS,
      values: { sex: { Female: 'F', Male: 'M' } },
      ignore: ['Remarks'],
    },
    memberships: { values: { role: ROLES, recipient: { Yes: 'true', No: 'false' } } },
    programmes: { columns: { country: { value: 'MW' } } },
  },
};

const invert = (table: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(table).map(([theirs, ours]) => [ours, theirs]));

/** "15000" → "15,000.00", "7419.5" → "7,419.50": as a spreadsheet formats money. */
function withThousands(amount: string): string {
  const [whole = '', fraction = ''] = amount.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** Our export rewritten the other registry's way. */
async function foreignExport(folder: string): Promise<void> {
  const ours = path.join(dir, 'ours');
  await writeRegistryCsv(batch, ours);
  await mkdir(folder, { recursive: true });
  for (const type of RECORD_TYPES) {
    const spec = FILE_SPECS[type];
    const [header = [], ...rows] = parse(await readFile(path.join(ours, `${type}.csv`), 'utf8')) as string[][];
    const rewrite = (row: string[]): string[] =>
      row.map((text, at) => {
        const column = spec.columns[at];
        if (!column || text === '') return text;
        if (column.kind === 'date') return `${text.slice(8)}/${text.slice(5, 7)}/${text.slice(0, 4)}`;
        if (column.kind === 'amount') return withThousands(text);
        if (type === 'individuals' && column.name === 'sex') return text === 'F' ? 'Female' : 'Male';
        if (type === 'memberships' && column.name === 'role') return invert(ROLES)[text] ?? text;
        if (type === 'memberships' && column.name === 'recipient') return text === 'true' ? 'Yes' : 'No';
        return text;
      });
    let out = [header, ...rows.map(rewrite)];
    if (type === 'individuals') {
      const renamed: Readonly<Record<string, string>> = INDIVIDUAL_COLUMNS;
      out = out.map((row, i) => (i === 0 ? [...row.map((name) => renamed[name] ?? name), 'Remarks'] : [...row, 'verified']));
    }
    if (type === 'programmes') out = out.map((row) => row.slice(0, -1));
    const name = type === 'individuals' ? 'Beneficiaries.csv' : `${type}.csv`;
    await writeFile(path.join(folder, name), stringify(out, { delimiter: ';' }));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-registry-map-'));
  await foreignExport(path.join(dir, 'foreign'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a registry export read through a column map', () => {
  it('gives exactly our registry', async () => {
    const text = await readFile(path.join(dir, 'foreign', 'Beneficiaries.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('ID;First Name;Surname;Gender;DOB;NID;Phone;Village Code;Remarks');
    expect(text).toMatch(/;(Female|Male);\d{2}\/\d{2}\/\d{4};/);
    const read = await readRegistryFolder(path.join(dir, 'foreign'), { map: MAP, today });
    expect(read.problems).toEqual([]);
    expect(read.batch).toEqual(batch);
  });

  it('loads a map from JSON', async () => {
    const file = path.join(dir, 'map.json');
    await writeFile(file, JSON.stringify(MAP));
    expect(await loadRegistryColumnMap(file)).toEqual(MAP);
    await writeFile(file, '{ "name": ');
    await expect(loadRegistryColumnMap(file)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('names problems by the file’s own columns', async () => {
    const folder = path.join(dir, 'foreign-spoilt');
    await foreignExport(folder);
    const file = path.join(folder, 'Beneficiaries.csv');
    const rows = parse(await readFile(file, 'utf8'), { delimiter: ';' }) as string[][];
    const [first, second] = batch.individuals;
    (rows[1] ?? [])[3] = 'Woman';
    (rows[2] ?? [])[4] = '2001-05-06';
    await writeFile(file, stringify(rows, { delimiter: ';' }));
    const { problems } = await readRegistryFolder(folder, { map: MAP, today });
    expect(problems.map(({ file: f, row, record, field, code }) => ({ f, row, record, field, code }))).toEqual([
      { f: 'Beneficiaries.csv', row: 2, record: first?.key, field: 'Gender', code: 'UNKNOWN_VALUE' },
      { f: 'Beneficiaries.csv', row: 3, record: second?.key, field: 'DOB', code: 'BAD_DATE' },
    ]);
  });

  it('reports a column the map names but the file lacks, in the file’s terms', async () => {
    const folder = path.join(dir, 'foreign-renamed');
    await foreignExport(folder);
    const file = path.join(folder, 'Beneficiaries.csv');
    await writeFile(file, (await readFile(file, 'utf8')).replace('DOB', 'Birth Date'));
    const { problems } = await readRegistryFolder(folder, { map: MAP, today });
    expect(problems.map((p) => [p.file, p.row, p.field, p.code])).toEqual([
      ['Beneficiaries.csv', 1, 'DOB', 'MISSING_COLUMN'],
      ['Beneficiaries.csv', 1, 'Birth Date', 'UNKNOWN_COLUMN'],
    ]);
    expect(problems[0]?.message).toMatch(/column "DOB" \(the column map's name for date_of_birth\) not found/);
  });

  it.each([
    ['no name', { name: '' }, /name: the map needs a name/],
    ['an unknown record type', { name: 'm', files: { people: {} } }, /files\.people: not a record type/],
    [
      'an unknown column of ours',
      { name: 'm', files: { individuals: { columns: { surname: 'X' } } } },
      /files\.individuals\.columns\.surname: individuals has no column surname/,
    ],
    ['a column given as a number', { name: 'm', files: { households: { columns: { area_code: 7 } } } }, /give the file’s column name/],
    ['values for an unknown column', { name: 'm', files: { households: { values: { colour: {} } } } }, /households has no column colour/],
    ['a two-character delimiter', { name: 'm', delimiter: ';;' }, /delimiter: must be one character/],
    ['a date format without a year', { name: 'm', dateFormat: 'DD/MM' }, /dateFormat: write it with YYYY, MM and DD/],
    ['the same thousands and decimal separator', { name: 'm', numbers: { thousands: '.', decimal: '.' } }, /numbers: thousands separator/],
    ['an encoding nobody knows', { name: 'm', encoding: 'klingon-8' }, /cannot decode/],
  ])('refuses a map with %s before reading any file', (_name, map, message) => {
    expect(() => checkRegistryColumnMap(map as unknown as RegistryColumnMap)).toThrow(message);
  });
});
