import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../connectors/ifmis/column-map.js';
import { importBudgetFile } from '../../connectors/ifmis/import.js';
import { loadChart } from '../../src/finance/coa/load-chart.js';
import { CoaLoadError } from '../../src/finance/coa/problems.js';
import { storedCoa } from '../../src/finance/coa/stored.js';
import { financeDb } from '../../src/finance/db.js';
import { mappingDb } from '../../src/mapping/db.js';
import { MappingRejected } from '../../src/mapping/rules/rejected.js';
import { createMappingRule, retireMappingRule, updateMappingRule } from '../../src/mapping/rules/store.js';
import { mappingsDir } from '../../src/paths.js';
import { prepareDatabase } from '../../src/reference.js';
import { tableCounts, testDatabase, type TestDatabase } from '../support/db.js';
import { withCodes, writeChartWorkbook } from './coa-workbook.js';

/** `coa load` against a real database: versions, idempotent re-runs, used codes, and the start-up reference load. */
let db: TestDatabase;
let dir: string;
const by = 'test';

beforeAll(async () => {
  db = await testDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'coa-load-'));
});
afterAll(() => db?.close());

const em = () => db.orm.em.fork();
const load = (file: string, retire?: string[]) => loadChart(em(), file, { by, ...(retire ? { retire } : {}) });

async function refused(loading: Promise<unknown>): Promise<string> {
  const error = await loading.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoaLoadError);
  return (error as CoaLoadError).message;
}

/** A small UTF-8 export in the made-up Senegal chart: one line per administrative service. */
const MAP: ColumnMap = {
  name: 'sn-test',
  country: 'SN',
  fiscalYear: { value: '2026' },
  currency: { value: 'XOF' },
  segments: { administrative: { columns: ['Service'] }, programme: { columns: ['Programme'] } },
  amounts: { approved: 'CP' },
};

async function importLines(rows: string): Promise<Awaited<ReturnType<typeof importBudgetFile>>> {
  const file = path.join(dir, `lines-${Math.random().toString(36).slice(2)}.csv`);
  await writeFile(file, `Service,Programme,CP\n${rows}`);
  return importBudgetFile(db.orm, { path: file, displayName: 'lines.csv' }, { map: MAP });
}

async function versions(country: string) {
  return financeDb(em())
    .selectFrom('fin_coa_version')
    .select(['version', 'origin', 'added', 'changed', 'retired_codes'])
    .where('country', '=', country)
    .orderBy('version')
    .execute();
}

describe('coa load', () => {
  it('refuses a budget import for a country with no chart, saying so plainly', async () => {
    const result = await importLines('21-01,P211-1,100\n');
    expect(result.status).toBe('rejected');
    expect(result.error?.message).toMatch(/SN has no chart of accounts in the hub: load one first with `tributary coa load/);
    expect(result.error?.message).not.toMatch(/ENOENT/);
  });

  it('loads a workbook as version 1 of the country, with its calendar, currency and COFOG links', async () => {
    const file = path.join(dir, 'sn.xlsx');
    await writeChartWorkbook(file);
    const result = await load(file);
    expect(result).toMatchObject({ country: 'SN', version: 1, written: true, added: 15 + 188, changed: 0, removed: 0 });
    const coa = await storedCoa(em(), 'sn');
    expect(coa?.config).toMatchObject({ currency: 'XOF', fiscalYear: { startMonth: 1 } });
    expect(coa?.segment('programme')?.codes.get('P211-1')).toMatchObject({ parent: 'P211', level: 2, cofog: '07.2.1' });
    const country = await financeDb(em()).selectFrom('fin_country').selectAll().where('country', '=', 'SN').executeTakeFirst();
    expect(country).toMatchObject({ origin: 'load', version: 1 });
  });

  it('changes nothing when the same chart is loaded again', async () => {
    const before = await tableCounts(db.orm);
    const result = await load(path.join(dir, 'sn.xlsx'));
    expect(result).toMatchObject({ version: 1, written: false });
    expect(await tableCounts(db.orm)).toEqual(before);
  });

  it('refuses a version that drops codes budget lines or mapping rules still use, naming each, and writes nothing', async () => {
    expect((await importLines('21-01,P211-1,100\n21-02,P212,250.5\n')).status).toBe('succeeded');
    await createMappingRule(
      em(),
      { country: 'SN', sourceScheme: 'dac5', sourceCode: '12220', targetScheme: 'coa:programme', targetCode: 'P212-1', share: '100' },
      { by, reason: 'test' },
    );
    const file = path.join(dir, 'sn-v2.xlsx');
    // 21-02 has a budget line, P212-1 a rule, P231-1 neither.
    await writeChartWorkbook(file, withCodes(['21-02', 'P212-1', 'P231-1']));
    const before = await tableCounts(db.orm);
    const message = await refused(load(file));
    expect(message).toContain(
      'drops code 21-02 of segment administrative, still used by 1 budget line: keep it, or retire it (--retire administrative:21-02)',
    );
    expect(message).toContain('drops code P212-1 of segment programme, still used by 1 mapping rule');
    expect(message).not.toContain('P231-1');
    expect(await tableCounts(db.orm)).toEqual(before);
    expect(await refused(load(file, ['administrative:21-02', 'programme:P211']))).toMatch(
      /programme:P211 is not a code this version drops/,
    );
  });

  it('writes the version when the used codes are retired explicitly: kept, named, but closed to new budget lines', async () => {
    const result = await load(path.join(dir, 'sn-v2.xlsx'), ['administrative:21-02', 'programme:P212-1']);
    expect(result).toMatchObject({
      version: 2,
      written: true,
      added: 0,
      removed: 1,
      retired: ['administrative:21-02', 'programme:P212-1'],
    });
    expect((await versions('SN')).map((v) => [v.version, v.retired_codes])).toEqual([
      [1, []],
      [2, ['administrative:21-02', 'programme:P212-1']],
    ]);
    const codes = await financeDb(em())
      .selectFrom('fin_coa_code')
      .select(['code', 'retired'])
      .where('country', '=', 'SN')
      .where('code', 'in', ['21-02', 'P212-1', 'P231-1'])
      .orderBy('code')
      .execute();
    expect(codes).toEqual([
      { code: '21-02', retired: true },
      { code: 'P212-1', retired: true },
    ]);
    const again = await importLines('21-01,P211-1,100\n21-02,P212,250.5\n');
    expect(again.status).toBe('rejected');
    expect(again.error?.message).toMatch(/row 3.*21-02/s);
  });

  it('closes a retired code to new mapping rules, while the rule that used it can still be revised and retired', async () => {
    const rule = { country: 'SN', sourceScheme: 'dac5', targetScheme: 'coa:programme', targetCode: 'P212-1', share: '100' };
    const note = { by, reason: 'test' };
    const rejection = (change: Promise<unknown>) =>
      change.then(
        () => null,
        (e: unknown) => (e instanceof MappingRejected ? e.problems : e),
      );
    const before = await tableCounts(db.orm);
    expect(await rejection(createMappingRule(em(), { ...rule, sourceCode: '12240' }, note))).toEqual([
      expect.objectContaining({
        field: 'target_code',
        code: 'RETIRED_CODE',
        message: expect.stringContaining("retired from SN's programme segment"),
      }),
    ]);
    expect(await tableCounts(db.orm)).toEqual(before);
    const [existing] = await mappingDb(em())
      .selectFrom('map_rule')
      .select('id')
      .where('target_code', '=', 'P212-1')
      .where('status', '=', 'active')
      .execute();
    const revised = await updateMappingRule(em(), existing!.id, { validFrom: '2026' }, note);
    expect(revised.rule).toMatchObject({ targetCode: 'P212-1', validFrom: 2026 });
    await retireMappingRule(em(), revised.rule.id, note);
    // Once no active rule points at it, restating the old link is a new rule like any other.
    expect(await rejection(createMappingRule(em(), { ...rule, sourceCode: '12220' }, note))).toEqual([
      expect.objectContaining({ code: 'RETIRED_CODE' }),
    ]);
  });

  it('never lets the start-up reference load overwrite a chart loaded with coa load', async () => {
    const folder = path.join(dir, 'mw');
    await cp(path.join(mappingsDir, 'coa', 'mw'), folder, { recursive: true });
    const config = JSON.parse(await readFile(path.join(folder, 'coa.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(folder, 'coa.json'), JSON.stringify({ ...config, name: 'Malawi (as the ministry loaded it)' }));
    await writeFile(
      path.join(folder, 'fund.csv'),
      'code,parent,level,name\n1,,1,Government of Malawi\n2,,1,External loans\n3,,1,External grants\n4,,1,Own revenue\n5,,1,Road fund\n',
    );
    expect(await load(folder)).toMatchObject({ country: 'MW', version: 2, added: 1 });
    await prepareDatabase(db.orm, { force: true });
    const coa = await storedCoa(em(), 'MW');
    expect(coa?.config.name).toBe('Malawi (as the ministry loaded it)');
    expect(coa?.segment('fund')?.codes.has('5')).toBe(true);
    expect((await versions('MW')).map((v) => [v.version, v.origin])).toEqual([
      [1, 'reference'],
      [2, 'load'],
    ]);
    // A country nobody loaded still follows its shipped example.
    expect((await versions('TZ')).map((v) => v.origin)).toEqual(['reference']);
  });
});
