import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importBudgetFile, resolveColumnMap } from '../../../connectors/ifmis/import.js';
import { importRatesFile } from '../../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../../connectors/rates/types.js';
import { writeMalawiBudgetXlsx } from '../../../src/cli/demo/budget/xlsx.js';
import { writeDemoIati } from '../../../src/cli/demo/generate-iati.js';
import { demoMappingSheet } from '../../../src/cli/demo/mapping-sheet.js';
import { writeRatesCsv } from '../../../src/cli/demo/rates/generate-rates.js';
import { activitiesToApply, applyToActivities } from '../../../src/mapping/apply/run.js';
import { applyMappingSheet } from '../../../src/mapping/rules/sheet-apply.js';
import { mappingsDir } from '../../../src/paths.js';
import { testHub, type TestHub } from '../../support/hub.js';

/**
 * The demo's Malawi as `npm start` builds it without the shared folder: three generated IATI
 * publishers, the organisation → vote sheet, the Reserve Bank of Malawi's rates and Malawi's
 * budget; mappings applied. `extraIati` adds files (real fixtures, hostile ones).
 */
export async function demoMalawiHub(extra: { iati?: readonly string[]; sheet?: string } = {}): Promise<TestHub> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tributary-projection-'));
  const hub = await testHub([...(await writeDemoIati(path.join(dir, 'iati'))), ...(extra.iati ?? [])]);
  const rbmMap = JSON.parse(await readFile(path.join(mappingsDir, 'rates', 'reserve-bank-of-malawi.json'), 'utf8')) as RatesColumnMap;
  const rates = await importRatesFile(hub.db.orm, await writeRatesCsv(dir), { format: 'csv', map: rbmMap });
  if (rates.status !== 'succeeded') throw new Error(`demo rates were rejected: ${rates.error?.message}`);
  const budgetFile = path.join(dir, 'malawi-budget.xlsx');
  await writeMalawiBudgetXlsx(budgetFile);
  const budget = await importBudgetFile(hub.db.orm, { path: budgetFile }, { map: await resolveColumnMap('malawi-demo') });
  if (budget.status !== 'succeeded') throw new Error(`demo budget was rejected: ${budget.error?.message}`);
  await hub.db.orm.em.fork().transactional(async (em) => {
    await applyMappingSheet(em, Buffer.from(demoMappingSheet()), 'demo-malawi-votes.csv', 'test');
    if (extra.sheet) await applyMappingSheet(em, Buffer.from(extra.sheet), 'extra.csv', 'test');
    await applyToActivities(em, await activitiesToApply(em, 'all'));
  });
  return hub;
}
