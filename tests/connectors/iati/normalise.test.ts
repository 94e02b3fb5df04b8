import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedCodelists } from '../../../connectors/iati/codelists.js';
import { readText } from '../../../connectors/iati/decode.js';
import { normaliseActivity } from '../../../connectors/iati/normalise.js';
import { prepareChunk, type PreparedActivity } from '../../../connectors/iati/prepare.js';
import { exactDecimal } from '../../../connectors/iati/problems.js';
import { REPORT } from '../../../src/aid/load/tables.js';
import { splitActivities, splitText, type ActivityChunk } from '../../../connectors/iati/split.js';
import { validateActivity } from '../../../connectors/iati/validate.js';
import type { ActivityRecord, Warning } from '../../../connectors/iati/types.js';
import { isRejected, type Rejected } from '../../../connectors/source.js';
import { loadConfig } from '../../../src/config.js';
import { sample } from '../../support/sample-data.js';

/**
 * Normalisation and validation of real activities, without a database: chunks are cut by the
 * importer's own split (or, from the 170 MB benchmark, by text search), then normalised,
 * validated against the shipped codelists and prepared as the importer does.
 */
const limits = loadConfig().importLimits;
const codelists = shippedCodelists();

interface RealFile {
  readonly file: string;
  readonly version: string | null;
  readonly chunks: readonly ActivityChunk[];
}

async function split(...parts: string[]): Promise<RealFile> {
  const file = sample('iati', ...parts);
  let version: string | null = null;
  const chunks: ActivityChunk[] = [];
  for await (const event of splitActivities(readText({ path: file, displayName: file }), file, limits)) {
    if (event.kind === 'root') version = event.version;
    else chunks.push(event);
  }
  return { file, version, chunks };
}

function activity(real: RealFile, identifier: string): ActivityChunk {
  const found = real.chunks.find((c) => c.text.includes(`<iati-identifier>${identifier}</iati-identifier>`));
  if (!found) throw new Error(`${identifier} not found in ${real.file}`);
  return found;
}

function normalised(chunk: ActivityChunk, fileVersion: string | null): { record: ActivityRecord; errors: Warning[]; warnings: Warning[] } {
  const { record, problems } = normaliseActivity(chunk.node, fileVersion);
  if (!record) throw new Error(`no record: ${JSON.stringify(problems.errors)}`);
  validateActivity(record, codelists, problems);
  return { record, errors: problems.errors, warnings: problems.warnings };
}

function prepared(chunk: ActivityChunk, file: string, fileVersion: string | null): PreparedActivity | Rejected {
  return prepareChunk(chunk, file, fileVersion, codelists);
}

function accepted(item: PreparedActivity | Rejected): PreparedActivity {
  if (isRejected(item)) throw new Error(`quarantined: ${item.field}: ${item.reason}`);
  return item;
}

/** An activity's text (edited by a test) parsed as the split parses it, starting on `line`. */
function chunkOf(text: string, line: number): ActivityChunk {
  const parsed = splitText(`<iati-activities>${text}</iati-activities>`, 'edited.xml', limits).find((e) => e.kind === 'chunk');
  if (!parsed) throw new Error('no activity in the edited text');
  return { ...parsed, line };
}

/** The line of the first `needle` in a chunk, in the file's numbering. */
function lineOfText(chunk: ActivityChunk, needle: string): number {
  const at = chunk.text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in chunk`);
  return chunk.line + (chunk.text.slice(0, at).match(/\n/g)?.length ?? 0);
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** One activity cut out of the decompressed benchmark by text search, with the line it starts on. */
function cutActivity(xml: Buffer, identifier: string): ActivityChunk {
  const at = xml.indexOf(`<iati-identifier>${identifier}</iati-identifier>`);
  if (at < 0) throw new Error(`${identifier} not in the benchmark file`);
  const start = xml.lastIndexOf('<iati-activity ', at);
  const end = xml.indexOf('</iati-activity>', at) + '</iati-activity>'.length;
  let line = 1;
  for (let i = xml.indexOf(10); i !== -1 && i < start; i = xml.indexOf(10, i + 1)) line += 1;
  return chunkOf(xml.subarray(start, end).toString('utf8'), line);
}

const BENCHMARK = 'dportal-covid19-2021-06-15.xml.gz';
/** The benchmark's root says 2.03 (added when its pages were joined). */
const BENCHMARK_ROOT_VERSION = '2.03';
let ofid: ActivityChunk;
let sida: ActivityChunk;

beforeAll(() => {
  const xml = gunzipSync(readFileSync(sample('iati', 'benchmark', BENCHMARK)));
  ofid = cutActivity(xml, 'XI-IATI-OFID-14592');
  sida = cutActivity(xml, 'SE-0-SE-6-10051A0101-LBR-15220');
});

describe('v1 codes inside 2.0x data (the OFID activity XI-IATI-OFID-14592 of the benchmark)', () => {
  it('reads transaction types C and D as 2 and 3, keeps the published code and flags each one', () => {
    const { record, warnings } = normalised(ofid, BENCHMARK_ROOT_VERSION);
    expect(record.version).toBe('2.03');
    const published = [...ofid.text.matchAll(/<transaction-type code="([^"]*)"/g)].map((m) => m[1]);
    expect(published.filter((c) => c === 'C')).toHaveLength(3);
    expect(published.filter((c) => c === 'D')).toHaveLength(43);
    expect(record.transactions.map((t) => [t.type, t.typeOriginal])).toEqual(published.map((c) => (c === 'C' ? ['2', 'C'] : ['3', 'D'])));
    const flagged = warnings.filter((w) => w.code === 'V1_CODE_TRANSLATED' && w.field.endsWith('/transaction-type/@code'));
    expect(flagged.map((w) => w.field)).toEqual(published.map((_, i) => `transaction[${i + 1}]/transaction-type/@code`));
    expect(flagged[3]?.message).toContain('"D"');
    // Its v1 roles and date types are translated the same way.
    expect(record.participatingOrgs.map((o) => o.role)).toEqual(['1', '1', '4']);
    expect(record.dates).toEqual([{ type: '2', date: '2020-04-15' }]);
  });

  it('is quarantined for its real codelist errors (finance type 400, sector 400), named by file, line, activity and field', () => {
    const item = prepared(ofid, BENCHMARK, BENCHMARK_ROOT_VERSION);
    expect(isRejected(item)).toBe(true);
    if (!isRejected(item)) return;
    expect(item).toMatchObject({
      file: BENCHMARK,
      recordId: 'XI-IATI-OFID-14592',
      code: 'UNKNOWN_CODE',
      field: 'default-finance-type/@code',
      line: lineOfText(ofid, '<default-finance-type code="400">'),
    });
    expect(item.reason).toContain('default-finance-type/@code: "400" is not a code of the FinanceType codelist');
    expect(item.reason).toContain('sector[1]/@code: "400" is not a code of the Sector codelist');
    expect(item.excerpt.startsWith(ofid.text.slice(0, 200))).toBe(true);
  });
});

describe('transactions and values', () => {
  it('keeps a transaction with no type, with type null and a warning', async () => {
    const fcdo = await split('activities', 'v2', 'fcdo-activity.xml');
    const [original] = fcdo.chunks;
    if (!original) throw new Error('no activity');
    const text = original.text.replace(/<transaction-type code="3"\s*\/>/, '');
    expect(text).not.toBe(original.text);
    const { record, warnings, errors } = normalised(chunkOf(text, original.line), fcdo.version);
    expect(errors).toEqual([]);
    const index = record.transactions.findIndex((t) => t.type === null);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(record.transactions[index]).toMatchObject({ type: null, typeOriginal: null, value: '1232', date: '2010-05-27' });
    expect(record.transactions.filter((t) => t.type === null)).toHaveLength(1);
    expect(warnings).toContainEqual(
      expect.objectContaining({ code: 'MISSING_FIELD', field: `transaction[${index + 1}]/transaction-type` }),
    );
    const item = accepted(prepared(chunkOf(text, original.line), fcdo.file, fcdo.version));
    const rows = JSON.parse(item.children.aid_transaction) as unknown[][];
    expect(rows).toHaveLength(record.transactions.length);
  });

  it('reads a type written as the element text (<transaction-type>3</transaction-type>) as the code, and flags it', async () => {
    const fcdo = await split('activities', 'v2', 'fcdo-activity.xml');
    const [original] = fcdo.chunks;
    if (!original) throw new Error('no activity');
    const text = original.text.replace(/<transaction-type code="3"\s*\/>/, '<transaction-type>3</transaction-type>');
    expect(text).not.toBe(original.text);
    const { record, warnings, errors } = normalised(chunkOf(text, original.line), fcdo.version);
    expect(errors).toEqual([]);
    expect(record.transactions.filter((t) => t.type === null)).toEqual([]);
    expect(warnings.filter((w) => w.code === 'CODE_AS_TEXT')).toHaveLength(1);
    const unflagged = normalised(original, fcdo.version);
    expect(record.transactions.map((t) => t.type)).toEqual(unflagged.record.transactions.map((t) => t.type));
  });

  it('reads a value in exponent notation exactly (-1e-10 is -0.0000000001) and flags it (Sida activity of the benchmark)', () => {
    const { record, warnings, errors } = normalised(sida, BENCHMARK_ROOT_VERSION);
    expect(errors).toEqual([]);
    const published = [...sida.text.matchAll(/<planned-disbursement>[\s\S]*?<value[^>]*>([^<]*)<\/value>/g)].map((m) => m[1] ?? '');
    expect(published).toContain('-1e-10');
    expect(record.plannedDisbursements.map((p) => p.value)).toEqual(published.map((v) => exactDecimal(v)?.value));
    const at = published.indexOf('-1e-10');
    expect(record.plannedDisbursements[at]?.value).toBe('-0.0000000001');
    const exponents = published.flatMap((v, i) => (/e/i.test(v) ? [`planned-disbursement[${i + 1}]/value`] : []));
    expect(exponents.length).toBe(count(sida.text, />[-+]?[\d.]+e[-+]?\d+</gi));
    expect(warnings.filter((w) => w.code === 'EXPONENT_NOTATION').map((w) => w.field)).toEqual(exponents);
    expect(warnings.find((w) => w.field === `planned-disbursement[${at + 1}]/value`)?.message).toContain('read exactly as -0.0000000001');
  });

  it.each([
    ['-1e-10', '-0.0000000001', true],
    ['3e-10', '0.0000000003', true],
    ['1.5E3', '1500', true],
    ['2.5e+2', '250', true],
    ['0.5714285714285714', '0.5714285714285714', false],
    ['2.50', '2.50', false],
    ['+7', '7', false],
    ['.5', '0.5', false],
    ['12345678901234567890.123', '12345678901234567890.123', false],
  ])('reads the number %s exactly as %s (exponent: %s)', (raw, value, usedExponent) => {
    expect(exactDecimal(raw)).toEqual({ value, usedExponent });
  });

  it.each(['', '1e', 'e5', '1,5', '1.2.3', 'abc', '12 000', '0x10', 'NaN', 'Infinity'])('refuses %j as a number', (raw) => {
    expect(exactDecimal(raw)).toBeNull();
  });
});

describe('versions', () => {
  it("lets each d-portal activity's own iati-activities:version win over the root's", async () => {
    const dportal = await split('activities', 'v2', 'dportal-covid-401.xml');
    expect(dportal.version).toBe('2.03');
    const own = dportal.chunks.map((c) => /\s[\w-]+:version="([^"]+)"/.exec(c.text.slice(0, c.text.indexOf('>')))?.[1]);
    expect(own.filter((v) => v === '2.02')).toHaveLength(94);
    const versions = dportal.chunks.map((c) => {
      const { record } = normaliseActivity(c.node, dportal.version);
      return record && { version: record.version, source: record.versionSource };
    });
    expect(versions).toEqual(own.map((v) => ({ version: v, source: 'activity' })));
  });

  it("gives an activity without a version of its own the root's", async () => {
    const gdihub = await split('activities', 'v2', 'gdihub-activity.xml');
    for (const chunk of gdihub.chunks) {
      expect(normalised(chunk, gdihub.version).record).toMatchObject({ version: '2.03', versionSource: 'file' });
    }
  });
});

describe('what real publishers send is kept as sent', () => {
  it('keeps float percentages such as 0.5714285714285714 exactly, as text (BEIS)', async () => {
    const beis = await split('activities', 'v2', 'beis-activity.xml');
    const percentages = beis.chunks.flatMap((c) => normalised(c, beis.version).record.recipientCountries.map((r) => r.percentage));
    const published = beis.chunks.flatMap((c) => [...c.text.matchAll(/<recipient-country[^>]*percentage='([^']*)'/g)].map((m) => m[1]));
    expect(published.filter((p) => p === '0.5714285714285714').length).toBeGreaterThan(0);
    expect(percentages).toEqual(published);
    const item = accepted(prepared(activity(beis, 'GB-GOV-13-GCRF-BF-7TNK9LD-GBYPTX3'), beis.file, beis.version));
    const rows = JSON.parse(item.children.aid_recipient_country) as unknown[][];
    expect(rows.map((r) => r[2])).toContain('0.5714285714285714');
  });

  it('keeps sectors given only on transactions at transaction level (USAID: none on the activity, 304 on transactions)', async () => {
    const usaid = await split('activities', 'v2', 'usaid-activity.xml');
    const [chunk] = usaid.chunks;
    if (!chunk) throw new Error('no activity');
    const { record, errors } = normalised(chunk, usaid.version);
    expect(errors).toEqual([]);
    expect(record.sectors).toEqual([]);
    expect(record.transactions).toHaveLength(152);
    const sectors = record.transactions.flatMap((t) => t.sectors);
    expect(sectors).toHaveLength(304);
    expect(new Set(sectors.map((s) => s.vocabulary))).toEqual(new Set(['1', '99']));
    const rows = JSON.parse(accepted(prepared(chunk, usaid.file, usaid.version)).children.aid_sector) as unknown[][];
    expect(rows).toHaveLength(304);
    expect(rows.every((r) => typeof r[0] === 'number')).toBe(true); // each names its transaction
  });

  it('keeps every language of a title (DFATD: French and English), showing the English one', async () => {
    const dfatd = await split('activities', 'v1', 'dfatd-TZ.xml');
    const { record } = normalised(activity(dfatd, 'CA-3-A030788001'), dfatd.version);
    expect(record.titles).toEqual([
      { lang: 'fr', text: 'Programme de renforcement du secteur financier - phase I' },
      { lang: 'en', text: 'Financial Sector Deepening Program - Phase I' },
    ]);
    const item = accepted(prepared(activity(dfatd, 'CA-3-A030788001'), dfatd.file, dfatd.version));
    const report = JSON.parse(item.report) as unknown[];
    const column = (name: string): unknown => report[REPORT.columns.findIndex((c) => c.name === name)];
    expect(column('title')).toBe('Financial Sector Deepening Program - Phase I');
    expect(column('titles')).toEqual(record.titles);
  });
});

describe('IATI 1.0x', () => {
  it('builds an identifier from reporting org and other-identifier when a 1.0 activity has none, and says so (World Bank)', async () => {
    const worldbank = await split('activities', 'v1', 'worldbank.xml');
    expect(worldbank.version).toBe('1.0');
    expect(worldbank.chunks).toHaveLength(16);
    for (const chunk of worldbank.chunks) {
      expect(chunk.text).not.toContain('<iati-identifier');
      const otherId = />([^<]+)<\/other-identifier>/.exec(chunk.text)?.[1];
      const { record, warnings } = normalised(chunk, worldbank.version);
      expect(record).toMatchObject({ identifier: `World-Bank-${otherId}`, identifierSynthesized: true });
      expect(warnings).toContainEqual(expect.objectContaining({ code: 'IDENTIFIER_SYNTHESIZED', field: 'iati-identifier' }));
      expect(isRejected(prepared(chunk, worldbank.file, worldbank.version))).toBe(false);
    }
    expect(normalised(worldbank.chunks[0] as ActivityChunk, worldbank.version).record.identifier).toBe('World-Bank-P084404');
  });

  it('reads the 1.0x role "Funding" as 1 and flags it (DFATD)', async () => {
    const dfatd = await split('activities', 'v1', 'dfatd-TZ.xml');
    const { record, warnings } = normalised(activity(dfatd, 'CA-3-A030788001'), dfatd.version);
    expect(record.participatingOrgs.map((o) => o.role)).toEqual(['1', '1', '3', '3', '4', '4']);
    expect(warnings).toContainEqual({
      code: 'V1_CODE_TRANSLATED',
      field: 'participating-org[1]/@role',
      message: '1.0x code "Funding" read as 2.0x code 1',
    });
  });
});

describe('codelists', () => {
  it('stores a withdrawn code with a warning, not an error (FCDO budget-item vocabulary 1)', async () => {
    const fcdo = await split('activities', 'v2', 'fcdo-activity.xml');
    const [chunk] = fcdo.chunks;
    if (!chunk) throw new Error('no activity');
    const { record, warnings, errors } = normalised(chunk, fcdo.version);
    expect(errors).toEqual([]);
    expect(record.countryBudgetItems).toEqual([{ vocabulary: '1', code: '1.1.1', percentage: '100', description: expect.any(String) }]);
    expect(warnings).toContainEqual(
      expect.objectContaining({ code: 'WITHDRAWN_CODE', field: 'country-budget-items/budget-item[1]/@vocabulary' }),
    );
    expect(accepted(prepared(chunk, fcdo.file, fcdo.version)).warnings).toBe(warnings.length);
  });

  it('quarantines a 2.03 activity with an unknown code, naming the field and its line (KR-GOV-021-20ED00033, sector 12000)', async () => {
    const dportal = await split('activities', 'v2', 'dportal-covid-401.xml');
    const chunk = activity(dportal, 'KR-GOV-021-20ED00033');
    const item = prepared(chunk, dportal.file, dportal.version);
    expect(item).toMatchObject({
      kind: 'rejected',
      file: dportal.file,
      recordId: 'KR-GOV-021-20ED00033',
      code: 'UNKNOWN_CODE',
      field: 'sector[1]/@code',
      line: lineOfText(chunk, '<sector'),
    });
    expect(isRejected(item) && item.reason).toContain('sector[1]/@code: "12000" is not a code of the Sector codelist');
  });

  it('only warns about an unknown code in a 1.0x activity (CD.xml GB-1-105858-101, collaboration type 5)', async () => {
    const cd = await split('activities', 'v1', 'CD.xml');
    expect(cd.version).toBe('1.01');
    const chunk = activity(cd, 'GB-1-105858-101');
    const { record, warnings, errors } = normalised(chunk, cd.version);
    expect(errors).toEqual([]);
    expect(record.collaborationType).toBe('5');
    expect(warnings).toContainEqual({
      code: 'UNKNOWN_CODE',
      field: 'collaboration-type/@code',
      message: '"5" is not a code of the current CollaborationType codelist',
    });
    expect(isRejected(prepared(chunk, cd.file, cd.version))).toBe(false);
  });
});

describe('bad values in a 2.03 activity are quarantined with the field (derived from the FCDO activity)', () => {
  let fcdo: RealFile;
  let original: ActivityChunk;
  beforeAll(async () => {
    fcdo = await split('activities', 'v2', 'fcdo-activity.xml');
    original = fcdo.chunks[0] as ActivityChunk;
  });

  it('the activity as published loads', () => {
    expect(isRejected(prepared(original, fcdo.file, fcdo.version))).toBe(false);
  });

  const long = `GB-1-${'9'.repeat(600)}`;
  it.each<[string, [RegExp | string, string][], string, string]>([
    [
      'a percentage that is not a number',
      [['<recipient-country code="LR" />', '<recipient-country code="LR" percentage="abc" />']],
      'INVALID_VALUE',
      'recipient-country[1]/@percentage',
    ],
    [
      'a percentage above 100',
      [['<recipient-country code="LR" />', '<recipient-country code="LR" percentage="150" />']],
      'INVALID_VALUE',
      'recipient-country[1]/@percentage',
    ],
    [
      'a date that is not in the calendar',
      [['type="4" iso-date="2010-03-31"', 'type="4" iso-date="2010-02-30"']],
      'INVALID_DATE',
      'activity-date[1]/@iso-date',
    ],
    ['a value with a thousands separator', [['>514717<', '>514,717<']], 'INVALID_VALUE', 'budget[1]/value'],
    [
      'a value with no currency and no default currency',
      [
        [/ default-currency="GBP"/, ''],
        [/<value currency="GBP" value-date="2010-05-27">/, '<value value-date="2010-05-27">'],
      ],
      'MISSING_FIELD',
      'transaction[1]/value/@currency',
    ],
    [
      'an unknown transaction type',
      [['<transaction-type code="3" />', '<transaction-type code="99" />']],
      'UNKNOWN_CODE',
      'transaction[1]/transaction-type/@code',
    ],
    [
      'an unknown country',
      [['<recipient-country code="LR" />', '<recipient-country code="XX" />']],
      'UNKNOWN_CODE',
      'recipient-country[1]/@code',
    ],
    ['a sector without a code', [['<sector code="15110">', '<sector>']], 'MISSING_FIELD', 'sector[1]/@code'],
    ['a participating org without a role', [['type="70" role="4"', 'type="70" role=""']], 'MISSING_FIELD', 'participating-org[1]/@role'],
    [
      'a capital-spend that is not a number',
      [['<capital-spend percentage="0" />', '<capital-spend percentage="none" />']],
      'INVALID_VALUE',
      'capital-spend/@percentage',
    ],
    [
      'an identifier too long to be one',
      [['>GB-1-103662-101</iati-identifier>', `>${long}</iati-identifier>`]],
      'INVALID_VALUE',
      'iati-identifier',
    ],
  ])('%s', (_name, edits, code, field) => {
    let text = original.text;
    for (const [from, to] of edits) {
      const edited = text.replace(from, to);
      expect(edited, `edit ${String(from)}`).not.toBe(text);
      text = edited;
    }
    const item = prepared(chunkOf(text, original.line), fcdo.file, fcdo.version);
    expect(item).toMatchObject({ kind: 'rejected', code, field, file: fcdo.file });
    expect(isRejected(item) && item.reason).toContain(`${field}: `);
  });
});
