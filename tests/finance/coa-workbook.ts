import ExcelJS from 'exceljs';

/**
 * A chart of accounts workbook for the tests, in the layout `coa load` reads (Country, Segments,
 * Codes sheets). The chart is MADE UP, shaped like a francophone West African budget
 * nomenclature (Senegal-style sections, programmes and actions, a nature-of-spending segment):
 * the names are plausible, the codes are not any country's real ones.
 */
export type Sheet = readonly (readonly (string | number)[])[];

export interface ChartSheets {
  readonly Country: Sheet;
  readonly Segments: Sheet;
  readonly Codes: Sheet;
}

export const MADE_UP_CHART: ChartSheets = {
  Country: [
    ['country', 'name', 'currency', 'fiscal_year_start_month', 'fiscal_year_label', 'source'],
    ['SN', 'Sénégal (made-up test chart)', 'XOF', 1, '', 'Invented for the tests: Senegal-style sections and programmes'],
  ],
  Segments: [
    ['id', 'kind', 'name', 'levels', 'classification', 'open'],
    ['administrative', 'administrative', 'Sections et services', 'section|service', '', ''],
    ['programme', 'programme', 'Programmes et actions', 'programme|action', '', ''],
    ['nature', 'economic', 'Nature de la dépense', 'titre', '', ''],
    ['functional', 'functional', 'Fonctions (CFAP / COFOG)', 'division|groupe|classe', 'cofog', ''],
  ],
  Codes: [
    ['segment', 'code', 'parent', 'level', 'name', 'name_en', 'name_fr', 'name_es', 'alias', 'cofog'],
    ['administrative', '21', '', 1, 'Ministère de la Santé et de l’Action sociale', 'Ministry of Health', '', '', '', ''],
    ['administrative', '21-01', '21', 2, 'Direction générale de la Santé publique', '', '', '', '', ''],
    ['administrative', '21-02', '21', 2, 'Direction des Établissements de santé', '', '', '', '', ''],
    ['administrative', '23', '', 1, 'Ministère de l’Éducation nationale', 'Ministry of Education', '', '', '', ''],
    ['administrative', '23-01', '23', 2, 'Direction de l’Enseignement élémentaire', '', '', '', '', ''],
    ['programme', 'P211', '', 1, 'Santé de base', '', '', '', '', '0721'],
    ['programme', 'P211-1', 'P211', 2, 'Soins de santé primaires', '', '', '', '', '721'],
    ['programme', 'P211-2', 'P211', 2, 'Santé de la mère et de l’enfant', '', '', '', '', '07.4.0'],
    ['programme', 'P212', '', 1, 'Santé hospitalière', '', '', '', '', '07.3'],
    ['programme', 'P212-1', 'P212', 2, 'Hôpitaux régionaux', '', '', '', '', '0731'],
    ['programme', 'P231', '', 1, 'Enseignement élémentaire', '', '', '', '', '0912'],
    ['programme', 'P231-1', 'P231', 2, 'Accès à l’enseignement élémentaire', '', '', '', '', ''],
    ['nature', '2', '', 1, 'Dépenses de personnel', '', '', '', '', ''],
    ['nature', '3', '', 1, 'Acquisitions de biens et services', '', '', '', '', ''],
    ['nature', '5', '', 1, 'Investissements exécutés par l’État', '', '', '', '', ''],
  ],
};

export async function writeChartWorkbook(file: string, sheets: ChartSheets = MADE_UP_CHART): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets) as [string, Sheet][]) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow([...row]);
  }
  await workbook.xlsx.writeFile(file);
}

/** The chart with its Codes sheet changed: rows whose code is in `drop` removed, `add` appended. */
export function withCodes(drop: readonly string[], add: readonly (readonly (string | number)[])[] = []): ChartSheets {
  const [header, ...rows] = MADE_UP_CHART.Codes;
  return {
    ...MADE_UP_CHART,
    Codes: [header as readonly string[], ...rows.filter((row) => !drop.includes(String(row[1]))), ...add],
  };
}
