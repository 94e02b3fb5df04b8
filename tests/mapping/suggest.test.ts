import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../connectors/iati/xml-node.js';
import { countryNameForms, normaliseOrgName } from '../../src/mapping/suggest/normalise.js';
import { DEFAULT_MIN_SCORE, suggestEntities, type NationalEntity } from '../../src/mapping/suggest/suggest.js';
import { mappingsDir } from '../../src/paths.js';
import { sample } from '../support/sample-data.js';

/**
 * Organisation names as IATI publishers wrote them (../shared/data/iati/activities) against the
 * administrative segments of Malawi's and Mexico's charts of accounts (mappings/coa/).
 */
function entities(country: string, aliases: Readonly<Record<string, readonly string[]>> = {}): NationalEntity[] {
  const file = path.join(mappingsDir, 'coa', country.toLowerCase(), 'administrative.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row) => ({ country, code: row.code ?? '', name: row.name ?? '', aliases: aliases[row.code ?? ''] ?? [] }));
}

/** Every organisation name in an activity file (participating, provider and receiver organisations). */
function orgNames(file: string): Set<string> {
  const xml = readFileSync(sample('iati', 'activities', ...file.split('/')), 'utf8');
  const names = new Set<string>();
  for (const match of xml.matchAll(/<(participating-org|provider-org|receiver-org)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const body = match[2] ?? '';
    const narratives = [...body.matchAll(/<narrative\b[^>]*>([^<]*)<\/narrative>/g)].map((m) => m[1] ?? '');
    for (const text of narratives.length > 0 ? narratives : [body]) names.add(decodeEntities(text.trim()));
  }
  return names;
}

/** Country names from the IATI Country codelist, in the forms publishers write them. */
function countryNames(...codes: string[]): string[] {
  const rows = parse(readFileSync(path.join(mappingsDir, 'iati-codelists', 'items.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  return rows
    .filter((row) => row.codelist === 'Country' && codes.includes(row.code ?? ''))
    .flatMap((row) => countryNameForms(row.name ?? ''));
}

const malawi = entities('MW');
// Names from Malawi's and Tanzania's data; a ministry is named alike in both. The codelist has no French names.
const eastAfrica = [...countryNames('MW', 'TZ'), 'Tanzanie'];

describe('normalising organisation names', () => {
  it.each([
    ['MINISTRY OF AGRICULTURE', [], 'ministry agriculture'],
    ['Min. of Agriculture', [], 'ministry agriculture'],
    ['MINISTRY OF AGRICULTURE; MINISTRY OF IRRIG. AND WTR. DEV.', [], 'ministry agriculture ministry irrig wtr development'],
    ['Ministry of Trade & SME Dev', [], 'ministry trade sme development'],
    ['Dept. of Disaster Management Affairs', [], 'department disaster management affairs'],
    ['Secretaría de Hacienda y Crédito Público', [], 'secretaria hacienda credito publico'],
    [
      "Gouvernement de la Tanzanie - Ministère de l'Éducation et de la Formation professionnelle",
      ['Tanzanie'],
      'ministere education formation professionnelle',
    ],
    ["Government of Tanzania - President's Office - Public Service Management", ['Tanzania'], 'president office public service management'],
    ['The Government of the Republic of Malawi through the Ministry of Health', ['Malawi'], 'through ministry health'],
    ['GOVERNMENT OF THE REPUBLIC OF MALAWI', ['Malawi'], ''],
    ['Ministry of Finance, Tanzania (TSMP)', countryNameForms('Tanzania, the United Republic of'), 'ministry finance tsmp'],
  ])('%s → "%s"', (name, countries, expected) => {
    expect(normaliseOrgName(name, countries)).toBe(expected);
  });

  it('writes a codelist country name in the forms publishers use', () => {
    expect(countryNameForms('Tanzania, the United Republic of')).toEqual([
      'Tanzania, the United Republic of',
      'Tanzania',
      'the United Republic of Tanzania',
    ]);
    expect(countryNameForms('Malawi')).toEqual(['Malawi']);
  });
});

describe('suggesting national entities for an IATI organisation name', () => {
  it.each([
    ['v1/worldbank.xml', 'MINISTRY OF AGRICULTURE AND FOOD SECURITY', '130'],
    ['v1/worldbank.xml', 'MINISTRY OF EDUCATION', '250'],
    ['v1/worldbank.xml', 'MINISTRY OF FINANCE', '270'],
    ['v1/worldbank.xml', 'MINISTRY OF FINANCE (MASAF UNIT)', '270'],
    ['v1/worldbank.xml', 'MINISTRY OF INDUSTRY TRADE AND PRIVATE SECTOR DEVELOPMENT', '520'],
    ['v1/worldbank.xml', 'MINISTRY OF LANDS AND NATUARAL RESOURCES', '460'],
    ['v1/worldbank.xml', 'MINISTRY OF AGRICULTURE; MINISTRY OF IRRIG. AND WTR. DEV.', '130'],
    ['v1/worldbank.xml', 'MINISTRY OF ECONOMIC DEVELOPMENT AND PLANNING', '270-003'],
    ['v1/IATIfromGF.xml', 'The Ministry of Health of the Republic of Malawi', '310'],
    ['v1/IATIfromGF.xml', 'The Government of the Republic of Malawi through the Ministry of Health', '310'],
    ['v1/dfatd-TZ.xml', 'Government of Tanzania - Ministry of Finance', '270'],
    ['v1/dfatd-TZ.xml', 'Gouvernement de la Tanzanie - Ministère des Finances', '270'],
    ['v1/dfatd-TZ.xml', 'Government of Tanzania - Ministry of Education and Vocational Training', '250'],
    ['v1/dfid-TZ.xml', 'Ministry of Finance and Economic Affairs(Tsh)', '270'],
    ['v1/same_orgs_different_roles.xml', 'Ministry of Foreign Affairs', '370'],
  ])('%s: "%s" → vote %s first', (file, name, code) => {
    expect(orgNames(file)).toContain(name);
    const [first] = suggestEntities(name, malawi, { countryNames: eastAfrica });
    expect(first).toMatchObject({ code, matchedOn: 'name' });
    expect(first?.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
  });

  it('scores an exact name 1 whatever the case, accents and abbreviations, and ranks at most `limit`', () => {
    expect(suggestEntities('Min. of Agriculture', malawi)).toMatchObject([{ code: '130', name: 'Ministry of Agriculture', score: 1 }]);
    expect(suggestEntities('petroleos MEXICANOS', entities('MX'))[0]).toMatchObject({ code: '52', name: 'Petróleos Mexicanos', score: 1 });
    const five = suggestEntities('MINISTRY OF EDUCATION', malawi, { limit: 5, minScore: 0 });
    expect(five.map((s) => s.code)).toEqual(['250', '250-002', '250-005', '250-003', '250-004']);
    expect(five.map((s) => s.score)).toEqual([...five.map((s) => s.score)].sort((a, b) => b - a));
  });

  it('matches an alias: the ministries whose budget name leaves out "Secretaría de"', () => {
    const mexico = entities('MX', { '6': ['Secretaría de Hacienda y Crédito Público', 'SHCP'], '12': ['Secretaría de Salud'] });
    expect(suggestEntities('SECRETARIA DE HACIENDA Y CREDITO PUBLICO', mexico)[0]).toMatchObject({
      code: '6',
      name: 'Hacienda y Crédito Público',
      score: 1,
      matchedOn: 'alias',
      matched: 'Secretaría de Hacienda y Crédito Público',
    });
    expect(suggestEntities('SHCP', mexico)[0]).toMatchObject({ code: '6', matchedOn: 'alias', score: 1 });
    // Without an alias the ministry still comes first, ahead of its own under-secretariat.
    expect(suggestEntities('Secretaría de Salud', entities('MX'))[0]).toMatchObject({ code: '12', matchedOn: 'name' });
    expect(suggestEntities('secretaria de educacion publica', entities('MX'))[0]).toMatchObject({ code: '11', name: 'Educación Pública' });
  });

  it('breaks ties by code, whatever the order of the entity list', () => {
    const mexico = entities('MX');
    const expected = [
      { code: '19-GYR', score: 1 },
      { code: '50', score: 1 },
      { code: '50-GYR', score: 1 },
    ];
    expect(suggestEntities('INSTITUTO MEXICANO DEL SEGURO SOCIAL', mexico)).toMatchObject(expected);
    expect(suggestEntities('INSTITUTO MEXICANO DEL SEGURO SOCIAL', [...mexico].reverse())).toMatchObject(expected);
  });

  it.each([
    ['v2/fcdo-activity.xml', 'Adam Smith International'],
    ['v1/dfid-TZ.xml', 'HIVOS'],
    ['v1/dfid-TZ.xml', 'Bon Voyage Travel Centre Ltd(USD)'],
    ['v1/dfatd-TZ.xml', 'Sikika'],
    ['v1/dfatd-TZ.xml', 'Canada-Africa Community Health Alliance'],
    ['v1/IATIfromGF.xml', 'The Registered Trustees of the National AIDS Commission Trust of the Republic of Malawi'],
    ['v2/dportal-covid-401.xml', 'Crown Agents for Oversea Governments and Administrations Ltd  The'],
  ])('%s: suggests nothing for the unrelated "%s"', (file, name) => {
    expect(orgNames(file)).toContain(name);
    expect(suggestEntities(name, malawi, { countryNames: eastAfrica })).toEqual([]);
    expect(suggestEntities(name, malawi, { countryNames: eastAfrica, minScore: 0 })[0]?.score).toBeLessThan(DEFAULT_MIN_SCORE);
  });

  it('suggests nothing for Mexican names of no federal entity', () => {
    const mexico = entities('MX');
    for (const name of ['United Nations Development Programme', 'World Vision', 'AYUDA EN ACCION MEXICO']) {
      expect(orgNames('v2/dportal-covid-401.xml')).toContain(name);
      expect(suggestEntities(name, mexico, { countryNames: countryNames('MX') }), name).toEqual([]);
    }
  });

  it('suggests nothing for a name that only says "the government"', () => {
    for (const name of ['GOVERNMENT OF MALAWI', 'MALAWI GOVERNMENT', 'GOVERNMENT OF THE REPUBLIC OF MALAWI']) {
      expect(orgNames('v1/worldbank.xml')).toContain(name);
      expect(suggestEntities(name, malawi, { countryNames: countryNames('MW'), minScore: 0 }), name).toEqual([]);
    }
  });

  it('suggests, with a modest score, a name that shares one rare word: a person decides', () => {
    for (const [file, name] of [
      ['v1/dfid-TZ.xml', 'Ifakara Health Institute'],
      ['v2/dportal-covid-401.xml', 'World Health Organization'],
    ] as const) {
      expect(orgNames(file)).toContain(name);
      const [first] = suggestEntities(name, malawi, { countryNames: eastAfrica });
      expect(first?.code, name).toBe('310');
      expect(first?.score, name).toBeLessThan(0.5);
    }
  });
});
