import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { BudgetFileError, type BudgetProblem } from '../../../connectors/formats/problems.js';
import { countryCoa, type Coa } from '../../../src/finance/coa/load.js';
import { projectRoot } from '../../../src/paths.js';

/** Shared by the IFMIS connector tests: the real column maps, a small test chart of accounts, and error checks. */
export const MAPS_DIR = path.join(projectRoot, 'mappings', 'ifmis');

/**
 * A chart of accounts for country ZZ, small enough to reason about: administrative ministries
 * and departments, a two-level economic classification, and an open project segment.
 */
export async function testCoa(dir: string): Promise<Coa> {
  const folder = path.join(dir, 'coa', 'zz');
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, 'coa.json'),
    JSON.stringify({
      country: 'ZZ',
      name: 'Test country',
      currency: 'ZZD',
      fiscalYear: { startMonth: 7 },
      segments: [
        {
          id: 'administrative',
          kind: 'administrative',
          name: 'Ministries',
          levels: ['ministry', 'department'],
          codes: 'administrative.csv',
        },
        { id: 'economic', kind: 'economic', name: 'Economic', levels: ['chapter', 'item'], codes: 'economic.csv' },
        { id: 'project', kind: 'other', name: 'Project', levels: ['project'], open: true },
      ],
    }),
  );
  await writeFile(
    path.join(folder, 'administrative.csv'),
    'code,parent,level,name\n10,,1,Health\n10-1,10,2,Hospitals\n10-2,10,2,Clinics\n20,,1,Education\n20-1,20,2,Schools\n',
  );
  // 7021 spells 21 as BOOST spells COFOG (7 + the digits): an alias.
  await writeFile(
    path.join(folder, 'economic.csv'),
    'code,parent,level,name,alias\n2,,1,Goods,\n21,2,2,Wages,7021\n22,2,2,Supplies,\n3,,1,Capital,\n31,3,2,Buildings,\n',
  );
  return countryCoa('ZZ', path.join(dir, 'coa'));
}

/** The error a rejected read throws, checked to be the one all-or-nothing error. */
export async function rejection(read: Promise<unknown>): Promise<BudgetFileError> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BudgetFileError);
  return error as BudgetFileError;
}

/** The problems, reduced to what a reader needs to find them: code, file, row and column. */
export function located(error: BudgetFileError): Pick<BudgetProblem, 'code' | 'file' | 'row' | 'column'>[] {
  return error.problems.map(({ code, file, row, column }) => ({ code, file, row, column }));
}

/** Writes `bytes` as `name` in the test's folder and returns the path. */
export async function writeIn(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}
