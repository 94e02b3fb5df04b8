import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cofogCode } from '../../src/finance/coa/cofog-spelling.js';
import { configuredCountries, countryCoa, sharedClassifications } from '../../src/finance/coa/load.js';
import { CoaLoadError, type CoaProblem } from '../../src/finance/coa/problems.js';
import { readChart } from '../../src/finance/coa/read-chart.js';
import { MAX_CHART_CODES, validateChart } from '../../src/finance/coa/validate.js';
import { MADE_UP_CHART, writeChartWorkbook, type ChartSheets } from './coa-workbook.js';

/** A chart of accounts judged whole: what `coa load` reads from a workbook or a folder, before any database. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coa-validate-'));
});

async function refusal(read: Promise<unknown>): Promise<CoaProblem[]> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoaLoadError);
  return [...(error as CoaLoadError).problems];
}

const cofog = sharedClassifications().get('cofog')?.codes ?? new Map();

describe('COFOG as national systems write it', () => {
  it.each([
    ['07.2.1', '07.2.1'],
    ['0721', '07.2.1'],
    ['721', '07.2.1'],
    ['07.2', '07.2'],
    ['072', '07.2'],
    ['7', '07'],
    ['101', '10.1'],
    ['1011', '10.1.1'],
  ])('reads %s as %s', (written, code) => {
    expect(cofogCode(written, cofog)).toBe(code);
  });

  it.each(['99.9', '0799', 'seven', '', '07.2.1.1'])('knows %j is not a COFOG code', (written) => {
    expect(cofogCode(written, cofog)).toBeNull();
  });
});

describe('a chart workbook', () => {
  it('reads the country, its calendar and currency, segments in order, codes with parents and COFOG links however written', async () => {
    const file = path.join(dir, 'sn.xlsx');
    await writeChartWorkbook(file);
    const coa = await readChart(file);
    expect(coa.config).toMatchObject({ country: 'SN', currency: 'XOF', fiscalYear: { startMonth: 1 } });
    expect([...coa.segments.keys()]).toEqual(['administrative', 'programme', 'nature', 'functional']);
    const programme = coa.segment('programme')?.codes;
    expect(programme?.get('P211')).toMatchObject({ parent: null, level: 1, cofog: '07.2.1' });
    expect(programme?.get('P211-1')).toMatchObject({ parent: 'P211', level: 2, cofog: '07.2.1' });
    expect(programme?.get('P212-1')?.cofog).toBe('07.3.1');
    expect(programme?.get('P231')?.cofog).toBe('09.1.2');
    expect(programme?.get('P231-1')?.cofog).toBeNull();
    expect(coa.segment('functional')?.codes.size).toBe(cofog.size);
    // A budget export's COFOG column may write the class any of the three ways.
    expect(['0721', '721', '07.2.1'].map((c) => coa.canonical('functional', c))).toEqual(['07.2.1', '07.2.1', '07.2.1']);
  });

  it('names every problem of a workbook that has every kind at once, each at its sheet, row and field', async () => {
    const [codeHeader, ...codes] = MADE_UP_CHART.Codes;
    const broken: ChartSheets = {
      Country: [MADE_UP_CHART.Country[0] as readonly string[], ['Senegal', '', 'francs', 13, 'FY', '']],
      Segments: [
        ...MADE_UP_CHART.Segments,
        ['programme', 'programme', 'Again', 'programme', '', ''],
        ['Bad Id', 'ministry', 'Wrong', '', 'isic', ''],
      ],
      Codes: [
        [...(codeHeader as readonly string[]), 'colour'],
        ...codes,
        ['administrative', '21', '', 1, 'Santé (again)', '', '', '', '', ''], // row 17: duplicate
        ['administrative', '25', '99', 2, 'Orphan', '', '', '', '', ''], // row 18: parent missing
        ['programme', 'P300', 'P301', '', 'Cycle A', '', '', '', '', ''], // row 19
        ['programme', 'P301', 'P300', '', 'Cycle B', '', '', '', '', ''], // row 20
        ['programme', 'P231-2', 'P231', 1, 'Wrong level', '', '', '', '', ''], // row 21
        ['nature', '6', '', 1, 'Transferts', '', '', '', '', '99.9'], // row 22: not COFOG
        ['nature', '7', '', 1, '', '', '', '', '', ''], // row 23: no name
        ['budget', '1', '', 1, 'Unknown segment', '', '', '', '', ''], // row 24
        ['functional', '07.2.1', '', 3, 'Listed under a classification', '', '', '', '', ''], // row 25
        ['nature', '2-1', '2', 2, 'Too deep', '', '', '', '', ''], // row 26
      ],
    };
    const file = path.join(dir, 'broken.xlsx');
    await writeChartWorkbook(file, broken);
    const problems = await refusal(readChart(file, 'broken.xlsx'));
    const where = problems.map((p) => `${p.file}|${p.row ?? ''}|${p.field ?? ''}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'broken.xlsx sheet Codes|1|colour',
        'broken.xlsx sheet Country|2|country',
        'broken.xlsx sheet Country|2|name',
        'broken.xlsx sheet Country|2|currency',
        'broken.xlsx sheet Country|2|fiscal_year_start_month',
        'broken.xlsx sheet Country|2|fiscal_year_label',
        'broken.xlsx sheet Segments|6|id',
        'broken.xlsx sheet Segments|7|id',
        'broken.xlsx sheet Segments|7|kind',
        'broken.xlsx sheet Segments|7|levels',
        'broken.xlsx sheet Segments|7|classification',
        'broken.xlsx sheet Codes|17|code',
        'broken.xlsx sheet Codes|18|parent',
        'broken.xlsx sheet Codes|19|parent',
        'broken.xlsx sheet Codes|20|parent',
        'broken.xlsx sheet Codes|21|level',
        'broken.xlsx sheet Codes|22|cofog',
        'broken.xlsx sheet Codes|23|name',
        'broken.xlsx sheet Codes|24|segment',
        'broken.xlsx sheet Codes|25|segment',
        'broken.xlsx sheet Codes|26|level',
      ]),
    );
    expect(problems).toHaveLength(where.length);
    const text = (row: number, field: string) => problems.find((p) => p.row === row && p.field === field)?.message;
    expect(text(17, 'code')).toMatch(/code 21 appears twice in segment administrative \(first at row 2\)/);
    expect(text(19, 'parent')).toMatch(/parents form a cycle: P300 → P301 → P300/);
    expect(text(21, 'level')).toMatch(/level 1 but its parents put it at level 2/);
    expect(text(26, 'level')).toMatch(/segment nature has 1 levels/);
  });

  it('names a missing sheet and a missing required column', async () => {
    const file = path.join(dir, 'no-segments.xlsx');
    const { Segments: _segments, ...rest } = MADE_UP_CHART;
    await writeChartWorkbook(file, {
      ...rest,
      Codes: [
        ['segment', 'code'],
        ['programme', 'P1'],
      ],
    } as unknown as ChartSheets);
    const problems = await refusal(readChart(file, 'no-segments.xlsx'));
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/no sheet Segments/), 'the name column is missing']),
    );
  });
});

describe('a chart too large to be one', () => {
  it('is refused at once, before a code is judged', () => {
    const country = {
      file: 'huge.xlsx sheet Country',
      row: 2,
      fields: { country: 'SN', name: 'x', currency: 'XOF', fiscal_year_start_month: '1' },
    };
    const codes = Array.from({ length: MAX_CHART_CODES + 1 }, (_v, i) => ({
      file: 'huge.xlsx sheet Codes',
      row: i + 2,
      fields: { segment: 'administrative', code: String(i), name: 'x' },
    }));
    let thrown: unknown;
    try {
      validateChart({ country, segments: [], codes }, sharedClassifications());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CoaLoadError);
    expect((thrown as CoaLoadError).problems).toEqual([
      {
        file: 'huge.xlsx sheet Codes',
        row: undefined,
        field: undefined,
        message: `${MAX_CHART_CODES + 1} codes is more than ${MAX_CHART_CODES}`,
      },
    ]);
  });
});

describe('a chart folder', () => {
  it('loads every shipped example under mappings/coa through the same validation', () => {
    for (const country of configuredCountries()) expect(countryCoa(country).config.country).toBe(country);
    expect(configuredCountries()).toEqual(expect.arrayContaining(['ES', 'MW', 'MX', 'TZ']));
  });

  it('names a cycle and a missing codes file in a folder', async () => {
    const folder = path.join(dir, 'folder');
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, 'coa.json'),
      JSON.stringify({
        country: 'ZZ',
        name: 'Test',
        currency: 'ZZD',
        fiscalYear: { startMonth: 7 },
        segments: [
          { id: 'administrative', kind: 'administrative', name: 'Votes', levels: ['vote', 'unit'], codes: 'administrative.csv' },
          { id: 'fund', kind: 'fund', name: 'Funds', levels: ['fund'], codes: 'fund.csv' },
        ],
      }),
    );
    await writeFile(path.join(folder, 'administrative.csv'), 'code,parent,level,name\n10,11,,Ten\n11,10,,Eleven\n');
    const problems = await refusal(readChart(folder, 'zz'));
    expect(problems.map((p) => [p.file, p.row, p.message])).toEqual([
      ['zz/fund.csv', undefined, "segment fund's codes file is missing"],
      ['zz/administrative.csv', 2, "code 10's parents form a cycle: 10 → 11 → 10"],
      ['zz/administrative.csv', 3, "code 11's parents form a cycle: 11 → 10 → 11"],
      ['zz/coa.json segment fund', undefined, 'segment fund has no codes (list them, or give a classification or open)'],
    ]);
  });
});
