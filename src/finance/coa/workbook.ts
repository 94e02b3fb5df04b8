import { openWorkbook } from '../../../connectors/formats/workbook.js';
import { DEFAULT_ZIP_LIMITS } from '../../../connectors/formats/zip.js';
import type { CoaProblem } from './problems.js';
import type { ChartFolder } from './folder.js';
import type { RawRecord } from './validate.js';

/**
 * A chart of accounts as one workbook: three sheets, each a header row then one record per row
 * (headers in any case, spaces read as `_`). Read as text, judged by `validateChart`.
 */
export const CHART_SHEETS = {
  Country: ['country', 'name', 'currency', 'fiscal_year_start_month', 'fiscal_year_label', 'source'],
  Segments: ['id', 'kind', 'name', 'levels', 'classification', 'open'],
  Codes: ['segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias', 'cofog'],
} as const;
type SheetName = keyof typeof CHART_SHEETS;
const REQUIRED: Readonly<Record<SheetName, readonly string[]>> = {
  Country: ['country', 'name', 'currency', 'fiscal_year_start_month'],
  Segments: ['id', 'kind', 'name', 'levels'],
  Codes: ['segment', 'code', 'name'],
};

export async function readChartWorkbook(path: string, file: string): Promise<ChartFolder> {
  const workbook = await openWorkbook(path, file, DEFAULT_ZIP_LIMITS);
  const problems: CoaProblem[] = [];
  try {
    const read = async (sheet: SheetName): Promise<RawRecord[]> => {
      const where = `${file} sheet ${sheet}`;
      if (!workbook.sheets.includes(sheet)) {
        problems.push({ file: where, message: `the workbook has no sheet ${sheet} (it has ${workbook.sheets.join(', ')})` });
        return [];
      }
      const records: RawRecord[] = [];
      let header: string[] | null = null;
      for await (const row of workbook.rows(sheet)) {
        const cells = row.cells.map((cell) => cell?.text.trim() ?? '');
        if (cells.every((cell) => cell === '')) continue;
        if (!header) {
          header = cells.map((cell) => cell.toLowerCase().replace(/\s+/g, '_'));
          checkHeader(sheet, header, row.line, where, problems);
          continue;
        }
        const fields: Record<string, string> = {};
        header.forEach((name, index) => {
          if (name) fields[name] = cells[index] ?? '';
        });
        records.push({ file: where, row: row.line, fields });
      }
      if (!header) problems.push({ file: where, message: `the sheet is empty; it needs a header row (${CHART_SHEETS[sheet].join(', ')})` });
      return records;
    };
    const countries = await read('Country');
    const segments = await read('Segments');
    const codes = await read('Codes');
    if (countries.length > 1) problems.push({ file: `${file} sheet Country`, row: countries[1]?.row, message: 'one country per workbook' });
    const country = countries[0] ?? { file: `${file} sheet Country`, fields: {} };
    return { country, segments, codes, problems };
  } finally {
    workbook.close();
  }
}

function checkHeader(sheet: SheetName, header: readonly string[], row: number, file: string, problems: CoaProblem[]): void {
  const known: readonly string[] = CHART_SHEETS[sheet];
  for (const name of header) {
    if (name && !known.includes(name))
      problems.push({ file, row, field: name, message: `unknown column (a ${sheet} sheet has ${known.join(', ')})` });
  }
  for (const name of REQUIRED[sheet]) {
    if (!header.includes(name)) problems.push({ file, row, field: name, message: `the ${name} column is missing` });
  }
}
