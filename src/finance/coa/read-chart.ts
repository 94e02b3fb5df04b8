import { stat } from 'node:fs/promises';
import { TributaryError } from '../../errors.js';
import type { Coa } from './coa.js';
import { readChartFolder } from './folder.js';
import { sharedClassifications } from './load.js';
import { validateChart } from './validate.js';
import { readChartWorkbook } from './workbook.js';

/** A chart of accounts from a folder (coa.json + code CSVs) or a workbook (.xlsx), validated whole. */
export async function readChart(input: string, display: string = input): Promise<Coa> {
  const info = await stat(input).catch(() => null);
  if (!info) throw new TributaryError('FILE_NOT_FOUND', `cannot read ${display}: no such file or folder`, { file: display });
  if (info.isDirectory()) return validateChart(readChartFolder(input, display), sharedClassifications());
  if (!/\.xlsx$/i.test(input)) {
    throw new TributaryError('BAD_USER_INPUT', `${display}: give a folder with coa.json or an .xlsx workbook (see the README)`, {
      file: display,
    });
  }
  return validateChart(await readChartWorkbook(input, display), sharedClassifications());
}
