import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readColumnMap } from '../../../connectors/debt/column-map-check.js';
import { importDebtFile } from '../../../connectors/debt/import.js';
import { importBudgetFile, resolveColumnMap } from '../../../connectors/ifmis/import.js';
import { importRatesFile } from '../../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../../connectors/rates/types.js';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { mappingsDir, projectRoot } from '../../paths.js';
import type { ImportResult } from '../../sync/run-import.js';
import { writeMalawiBudgetXlsx } from './budget/xlsx.js';
import { writeDemoDebt } from './debt/generate-debt.js';
import { writeRatesCsv } from './rates/generate-rates.js';

/**
 * The finance half of the demo. Real data where the shared folder has it — Mexico's 2016 federal
 * budget (the UTF-8 subset), the IBRD statement of loans, the IMF monthly rates — and, generated
 * by the project: Malawi's budget (XLSX, three fiscal years), its debt office's DMFAS export and
 * its central bank's rates, so the demo joins budget, debt and aid for one country.
 */
export interface DemoStep {
  readonly name: string;
  readonly source: 'budget' | 'debt' | 'rates';
  readonly path: string;
  readonly run: (orm: Orm, displayName: string) => Promise<ImportResult>;
}

export async function financeDemoSteps(config: Config, log: (line: string) => void): Promise<DemoStep[]> {
  const generated = path.join(projectRoot, 'data', 'demo-finance');
  // Written once: an XLSX carries its write time, and a changed file would be imported again.
  const budgetXlsx = path.join(generated, 'malawi-budget-2023-2026.xlsx');
  if (!existsSync(budgetXlsx)) await writeMalawiBudgetXlsx(budgetXlsx);
  const dmfas = path.join(generated, 'dmfas-malawi');
  if (!existsSync(dmfas)) await writeDemoDebt(dmfas);
  const centralBank = await writeRatesCsv(generated);
  const rbmMap = JSON.parse(await readFile(path.join(mappingsDir, 'rates', 'reserve-bank-of-malawi.json'), 'utf8')) as RatesColumnMap;
  const steps: DemoStep[] = [
    {
      name: 'Malawi budget (generated, XLSX)',
      source: 'budget',
      path: budgetXlsx,
      run: async (orm, displayName) =>
        importBudgetFile(orm, { path: budgetXlsx, displayName }, { map: await resolveColumnMap('malawi-demo') }),
    },
    {
      name: 'Malawi DMFAS export (generated)',
      source: 'debt',
      path: dmfas,
      run: (orm, displayName) => importDebtFile(orm, { path: dmfas, displayName }),
    },
    {
      name: 'Reserve Bank of Malawi rates (generated)',
      source: 'rates',
      path: centralBank,
      run: (orm, displayName) => importRatesFile(orm, centralBank, { format: 'csv', map: rbmMap }, displayName),
    },
  ];
  const data = config.sampleDataDir;
  const mexico = path.join(data, 'budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
  const ibrd = path.join(data, 'debt', 'worldbank', 'ibrd-statement-of-loans-2023-05-31.csv');
  const imf = path.join(data, 'iati', 'exchange-rates', 'currency_monthlyaverage.json');
  if (![mexico, ibrd, imf].every((file) => existsSync(file))) {
    log(`finance demo: the real budget, debt and rate files are not in ${data}: only the generated Malawi set is loaded`);
    return steps;
  }
  return [
    {
      name: 'Mexico federal budget 2016 (real, subset)',
      source: 'budget',
      path: mexico,
      run: async (orm, displayName) =>
        importBudgetFile(orm, { path: mexico, displayName }, { map: await resolveColumnMap('mexico-pef-2016-utf8') }),
    },
    {
      name: 'IBRD statement of loans (real)',
      source: 'debt',
      path: ibrd,
      run: async (orm, displayName) =>
        importDebtFile(
          orm,
          { path: ibrd, displayName },
          { map: await readColumnMap(path.join(mappingsDir, 'debt', 'ibrd-statement-of-loans.json')) },
        ),
    },
    {
      name: 'IMF monthly exchange rates (real)',
      source: 'rates',
      path: imf,
      run: (orm, displayName) => importRatesFile(orm, imf, { format: 'imf-monthly' }, displayName),
    },
    ...steps,
  ];
}
