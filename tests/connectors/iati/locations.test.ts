import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shippedCodelists } from '../../../connectors/iati/codelists.js';
import { normaliseActivity } from '../../../connectors/iati/normalise.js';
import { parseActivityXml } from '../../../connectors/iati/reference-parse.js';
import { splitText, type ActivityChunk } from '../../../connectors/iati/split.js';
import { validateActivity } from '../../../connectors/iati/validate.js';
import { reportRows } from '../../../src/aid/load/rows.js';
import { loadConfig } from '../../../src/config.js';
import { iatiRecord } from '../../support/iati-record.js';

/**
 * IATI `<location>` as the importer reads it: real activities (the standard's annotated example,
 * d-portal's FCDO point, EC's description-only location) and hostile parts, through both parsers.
 */
const limits = loadConfig().importLimits;

function bothParsers(activityXml: string) {
  const xml = `<iati-activities version="2.03">${activityXml}</iati-activities>`;
  const chunk = splitText(xml, 'test.xml', limits).find((event): event is ActivityChunk => event.kind === 'chunk');
  if (!chunk) throw new Error('no activity');
  const split = normaliseActivity(chunk.node, '2.03');
  const reference = normaliseActivity(parseActivityXml(chunk.text), '2.03');
  expect(split.record).toEqual(reference.record);
  expect(split.problems).toEqual(reference.problems);
  return split;
}

const ACTIVITY = (locations: string) =>
  `<iati-activity><iati-identifier>XX-1</iati-identifier><reporting-org ref="XX" type="10"/>${locations}</iati-activity>`;

describe('IATI locations', () => {
  it("reads every part of the standard's annotated example", async () => {
    const record = await iatiRecord('v2/activity-standard-example-annotated.xml', 'AA-AAA-123456789-ABC123');
    expect(record.locations).toHaveLength(2);
    expect(record.locations[0]).toEqual({
      ref: 'AF-KAN',
      reach: '1',
      locationIds: [{ vocabulary: 'G1', code: '1453782' }],
      name: 'Location name',
      description: 'Location description',
      activityDescription: 'A description that qualifies the activity taking place at the location.',
      administrative: [{ vocabulary: 'G1', level: 1, code: '1453782' }],
      latitude: '31.616944',
      longitude: '65.716944',
      exactness: '1',
      locationClass: '2',
      featureDesignation: 'ADMF',
    });
    expect(record.locations[1]).toMatchObject({ ref: 'KH-PNH', name: 'Location #2 name', latitude: '11.5500', longitude: '104.9167' });
  });

  it('reads points and partial locations of real publishers', async () => {
    const fcdo = await iatiRecord('v2/dportal-covid-401.xml', 'GB-GOV-1-300769');
    expect(fcdo.locations).toEqual([
      expect.objectContaining({
        name: 'TANZANIA, UNITED REPUBLIC OF',
        latitude: '-6.2664151191711399',
        longitude: '34.8144798278809020',
        exactness: '2',
        featureDesignation: 'PCL',
        administrative: [],
      }),
    ]);
    const ec = await iatiRecord('v2/ec-intpa-activity.xml', 'XI-IATI-EC_INTPA-2019/405-854');
    expect(ec.locations).toEqual([
      expect.objectContaining({ name: null, description: 'Liberia', latitude: '6.3106', longitude: '-10.8048', reach: null }),
    ]);
  });

  it.each([
    ['a point that is one number', '<point><pos>12.5</pos></point>', 'location[1]/point/pos'],
    ['a point off the globe', '<point><pos>95 10</pos></point>', 'location[1]/point/pos'],
    ['a point in words', '<point><pos>north east</pos></point>', 'location[1]/point/pos'],
    ['an administrative code without a code', '<administrative vocabulary="G1" level="1"/>', 'location[1]/administrative[1]/@code'],
    ['a level that is not a number', '<administrative vocabulary="G1" level="one" code="7"/>', 'location[1]/administrative[1]/@level'],
  ])('drops %s with a warning naming the field, and keeps the location', (_case, part, field) => {
    const { record, problems } = bothParsers(ACTIVITY(`<location><name><narrative>Zomba</narrative></name>${part}</location>`));
    expect(record?.locations).toHaveLength(1);
    expect(record?.locations[0]).toMatchObject({ name: 'Zomba', latitude: null, longitude: null });
    expect(problems.errors).toEqual([]);
    expect(problems.warnings.map((w) => w.field)).toEqual([field]);
  });

  it('warns about unknown location codes but never quarantines the activity for them', () => {
    const { record, problems } = bothParsers(
      ACTIVITY('<location><location-reach code="9"/><exactness code="7"/><administrative vocabulary="ZZ" code="1"/></location>'),
    );
    validateActivity(record!, shippedCodelists(), problems);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings.map((w) => w.field)).toEqual([
      'location[1]/location-reach/@code',
      'location[1]/exactness/@code',
      'location[1]/administrative[1]/@vocabulary',
    ]);
  });

  it('leaves the content hash of a report without locations as it was before locations were imported', async () => {
    const record = await iatiRecord('v2/fcdo-activity.xml', 'GB-1-103662-101');
    expect(record.locations).toEqual([]);
    const rows = reportRows(record, 'f.xml', 1);
    expect(rows.children.aid_location).toBe('[]');
    // The hash a report had before aid_location existed: the report row, then the other child tables.
    const before = createHash('sha256');
    before.update(JSON.stringify(JSON.parse(rows.report).slice(0, -3)));
    for (const [table, json] of Object.entries(rows.children)) if (table !== 'aid_location') before.update(json);
    expect(rows.contentHash).toBe(before.digest('hex'));
  });

  it('bounds how many locations an activity may carry by the import element limit', () => {
    const small = { ...limits, maxActivityElements: 1000 };
    const place = (n: number) => `<location><name><narrative>Place ${n}</narrative></name><point><pos>-15 35</pos></point></location>`;
    const xml = (count: number) =>
      `<iati-activities version="2.03">${ACTIVITY(Array.from({ length: count }, (_, n) => place(n)).join(''))}</iati-activities>`;
    const within = splitText(xml(150), 'ok.xml', small).find((event): event is ActivityChunk => event.kind === 'chunk');
    expect(normaliseActivity(within!.node, '2.03').record?.locations).toHaveLength(150);
    expect(() => splitText(xml(250), 'many.xml', small)).toThrow(/an <iati-activity> has more than 1000 elements/);
  });
});
