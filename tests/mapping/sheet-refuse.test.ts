import { describe, expect, it } from 'vitest';
import { readMappingSheet } from '../../src/mapping/sheet/index.js';
import { zip } from '../support/zip-writer.js';

const HEADER = 'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason';
const csv = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('refusing what is not a mapping sheet', () => {
  it('refuses a header with columns it does not know and without columns it needs, naming each', async () => {
    const sheet = await readMappingSheet(
      csv(
        'country,source_scheme,sourcecode,target_scheme,share,valid_from,reason,notes,Share\nMW,dac5,12220,coa:programme,60,2024,x,y,z\n',
      ),
      'columns.csv',
    );
    expect(sheet.rows).toEqual([]);
    expect(sheet.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [1, 'source_code', 'MISSING_COLUMN'],
      [1, 'target_code', 'MISSING_COLUMN'],
      [1, 'share', 'DUPLICATE_COLUMN'],
      [1, 'valid_to', 'MISSING_COLUMN'],
      [1, 'sourcecode', 'UNKNOWN_COLUMN'],
      [1, 'notes', 'UNKNOWN_COLUMN'],
    ]);
    const messages = sheet.problems.map((p) => p.message);
    expect(messages).toContain(
      'row 1, column C "sourcecode": not a column of the mapping sheet; did you mean source_code? remove or rename it ' +
        '(the columns are country, source_scheme, source_code, target_scheme, target_code, share, valid_from, valid_to, reason, and optionally action)',
    );
    expect(messages).toContain('row 1, column I "Share": column E is share already; remove one of the two');
    expect(sheet.problems.find((p) => p.field === 'valid_to')?.message).toMatch(/^the header \(row 1\) has no column valid_to; add it/);
  });

  it('refuses a value in a column without a header, but not an empty column left over at the end', async () => {
    const sheet = await readMappingSheet(
      csv(`${HEADER},\nMW,dac5,11220,coa:programme,250-03,,,,Primary education,\nMW,dac5,11240,coa:programme,250-03,,,,Pre-primary,oops\n`),
      'trailing.csv',
    );
    expect(sheet.problems).toEqual([
      {
        row: 3,
        field: 'J',
        code: 'EXTRA_CELLS',
        message: 'row 3, column J "oops": the column has no header; remove the value or move it to its column',
      },
    ]);
    expect(sheet.rows.map((r) => r.row)).toEqual([2]);
  });

  const notSheets: [string, Buffer, string, RegExp][] = [
    ['an empty file', Buffer.alloc(0), 'EMPTY_SHEET', /the file is empty/],
    ['blank lines only', csv('\n  \n,,,\n'), 'EMPTY_SHEET', /no rows/],
    ['a header without rows', csv(`${HEADER}\n\n`), 'EMPTY_SHEET', /has a header \(row 1\) but no mapping rows/],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'NOT_A_SHEET', /a PDF document/],
    [
      'an Excel 97–2003 workbook',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'NOT_A_SHEET',
      /\.xls.*save it as \.xlsx/,
    ],
    [
      'a zip that is not a workbook',
      zip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }]),
      'NOT_A_SHEET',
      /not an XLSX workbook/,
    ],
    [
      'a broken zip',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]),
      'NOT_A_SHEET',
      /not a zip archive.*save it again as \.xlsx/,
    ],
    ['a zip bomb', zip([{ name: 'xl/workbook.xml', data: Buffer.alloc(10), declaredSize: 4_000_000_000 }]), 'TOO_LARGE', /zip bomb/],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'NOT_A_SHEET', /binary file/],
    ['UTF-16 text', Buffer.from(`\ufeff${HEADER}`, 'utf16le'), 'NOT_A_SHEET', /UTF-16/],
    [
      'Latin-1 text',
      Buffer.from(`${HEADER}\nMW,dac5,12220,cofog,07.4.0,,,,Sant\xe9\n`, 'latin1'),
      'INVALID_CSV',
      /not UTF-8 text \(from line 2\)/,
    ],
    ['JSON', csv('{"mappings": [{"country": "MW"}]}\n'), 'NO_HEADER', /row 1 is not the header of a mapping sheet/],
    ['an unclosed quote', csv(`${HEADER}\nMW,dac5,12220,cofog,07.4.0,,,,"never closed\nMW,dac5\n`), 'INVALID_CSV', /line 2: a quoted cell/],
  ];
  it.each(notSheets)('refuses %s with one clear problem', async (_what, bytes, code, message) => {
    const sheet = await readMappingSheet(bytes, 'upload.bin');
    expect(sheet.rows).toEqual([]);
    expect(sheet.problems).toHaveLength(1);
    expect(sheet.problems[0]).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    expect(sheet.problems[0]?.message).toMatch(/^upload\.bin: /);
  });
});
