import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMappingSheet, type SheetRow } from '../../src/mapping/sheet/index.js';

const HEADER = 'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason';
const csv = (text: string): Buffer => Buffer.from(text, 'utf8');

/** A row as the reader gives it, with the defaults of the sheet format. */
function row(
  fields: Partial<SheetRow> & Pick<SheetRow, 'row' | 'sourceScheme' | 'sourceCode' | 'targetScheme' | 'targetCode' | 'reason'>,
): SheetRow {
  return { country: 'MW', share: '100', validFrom: null, validTo: null, action: 'set', ...fields };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a workbook to the temp folder and reads the bytes back, as an upload would arrive. */
async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(dir, `sheet-${Math.random().toString(36).slice(2)}.xlsx`);
  await workbook.xlsx.writeFile(file);
  return readFile(file);
}

describe('reading a mapping sheet', () => {
  it('reads a CSV sheet with headers in any case and order, blank lines and an action column to exactly its rows', async () => {
    const sheet = await readMappingSheet(
      csv(
        [
          'Reason,COUNTRY,Source_Scheme,source_code,Target_Scheme,target_code,share,valid_from,valid_to,action',
          '"Basic health care is mostly reproductive, maternal and child health in the 2024/25 budget",MW,dac5,12220,coa:programme,310-03-02,60,2024/25,,',
          'The rest goes to district hospitals and health centres,mw,DAC5,12220,coa:programme,310-02-02,40,2024/25,,set',
          '',
          'SectorCOFOG: basic health infrastructure is general hospital services,,dac5,12230,cofog,07.3.1,,,,',
          'Water supply and sanitation before the programme was split,MW,dac3,140,coa:programme,480-02,100,2022,2023,',
          'UK grants are external grants,MW,org-ref,GB-GOV-1,coa:fund,3,100%,,,',
          '  ,  ,,,,,,,,',
          'Executive support moved to the Office of the President and Cabinet,MW,budget-identifier,1.1.1,coa:administrative,010,,,,retire',
          '',
        ].join('\r\n'),
      ),
      'mw-mappings.csv',
    );
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      row({
        row: 2,
        sourceScheme: 'dac5',
        sourceCode: '12220',
        targetScheme: 'coa:programme',
        targetCode: '310-03-02',
        share: '60',
        validFrom: 2024,
        reason: 'Basic health care is mostly reproductive, maternal and child health in the 2024/25 budget',
      }),
      row({
        row: 3,
        sourceScheme: 'dac5',
        sourceCode: '12220',
        targetScheme: 'coa:programme',
        targetCode: '310-02-02',
        share: '40',
        validFrom: 2024,
        reason: 'The rest goes to district hospitals and health centres',
      }),
      row({
        row: 5,
        country: null,
        sourceScheme: 'dac5',
        sourceCode: '12230',
        targetScheme: 'cofog',
        targetCode: '07.3.1',
        reason: 'SectorCOFOG: basic health infrastructure is general hospital services',
      }),
      row({
        row: 6,
        sourceScheme: 'dac3',
        sourceCode: '140',
        targetScheme: 'coa:programme',
        targetCode: '480-02',
        validFrom: 2022,
        validTo: 2023,
        reason: 'Water supply and sanitation before the programme was split',
      }),
      row({
        row: 7,
        sourceScheme: 'org-ref',
        sourceCode: 'GB-GOV-1',
        targetScheme: 'coa:fund',
        targetCode: '3',
        reason: 'UK grants are external grants',
      }),
      row({
        row: 9,
        sourceScheme: 'budget-identifier',
        sourceCode: '1.1.1',
        targetScheme: 'coa:administrative',
        targetCode: '010',
        action: 'retire',
        reason: 'Executive support moved to the Office of the President and Cabinet',
      }),
    ]);
  });

  it('reads an XLSX sheet with number cells exactly: codes, shares without float noise, percentages, years, COFOG codes typed as numbers', async () => {
    const bytes = await xlsx((workbook) => {
      workbook.addWorksheet('Read me').addRow(['Mappings are on the sheet named mappings']);
      const sheet = workbook.addWorksheet('Mappings');
      sheet.addRow([
        'country',
        'source_scheme',
        'source_code',
        'target_scheme',
        'target_code',
        'share',
        'valid_from',
        'valid_to',
        'reason',
      ]);
      sheet.addRow([
        'MW',
        'dac5',
        11220,
        'coa:programme',
        '250-03',
        100,
        2024,
        2026,
        'Primary education is the primary education programme',
      ]);
      sheet.addRow(['MW', 'dac5', 12220, 'coa:programme', '310-03-02', 33.33, '2024/25', null, 'A third to RMNCH']);
      sheet.addRow(['MW', 'dac5', 12220, 'coa:programme', '310-02-02', 66.67, '2024/25', null, 'The rest to district health services']);
      sheet.addRow([]);
      sheet.addRow(['MW', 'dac5', 14030, 'coa:programme', '480-02-02', 0.6, null, null, 'Mostly rural and urban water supply']);
      sheet.addRow(['MW', 'dac5', 14030, 'coa:programme', '480-02-01', 0.4, null, null, 'The rest is water resources management']);
      sheet.getCell('F6').numFmt = '0%';
      sheet.getCell('F7').numFmt = '0.0%';
      sheet.addRow([
        'MW',
        'cofog',
        7,
        'coa:administrative',
        310,
        null,
        null,
        null,
        { richText: [{ text: 'Health ' }, { text: 'is the Ministry of Health' }] },
      ]);
      sheet.addRow(['MW', 'org-ref', 'GB-GOV-1', 'coa:fund', 3, '100', 2020, 2023.0, 'UK grants are external grants']);
      sheet.addRow([null, 'dac5', 12230, 'cofog', '07.3.1', 100, null, null, 'SectorCOFOG']);
      sheet.addRow(['MW', 'cofog', 7.4, 'coa:functional', '07.4.0', null, null, null, 'COFOG group typed as a number']);
    });
    const sheet = await readMappingSheet(bytes, 'mappings.xlsx');
    expect(sheet.problems).toEqual([]);
    const programme = { sourceScheme: 'dac5', targetScheme: 'coa:programme' } as const;
    expect(sheet.rows).toEqual([
      row({
        row: 2,
        ...programme,
        sourceCode: '11220',
        targetCode: '250-03',
        validFrom: 2024,
        validTo: 2026,
        reason: 'Primary education is the primary education programme',
      }),
      row({
        row: 3,
        ...programme,
        sourceCode: '12220',
        targetCode: '310-03-02',
        share: '33.33',
        validFrom: 2024,
        reason: 'A third to RMNCH',
      }),
      row({
        row: 4,
        ...programme,
        sourceCode: '12220',
        targetCode: '310-02-02',
        share: '66.67',
        validFrom: 2024,
        reason: 'The rest to district health services',
      }),
      row({
        row: 6,
        ...programme,
        sourceCode: '14030',
        targetCode: '480-02-02',
        share: '60',
        reason: 'Mostly rural and urban water supply',
      }),
      row({
        row: 7,
        ...programme,
        sourceCode: '14030',
        targetCode: '480-02-01',
        share: '40',
        reason: 'The rest is water resources management',
      }),
      row({
        row: 8,
        sourceScheme: 'cofog',
        sourceCode: '07',
        targetScheme: 'coa:administrative',
        targetCode: '310',
        reason: 'Health is the Ministry of Health',
      }),
      row({
        row: 9,
        sourceScheme: 'org-ref',
        sourceCode: 'GB-GOV-1',
        targetScheme: 'coa:fund',
        targetCode: '3',
        validFrom: 2020,
        validTo: 2023,
        reason: 'UK grants are external grants',
      }),
      row({
        row: 10,
        country: null,
        sourceScheme: 'dac5',
        sourceCode: '12230',
        targetScheme: 'cofog',
        targetCode: '07.3.1',
        reason: 'SectorCOFOG',
      }),
      row({
        row: 11,
        sourceScheme: 'cofog',
        sourceCode: '07.4',
        targetScheme: 'coa:functional',
        targetCode: '07.4.0',
        reason: 'COFOG group typed as a number',
      }),
    ]);
  });

  it('reads the first visible worksheet when none is named mappings, formulas by their value as the sheet shows it, and reports a formula without a value and an error cell', async () => {
    const bytes = await xlsx((workbook) => {
      workbook.addWorksheet('Hidden', { state: 'hidden' }).addRow(['not this one']);
      const sheet = workbook.addWorksheet('Sheet1');
      sheet.addRow(HEADER.split(','));
      sheet.addRow(['MW', 'dac5', 12220, 'coa:programme', '310-03-02', { formula: '100/3' }, null, null, 'A formula nobody computed']);
      sheet.addRow(['MW', 'dac5', 12230, 'coa:programme', '310-04-01', { error: '#DIV/0!' }, null, null, 'An error cell']);
      sheet.addRow(['MW', 'dac5', 12250, 'coa:programme', '310-03', { formula: '50+50', result: 100 }, null, null, 'A computed formula']);
      sheet.addRow([
        'MW',
        'dac5',
        12261,
        'coa:programme',
        '310-03',
        { formula: '(1-0.9)*100', result: (1 - 0.9) * 100 },
        null,
        null,
        'Float noise',
      ]);
      sheet.addRow([
        'MW',
        'dac5',
        12261,
        'coa:programme',
        '310-02',
        { formula: '0.7+0.2', result: 0.7 + 0.2 },
        null,
        null,
        'As a percentage',
      ]);
      sheet.getCell('F6').numFmt = '0%';
    });
    const sheet = await readMappingSheet(bytes, 'upload.xlsx');
    expect(sheet.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, 'share', 'BAD_CELL'],
      [3, 'share', 'BAD_CELL'],
    ]);
    expect(sheet.problems[0]?.message).toMatch(/^row 2, share: the formula has no computed value/);
    expect(sheet.problems[1]?.message).toMatch(/^row 3, share: the cell shows the error #DIV\/0!/);
    expect((1 - 0.9) * 100).toBe(9.999999999999998);
    expect(sheet.rows.map((r) => [r.row, r.sourceCode, r.share])).toEqual([
      [4, '12250', '100'],
      [5, '12261', '10'],
      [6, '12261', '90'],
    ]);
    expect(sheet.unread.map((u) => u.row)).toEqual([2, 3]);
  });

  it('reads a semicolon-separated CSV with decimal commas, as Excel writes it where the comma is the decimal separator', async () => {
    const sheet = await readMappingSheet(
      csv(
        `${HEADER.replaceAll(',', ';')}\nMW;dac5;12220;coa:programme;310-03-02;60,5;2024;;"Split; mostly RMNCH"\nMW;dac5;12220;coa:programme;310-02-02;39,5 %;2024;;The rest\n`,
      ),
      'semicolons.csv',
    );
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows.map((r) => [r.row, r.targetCode, r.share, r.reason])).toEqual([
      [2, '310-03-02', '60.5', 'Split; mostly RMNCH'],
      [3, '310-02-02', '39.5', 'The rest'],
    ]);
  });

  it('strips a UTF-8 byte-order mark, so that the first column is still country', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      csv(`${HEADER}\nmw,dac5,11220,coa:programme,250-03,,,,Primary education\n`),
    ]);
    const sheet = await readMappingSheet(bytes, 'bom.csv');
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      row({
        row: 2,
        sourceScheme: 'dac5',
        sourceCode: '11220',
        targetScheme: 'coa:programme',
        targetCode: '250-03',
        reason: 'Primary education',
      }),
    ]);
  });
});
