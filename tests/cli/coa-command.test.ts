import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withCodes, writeChartWorkbook } from '../finance/coa-workbook.js';
import { SENEGAL_EXPORT, SENEGAL_MAP, latin1 } from '../finance/senegal-export.js';
import { tributary } from '../support/cli.js';

/** `tributary coa load` as a user runs it: a new country, its budget, then a version that drops used codes. */
describe('tributary coa load (the built command)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tributary-coa-'));
    db = path.join(dir, 'db');
    await writeChartWorkbook(path.join(dir, 'senegal.xlsx'));
    await writeChartWorkbook(path.join(dir, 'senegal-v2.xlsx'), withCodes(['21-02']));
    await writeFile(path.join(dir, 'lfi-2026.csv'), latin1(SENEGAL_EXPORT));
    await writeFile(path.join(dir, 'sn-lfi.json'), JSON.stringify(SENEGAL_MAP));
  });

  it('says plainly that a budget cannot be imported before the country has a chart', async () => {
    const result = await tributary(['import', 'budget', path.join(dir, 'lfi-2026.csv'), '--map', path.join(dir, 'sn-lfi.json')], db);
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/SN has no chart of accounts in the hub: load one first with `tributary coa load/);
  }, 120_000);

  it('loads the workbook as version 1, changes nothing on a re-run, and the budget then imports', async () => {
    const first = await tributary(['coa', 'load', path.join(dir, 'senegal.xlsx')], db);
    expect(first.stderr).not.toMatch(/tributary:/);
    expect(first.stdout).toMatch(/^SN: chart of accounts version 1 \(203 codes added, 0 changed, 0 removed\)$/m);
    const again = await tributary(['coa', 'load', path.join(dir, 'senegal.xlsx')], db);
    expect(again.stdout).toMatch(/SN: the chart is already version 1; nothing changed/);
    const budget = await tributary(['import', 'budget', path.join(dir, 'lfi-2026.csv'), '--map', path.join(dir, 'sn-lfi.json')], db);
    expect(budget.code).toBe(0);
    expect(budget.stdout).toMatch(/4 loaded/);
  }, 120_000);

  it('refuses a version dropping a code budget lines use, naming it, then writes it when the code is retired', async () => {
    const v2 = path.join(dir, 'senegal-v2.xlsx');
    const refused = await tributary(['coa', 'load', v2], db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /drops code 21-02 of segment administrative, still used by 1 budget line: keep it, or retire it \(--retire administrative:21-02\)/,
    );
    const retired = await tributary(['coa', 'load', v2, '--retire', 'administrative:21-02'], db);
    expect(retired.code).toBe(0);
    expect(retired.stdout).toMatch(/SN: chart of accounts version 2 \(0 codes added, 0 changed, 0 removed, retired administrative:21-02\)/);
  }, 120_000);
});
