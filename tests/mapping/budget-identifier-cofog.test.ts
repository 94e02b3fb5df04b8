import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGET_IDENTIFIER_DIR, deriveBudgetIdentifierCofogTable } from '../../src/cli/commands/derive-budget-identifier-cofog.js';
import {
  BudgetIdentifierSourceError,
  commonCofog,
  deriveBudgetIdentifierCofog,
} from '../../src/mapping/sectors/budget-identifier-cofog.js';
import { sample } from '../support/sample-data.js';

const ORIGIN = 'markbrough/budget-id:donors/crs_cc.csv@f69610faf0ee001b9798c095084f4af2920d8d7e';
const crsCc = () => sample('iati', 'mappings', 'crs_cc.csv');

async function derived() {
  const out = await mkdtemp(path.join(tmpdir(), 'tributary-budget-identifiers-'));
  const rows = await deriveBudgetIdentifierCofogTable(crsCc(), ORIGIN, out);
  return { rows, out };
}

describe('the default budget identifier → COFOG table', () => {
  it('is what the derivation gives from crs_cc.csv, the DAC → COFOG table and the codelist', async () => {
    const { out } = await derived();
    const fresh = await readFile(path.join(out, 'budget-identifier-cofog.csv'), 'utf8');
    expect(await readFile(path.join(BUDGET_IDENTIFIER_DIR, 'budget-identifier-cofog.csv'), 'utf8')).toBe(fresh);
    expect(await readFile(path.join(BUDGET_IDENTIFIER_DIR, 'SOURCES.md'), 'utf8')).toBe(
      await readFile(path.join(out, 'SOURCES.md'), 'utf8'),
    );
  });

  it('follows the codelist where crs_cc.csv’s trial code was renumbered, and places nothing where purpose codes part', async () => {
    const byCode = new Map((await derived()).rows.map((row) => [row.code, row]));
    // crs_cc.csv files teacher training (11130) under its trial code 5.3.11, which the codelist made basic adult education.
    expect(byCode.get('5.3.12')).toMatchObject({ name: 'Education - teacher training', dacCodes: ['11130'], cofog: '09.8.0' });
    expect(byCode.get('5.3.11')?.dacCodes).not.toContain('11130');
    // Health policy covers HIV/AIDS social mitigation (16064), which COFOG puts in social protection.
    expect(byCode.get('5.1.1')).toMatchObject({ cofog: null });
    expect(byCode.get('5.1.1')?.dacCodes).toEqual(expect.arrayContaining(['12110', '16064']));
  });

  it('takes the most specific COFOG code its purpose codes share', () => {
    expect(commonCofog(['07.4.0', '07.4.0'])).toBe('07.4.0');
    expect(commonCofog(['07.2.1', '07.2.2'])).toBe('07.2');
    expect(commonCofog(['07.2.1', '07.4.0'])).toBe('07');
    expect(commonCofog(['07.2.1', '10.7.0'])).toBeNull();
    expect(commonCofog([])).toBeNull();
  });

  it('refuses a source whose purpose code is not one, naming the row', () => {
    const csv =
      'CRS Code,CRS Name,Trial CC code,Function,CC has no CRS match\n1211,Health policy,5.1.1,"policy, planning and administration",\n';
    expect(() => deriveBudgetIdentifierCofog(csv, new Map(), new Map([['5.1.1', 'Health - policy, planning and administration']]))).toThrow(
      BudgetIdentifierSourceError,
    );
    expect(() => deriveBudgetIdentifierCofog(csv, new Map(), new Map())).toThrow(/crs_cc\.csv, row 2, CRS Code: "1211"/);
  });
});
