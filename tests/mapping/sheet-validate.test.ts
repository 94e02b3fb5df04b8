import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_DIR, configuredCountries, countryCoa, readCodes } from '../../src/finance/coa/load.js';
import {
  checkGroup,
  checkMappingSheet,
  readMappingSheet,
  validateMappingRows,
  type GroupRule,
  type MappingCatalogue,
} from '../../src/mapping/sheet/index.js';
import { mappingsDir } from '../../src/paths.js';

/** The catalogue the rule store keeps in the database, here straight from the files in mappings/. */
function fileCatalogue(): MappingCatalogue {
  const csvRows = (...parts: string[]) =>
    parse(readFileSync(path.join(mappingsDir, ...parts), 'utf8'), { columns: true }) as Record<string, string>[];
  const items = csvRows('iati-codelists', 'items.csv');
  const codelist = (name: string) => new Set(items.filter((item) => item.codelist === name).map((item) => item.code ?? ''));
  const cofog = readCodes(path.join(CLASSIFICATION_DIR, 'cofog.csv'), 3).codes;
  const sources = new Map<string, ReadonlySet<string>>([
    ['dac5', new Set(csvRows('sectors', 'dac-cofog.csv').map((row) => row.dac_code ?? ''))],
    ['dac3', codelist('SectorCategory')],
    ['budget-identifier', codelist('BudgetIdentifier')],
    ['cofog', new Set(cofog.keys())],
  ]);
  const countries = new Set(configuredCountries());
  return {
    hasSourceCode: (scheme, code) => sources.get(scheme)?.has(code),
    hasCountry: (country) => countries.has(country),
    hasSegment: (country, segment) => countryCoa(country).segment(segment) !== undefined,
    hasTargetCode(country, scheme, code) {
      if (scheme === 'cofog') return cofog.has(code);
      const segment = country ? countryCoa(country).segment(scheme.slice('coa:'.length)) : undefined;
      return segment !== undefined && (segment.codes.has(code) || segment.config.open === true);
    },
  };
}

const catalogue = fileCatalogue();
const HEADER = 'country,source_scheme,source_code,target_scheme,target_code,share,valid_from,valid_to,reason,action';
const check = (lines: string[]) => checkMappingSheet(Buffer.from([HEADER, ...lines].join('\n')), 'mw.csv', catalogue);

describe('validating a mapping sheet against the catalogue', () => {
  it('accepts a sector split over two programmes summing to 100, staged validity, international COFOG rows and retirements', async () => {
    const checked = await check([
      'MW,dac5,12220,coa:programme,310-03-02,60,2024/25,,Most basic health care is RMNCH,',
      'MW,dac5,12220,coa:programme,310-02-02,40,2024/25,,The rest is district hospitals and health centres,',
      'MW,dac5,12220,coa:programme,310-03,,2020,,The split replaces the whole-programme rule of 2020,retire',
      ',dac5,12230,cofog,07.3.1,,,,SectorCOFOG,',
      ',dac5,14030,cofog,06.3.0,33.33,,,Water supply,',
      ',dac5,14030,cofog,05.2.0,66.67,,,Sanitation,',
      'MW,dac3,140,coa:programme,480-02,,2022,2023,Water before the programme split,',
      'MW,dac3,140,coa:programme,480-02-01,50,2024,,Water resources management,',
      'MW,dac3,140,coa:programme,480-02-02,50,2024,,Rural and urban water supply,',
      'MW,budget-identifier,1.1.1,coa:administrative,010,,,,Executive: Office of the President and Cabinet,',
      'MW,cofog,07.4,coa:programme,310-03,,,,COFOG public health is the public health programme,',
      'MW,sector:7,3,coa:programme,310-03,,,,SDG 3 (vocabulary 7 is not checked against a codelist),',
      'MW,org-name,Ministère de la Santé,coa:administrative,310,60,,,Names as donors publish them,',
      'MW,org-name,MINISTERE DE LA SANTE,coa:administrative,310-006,40,,,The same ministry in capitals,',
      'MW,activity,GB-GOV-1-300708,coa:project,P-12345,,,,Projects are an open segment,',
    ]);
    expect(checked.problems).toEqual([]);
    expect(checked.rows).toHaveLength(15);
  });

  it('reports every problem of an invalid sheet at once, each with its row, field and what to fix', async () => {
    const checked = await check([
      /*  2 */ 'MW,dac5,99999,coa:programme,310-03,,,,A DAC code that does not exist,',
      /*  3 */ 'MW,dac5,12230,coa:programme,310-99,,,,A programme that does not exist,',
      /*  4 */ 'MW,dac5,12220,coa:programme,310-03-02,60,2024,,RMNCH,',
      /*  5 */ 'MW,dac5,12220,coa:programme,310-02-02,30,2024,,District health,',
      /*  6 */ 'MW,dac5,12250,coa:programme,310-03,sixty,,,Infectious disease control,',
      /*  7 */ 'MW,dac5,12250,coa:programme,310-02,40,,,The rest (not added up: row 6 is unreadable),',
      /*  8 */ 'MW,dac5,11220,coa:programme,250-03,,2024/26,,Primary education,',
      /*  9 */ 'MW,dac5,11240,coa:programme,250-03,,,,,',
      /* 10 */ 'MW,dac6,11240,coa:programme,250-03,,,,A typo in the scheme,',
      /* 11 */ 'MW,dac3,140,coa:programme,480-02,,2022,2024,Water before the split,',
      /* 12 */ 'MW,dac3,140,coa:programme,480-02-01,,2024,,Water after the split,',
      /* 13 */ 'MW,dac5,14030,coa:programme,480-02-02,,,,Water supply,',
      /* 14 */ 'MW,dac5,14030,coa:programme,480-02-02,,,,Water supply again,',
      /* 15 */ 'ZA,dac5,12220,coa:programme,310-03,,,,A country without a chart of accounts,',
      /* 16 */ 'Malawi,dac5,12220,cofog,07.4.0,,,,A country by name,',
      /* 17 */ ',dac5,12220,coa:programme,310-03,,,,No country for a national target,',
      /* 18 */ 'MW,cofog,07.4,coa:functionl,07.4.0,,,,A typo in the segment,',
      /* 19 */ 'MW,dac5,12261,coa:programme,310-03,,2025,2024,Years the wrong way round,',
      /* 20 */ 'MW,dac5,12262,coa:programme,310-03,,,,Malaria,delete',
      /* 21 */ ',dac5,12263,cofog,07.4.9,,,,Not a COFOG class,',
      /* 22 */ 'MW,sector:1,12264,coa:programme,310-03,,,,Vocabulary 1 has its own scheme,',
      /* 23 */ 'MW,dac5,12281,coa:programme,310-03,150,,,Too much,',
    ]);
    expect(checked.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, 'source_code', 'UNKNOWN_CODE'],
      [3, 'target_code', 'UNKNOWN_CODE'],
      [4, 'share', 'SHARES_NOT_100'],
      [6, 'share', 'BAD_SHARE'],
      [8, 'valid_from', 'BAD_FISCAL_YEAR'],
      [9, 'reason', 'MISSING_REASON'],
      [10, 'source_scheme', 'UNKNOWN_SCHEME'],
      [12, 'valid_from', 'OVERLAPPING_VALIDITY'],
      [14, 'target_code', 'DUPLICATE_ROW'],
      [15, 'country', 'UNKNOWN_COUNTRY'],
      [16, 'country', 'BAD_COUNTRY'],
      [17, 'country', 'MISSING_VALUE'],
      [18, 'target_scheme', 'UNKNOWN_SCHEME'],
      [19, 'valid_to', 'BAD_FISCAL_YEAR'],
      [20, 'action', 'BAD_ACTION'],
      [21, 'target_code', 'UNKNOWN_CODE'],
      [22, 'source_scheme', 'UNKNOWN_SCHEME'],
      [23, 'share', 'BAD_SHARE'],
    ]);
    for (const p of checked.problems) {
      expect(p.message, p.code).toMatch(new RegExp(`^rows? ${p.row}\\b`));
      if (p.code !== 'SHARES_NOT_100' && p.code !== 'OVERLAPPING_VALIDITY') expect(p.message, p.code).toContain(p.field);
    }
    const message = (row: number) => checked.problems.find((p) => p.row === row)?.message;
    expect(message(2)).toBe(
      'row 2, source_code "99999": not a known dac5 code; write a DAC 5-digit purpose code of the IATI Sector codelist, such as 12220',
    );
    expect(message(3)).toBe(
      'row 3, target_code "310-99": not a code of MW\'s programme segment; write a code of that segment of the chart of accounts',
    );
    expect(message(4)).toBe(
      'rows 4 (310-03-02: 60), 5 (310-02-02: 30): the shares of MW dac5 12220 → coa:programme from fiscal year 2024 sum to 90; ' +
        'a split must sum to exactly 100: 10 is missing; raise a share or add a row for the rest',
    );
    expect(message(6)).toBe('row 6, share "sixty": not a per cent; write a number such as 60, 60.5 or 60% (empty means 100)');
    expect(message(8)).toBe(
      'row 8, valid_from "2024/26": a fiscal year label names two consecutive years (2024/25); ' +
        'write the fiscal year as its start year (2024) or as a label (2024/25); leave it empty for no limit',
    );
    expect(message(9)).toBe('row 9, reason is empty: say why this mapping holds (kept in the mapping history)');
    expect(message(12)).toBe(
      'row 12 (from fiscal year 2024) and row 11 (in fiscal years 2022–2024) both map MW dac3 140 → coa:programme in the same fiscal years; ' +
        'end one before the other begins, or give both the same years to make one split',
    );
    expect(message(14)).toBe(
      'row 14, target_code "480-02-02": row 13 already maps MW dac5 14030 → coa:programme to 480-02-02 in every fiscal year; keep one of the two rows',
    );
    expect(message(17)).toBe(
      "row 17, country is empty: target coa:programme is a segment of one country's chart of accounts; write the country code, such as MW",
    );
    expect(message(18)).toBe(
      'row 18, target_scheme "coa:functionl": MW\'s chart of accounts has no segment "functionl"; write coa: and one of its segments',
    );
    expect(message(22)).toBe('row 22, source_scheme "sector:1": sector vocabulary 1 is DAC 5-digit purpose codes: write dac5');
  });

  it('does not add up a split one of whose rows could not be read (the sum would be wrong only for want of that row)', async () => {
    const bytes = Buffer.from(
      [HEADER, 'MW,dac5,12220,coa:programme,310-03-02,60,,,RMNCH,', 'MW,dac5,12220,coa:programme,310-02-02,oops,,,Rest,'].join('\n'),
    );
    const sheet = await readMappingSheet(bytes, 'mw.csv');
    expect(sheet.unread).toEqual([{ row: 3, country: 'MW', sourceScheme: 'dac5', sourceCode: '12220', targetScheme: 'coa:programme' }]);
    expect(validateMappingRows(sheet.rows, catalogue, sheet.unread)).toEqual([]);
    expect(validateMappingRows(sheet.rows, catalogue).map((p) => p.code)).toEqual(['SHARES_NOT_100']);
  });
  it('refuses a new rule to a retired chart code, but not restating an active rule on it nor retiring one', async () => {
    const withRetired: MappingCatalogue = {
      ...catalogue,
      isRetiredCode: (country, scheme, code) => country === 'MW' && scheme === 'coa:programme' && code === '310-03',
      hasActiveRule: (rule) => rule.sourceScheme === 'cofog' && rule.sourceCode === '07.4' && rule.targetCode === '310-03',
    };
    const checked = await checkMappingSheet(
      Buffer.from(
        [
          HEADER,
          'MW,cofog,07.4,coa:programme,310-03,,,,Restated as it stands,',
          'MW,dac5,12220,coa:programme,310-03,,2020,,Retiring the old whole-programme rule,retire',
          'MW,dac5,12230,coa:programme,310-03,,,,A new rule to the retired code,',
        ].join('\n'),
      ),
      'mw.csv',
      withRetired,
    );
    expect(checked.problems.map((p) => [p.row, p.field, p.code])).toEqual([[4, 'target_code', 'RETIRED_CODE']]);
  });
});

describe('checking a group of rules that is not a sheet', () => {
  const rule = (targetCode: string, share: string, more: Partial<GroupRule> = {}): GroupRule => ({
    country: 'MW',
    sourceScheme: 'dac5',
    sourceCode: '12220',
    targetScheme: 'coa:programme',
    targetCode,
    share,
    validFrom: 2024,
    validTo: null,
    ...more,
  });

  it('lets a mutation leave a split incomplete (at-most), but not in a sheet (exact)', () => {
    const rules = [rule('310-03-02', '60'), rule('310-02-02', '30')];
    expect(checkGroup(rules, 'at-most')).toEqual([]);
    expect(checkGroup(rules, 'exact').map((p) => [p.row, p.code])).toEqual([[null, 'SHARES_NOT_100']]);
  });

  it('refuses shares over 100 in either mode, naming the rules by their targets when they have no row', () => {
    const rules = [rule('310-03-02', '60.5'), rule('310-02-02', '39.75'), rule('310-03', '0.5')];
    expect(checkGroup(rules, 'at-most')).toEqual([
      {
        row: null,
        field: 'share',
        code: 'SHARES_OVER_100',
        message:
          'the rules (310-03-02: 60.5, 310-02-02: 39.75, 310-03: 0.5): the shares of MW dac5 12220 → coa:programme from fiscal year 2024 ' +
          'sum to 100.75; together they may not exceed 100; lower them by 0.75',
      },
    ]);
    expect(checkGroup(rules, 'exact').map((p) => p.code)).toEqual(['SHARES_NOT_100']);
  });

  it('adds shares exactly: three thirds written 33.33, 33.33 and 33.34 are 100', () => {
    expect(checkGroup([rule('310-03-02', '33.33'), rule('310-02-02', '33.33'), rule('310-03', '33.34')], 'exact')).toEqual([]);
    expect(checkGroup([rule('310-03-02', '0.1'), rule('310-02-02', '0.2'), rule('310-03', '99.7')], 'exact')).toEqual([]);
  });

  it('leaves retired rules out of sums and overlaps', () => {
    const rules = [
      rule('310-03', '100', { validFrom: 2020, validTo: null, action: 'retire' }),
      rule('310-03-02', '60'),
      rule('310-02-02', '40'),
    ];
    expect(checkGroup(rules, 'exact')).toEqual([]);
  });

  it('keeps groups apart: the same source into another country, scheme or target scheme is another split', () => {
    const rules = [
      rule('310-03', '100'),
      rule('07.4.0', '100', { country: null, targetScheme: 'cofog' }),
      rule('310-03', '100', { sourceScheme: 'dac3', sourceCode: '122' }),
      rule('4', '100', { targetScheme: 'coa:fund', validFrom: null }),
    ];
    expect(checkGroup(rules, 'exact')).toEqual([]);
  });

  it('finds overlaps between open-ended and bounded ranges, and none between ranges that only touch', () => {
    expect(
      checkGroup([rule('310-03', '100', { validFrom: null, validTo: 2023 }), rule('310-03-02', '100', { validFrom: 2024 })], 'exact'),
    ).toEqual([]);
    const overlapping = checkGroup(
      [rule('310-03', '100', { validFrom: null, validTo: 2024 }), rule('310-03-02', '100', { validFrom: 2024 })],
      'exact',
    );
    expect(overlapping.map((p) => p.code)).toEqual(['OVERLAPPING_VALIDITY']);
    expect(overlapping[0]?.message).toMatch(
      /^the rule to coa:programme 310-03-02 \(from fiscal year 2024\) and the rule to coa:programme 310-03 \(up to fiscal year 2024\)/,
    );
  });
});
