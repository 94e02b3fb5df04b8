import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetFileError } from '../../../connectors/formats/problems.js';
import { openWorkbook, type Workbook } from '../../../connectors/formats/workbook.js';
import { isDateFormat, serialDate } from '../../../connectors/formats/workbook-parts.js';
import type { WorkbookRow } from '../../../connectors/formats/workbook-sheet.js';
import { DEFAULT_ZIP_LIMITS } from '../../../connectors/formats/zip.js';
import { zip, type ZipEntryInput } from '../../support/zip-writer.js';

/**
 * The XLSX reader works from the zip's central directory, so the order a writer stores parts in
 * does not matter (exceljs's streaming reader lost the workbook part when it came last:
 * exceljs/exceljs#3064). Packages are built part by part here to hold what writers really put in
 * them: prefixed elements, shared and inline rich text, phonetic guides, formulas with cached
 * results, date styles, sparse rows.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-workbook-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const part = (name: string, xml: string): ZipEntryInput => ({ name, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${xml}`) });

function rels(targets: Record<string, [type: string, target: string]>): string {
  const items = Object.entries(targets).map(
    ([id, [type, target]]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`,
  );
  return `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
}

/** Parts in the order that broke exceljs: the sheets and shared strings before the workbook, which comes last. */
function prefixedPackage(options: { date1904?: boolean; sheet1?: string } = {}): ZipEntryInput[] {
  const sheet1 =
    options.sheet1 ??
    `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>
      <x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="D2" t="s"><x:v>1</x:v></x:c></x:row>
      <x:row><x:c t="inlineStr"><x:is><x:r><x:t>Min</x:t></x:r><x:r><x:t xml:space="preserve">istry </x:t></x:r><x:r><x:t>10</x:t></x:r></x:is></x:c><x:c t="n"><x:v>1234.5</x:v></x:c><x:c><x:f>B3*2</x:f><x:v>2469</x:v></x:c></x:row>
      <x:row r="5"><x:c r="A5" s="1"><x:v>46203</x:v></x:c><x:c r="B5" s="2"><x:v>46204.75</x:v></x:c><x:c r="C5" t="b"><x:v>1</x:v></x:c><x:c r="D5" t="e"><x:v>#N/A</x:v></x:c><x:c r="E5" t="str"><x:f>A1&amp;"x"</x:f><x:v>ok</x:v></x:c><x:c r="F5" s="3"><x:v>-1.5E-3</x:v></x:c><x:c r="G5" t="s"/><x:c r="H5" s="4"><x:v>0.6</x:v></x:c><x:c r="I5"><x:f>1/0</x:f></x:c></x:row>
    </x:sheetData></x:worksheet>`;
  return [
    part('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    part('_rels/.rels', rels({ rId1: ['officeDocument', 'xl/workbook.xml'] })),
    part('xl/worksheets/sheet1.xml', sheet1),
    part(
      'xl/worksheets/sheet2.xml',
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>note</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
    ),
    part('xl/chartsheets/sheet1.xml', `<x:chartsheet xmlns:x="${MAIN}"/>`),
    part(
      'xl/sharedStrings.xml',
      `<x:sst xmlns:x="${MAIN}"><x:si><x:t>FY</x:t></x:si><x:si><x:r><x:t>Amo</x:t></x:r><x:r><x:t>unt</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ignored</x:t></x:rPh></x:si></x:sst>`,
    ),
    part(
      'xl/styles.xml',
      `<x:styleSheet xmlns:x="${MAIN}"><x:numFmts><x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><x:numFmt numFmtId="165" formatCode="[Red]#,##0.00"/></x:numFmts>
       <x:cellStyleXfs><x:xf numFmtId="14"/></x:cellStyleXfs>
       <x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="22"/><x:xf numFmtId="165"/><x:xf numFmtId="9"/></x:cellXfs></x:styleSheet>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      rels({
        rIdA: ['worksheet', '/xl/worksheets/sheet2.xml'],
        rIdB: ['worksheet', 'worksheets/sheet1.xml'],
        rIdS: ['sharedStrings', 'sharedStrings.xml'],
        rIdT: ['styles', 'styles.xml'],
        rIdC: ['chartsheet', 'chartsheets/sheet1.xml'],
      }),
    ),
    part(
      'xl/workbook.xml',
      `<x:workbook xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:workbookPr${options.date1904 ? ' date1904="1"' : ''}/><x:sheets><x:sheet name="Budget" sheetId="7" rel:id="rIdB"/><x:sheet name="Notes" sheetId="1" rel:id="rIdA" state="hidden"/><x:sheet name="Chart" sheetId="9" rel:id="rIdC"/></x:sheets></x:workbook>`,
    ),
  ];
}

async function open(name: string, entries: ZipEntryInput[]): Promise<Workbook> {
  const file = path.join(dir, name);
  await writeFile(file, zip(entries));
  return openWorkbook(file, name, DEFAULT_ZIP_LIMITS);
}

async function rowsOf(workbook: Workbook, sheet: string): Promise<Array<[number, Array<string | null>]>> {
  const rows: WorkbookRow[] = [];
  try {
    for await (const row of workbook.rows(sheet)) rows.push(row);
  } finally {
    workbook.close();
  }
  return rows.map((row) => [
    row.line,
    Array.from(row.cells, (cell) => (cell ? `${cell.kind}:${cell.text}${cell.percent ? ' %' : ''}` : null)),
  ]);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BudgetFileError);
  const problem = (error as BudgetFileError).problems[0];
  return { code: problem?.code ?? '', message: problem?.message ?? '' };
}

describe('reading an XLSX workbook', () => {
  it('lists worksheets (not chart sheets) in tab order and reads every kind of cell, whatever order the parts are stored in', async () => {
    const workbook = await open('prefixed.xlsx', prefixedPackage());
    expect(workbook.sheets).toEqual(['Budget', 'Notes']);
    expect([...workbook.hidden]).toEqual(['Notes']);
    expect(await rowsOf(workbook, 'Budget')).toEqual([
      [2, ['text:FY', null, null, 'text:Amount']],
      [3, ['text:Ministry 10', 'number:1234.5', 'number:2469']],
      [
        5,
        [
          'date:2026-06-30',
          'date:2026-07-01',
          'boolean:TRUE',
          'error:#N/A',
          'text:ok',
          'number:-0.0015',
          null,
          'number:0.6 %',
          'uncomputed:',
        ],
      ],
    ]);
  });

  it('reads a second (hidden) sheet through an absolute relationship target', async () => {
    expect(await rowsOf(await open('notes.xlsx', prefixedPackage()), 'Notes')).toEqual([[1, ['text:note']]]);
  });

  it('counts dates from 1904 when the workbook says so', async () => {
    const [, , dates] = await rowsOf(await open('1904.xlsx', prefixedPackage({ date1904: true })), 'Budget');
    expect(dates?.[1].slice(0, 2)).toEqual(['date:2030-07-01', 'date:2030-07-02']);
  });

  it('reads what exceljs writes the same way every time (it once lost one read in 300)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Lines');
    sheet.addRow(['Code', 'Approved', 'Due', 'Closed']);
    sheet.addRow(['10-1', 987_654.32, new Date(Date.UTC(2026, 0, 31)), false]);
    sheet.getCell('B3').value = { formula: 'B2*2', result: 1_975_308.64 };
    const file = path.join(dir, 'exceljs.xlsx');
    await book.xlsx.writeFile(file);
    const expected = [
      [1, ['text:Code', 'text:Approved', 'text:Due', 'text:Closed']],
      [2, ['text:10-1', 'number:987654.32', 'date:2026-01-31', 'boolean:FALSE']],
      [3, [null, 'number:1975308.64']],
    ];
    for (let read = 0; read < 100; read += 1) {
      expect(await rowsOf(await openWorkbook(file, 'exceljs.xlsx', DEFAULT_ZIP_LIMITS), 'Lines')).toEqual(expected);
    }
  });

  it('names the cell that refers to a shared string the workbook lacks', async () => {
    const sheet1 = `<worksheet xmlns="${MAIN}"><sheetData><row r="4"><c r="C4" t="s"><v>9</v></c></row></sheetData></worksheet>`;
    const workbook = await open('bad-index.xlsx', prefixedPackage({ sheet1 }));
    expect(await refusal(rowsOf(workbook, 'Budget'))).toEqual({
      code: 'INVALID_CSV',
      message: 'not readable as an XLSX workbook: cell C4 refers to shared string 9, which the workbook does not have',
    });
  });

  it('refuses a cell beyond the last column a spreadsheet has', async () => {
    const sheet1 = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="ZZZZZZ1"><v>1</v></c></row></sheetData></worksheet>`;
    expect((await refusal(rowsOf(await open('wide.xlsx', prefixedPackage({ sheet1 })), 'Budget'))).message).toBe(
      'not readable as an XLSX workbook: cell ZZZZZZ1 is beyond column XFD, the last a spreadsheet has',
    );
  });

  it('refuses a package without a workbook part, and a file that is no zip', async () => {
    const entries = prefixedPackage().filter((entry) => entry.name !== 'xl/workbook.xml');
    expect(await refusal(open('no-workbook.xlsx', entries))).toEqual({
      code: 'INVALID_CSV',
      message: 'a zip archive but not an XLSX workbook: it has no xl/workbook.xml part',
    });
    const text = path.join(dir, 'text.xlsx');
    await writeFile(text, 'FY,Amount\n');
    expect((await refusal(openWorkbook(text, 'text.xlsx', DEFAULT_ZIP_LIMITS))).code).toBe('INVALID_ZIP');
  });
});

describe('cell formats and date serials', () => {
  it.each([
    ['dd/mm/yyyy', true],
    ['yyyy-mm-dd hh:mm', true],
    ['h:mm AM/PM', true],
    ['#,##0.00', false],
    ['[Red]#,##0.00', false],
    ['"Day "0', false],
    ['0.00E+00', false],
    ['General', false],
  ])('%s shows a date: %s', (code, date) => {
    expect(isDateFormat(code)).toBe(date);
  });

  it('turns serials into days, keeping Excel’s fictitious 29 February 1900', () => {
    expect([1, 59, 61, 44927, 46203.999].map((serial) => serialDate(serial, false))).toEqual([
      '1900-01-01',
      '1900-02-28',
      '1900-03-01',
      '2023-01-01',
      '2026-06-30',
    ]);
    expect(serialDate(0, true)).toBe('1904-01-01');
    expect(serialDate(-1, false)).toBeNull();
  });
});
