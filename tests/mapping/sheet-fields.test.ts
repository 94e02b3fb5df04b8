import { describe, expect, it } from 'vitest';
import { parseSourceScheme } from '../../src/mapping/sheet/fields.js';
import { parseFiscalYear, parseShare, readMappingSheet } from '../../src/mapping/sheet/index.js';

const HEADER = 'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason';

describe('the cells of a mapping sheet', () => {
  it.each([
    ['2024', 2024],
    ['2024/25', 2024],
    ['2024-25', 2024],
    ['2024/2025', 2024],
    ['FY2024/25', 2024],
    ['1999/00', 1999],
    [' 2030 ', 2030],
    ['', null],
  ])('takes fiscal year %j as start year %j', (text, year) => {
    expect(parseFiscalYear(text)).toEqual({ value: year });
  });

  it.each(['2024/26', '24/25', '2024/5', 'next year', '2024-07-01', '1850', '2024.5'])('refuses fiscal year %j', (text) => {
    expect(parseFiscalYear(text)).toMatchObject({ code: 'BAD_FISCAL_YEAR' });
  });

  it.each([
    ['60', '60'],
    ['60.5', '60.5'],
    ['60,5', '60.5'],
    ['60%', '60'],
    ['60.50 %', '60.5'],
    ['033.330', '33.33'],
    ['.5', '0.5'],
    ['100', '100'],
    ['100.0', '100'],
    ['', '100'],
    ['0.0000000001', '0.0000000001'],
  ])('reads share %j as %j per cent', (text, share) => {
    expect(parseShare(text)).toEqual({ value: share });
  });

  it.each(['0', '0%', '-5', '100.01', '150', 'sixty', '60%%', '1.000,5', '6 0', '%', '33.33333333333', '0x10'])(
    'refuses share %j',
    (text) => {
      expect(parseShare(text)).toMatchObject({ code: 'BAD_SHARE' });
    },
  );

  it('reads fiscal-year labels and share formats in a sheet', async () => {
    const sheet = await readMappingSheet(
      Buffer.from(
        [
          HEADER,
          'MW,dac5,12220,coa:programme,310-03-02,"60,5",2024-25,2025/2026,Labels with a dash and in full',
          'MW,dac5,12220,coa:programme,310-02-02,39.5 %,FY2024/25,FY2025/26,With FY',
          'MW,dac5,12220,coa:programme,310-03,,2026,,An open end',
        ].join('\n'),
      ),
      'years.csv',
    );
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows.map((r) => [r.row, r.share, r.validFrom, r.validTo])).toEqual([
      [2, '60.5', 2024, 2025],
      [3, '39.5', 2024, 2025],
      [4, '100', 2026, null],
    ]);
  });

  it('refuses a country on a rule to COFOG, which is international and would never apply', async () => {
    const sheet = await readMappingSheet(Buffer.from([HEADER, 'MW,dac5,12220,cofog,07.4.0,,,,Basic health care'].join('\n')), 'cofog.csv');
    expect(sheet.rows).toEqual([]);
    expect(sheet.problems).toEqual([expect.objectContaining({ row: 2, field: 'country', code: 'BAD_COUNTRY' })]);
  });
});

describe('the source scheme of a location rule', () => {
  it.each([
    ['location:G1', 'location:G1'],
    [' Location: a3 ', 'location:A3'],
  ])('reads %j as %j: an administrative code in an IATI GeographicVocabulary', (text, scheme) => {
    expect(parseSourceScheme(text)).toEqual({ value: scheme });
  });

  it.each(['location:', 'location:G1 927642', 'location:geonames'])('refuses %j, saying how to write one', (text) => {
    const parsed = parseSourceScheme(text);
    expect(parsed).toMatchObject({ code: 'UNKNOWN_SCHEME' });
    expect(JSON.stringify(parsed)).toContain('location:G1');
  });
});
