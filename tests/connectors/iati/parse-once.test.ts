import { describe, expect, it } from 'vitest';
import { readText } from '../../../connectors/iati/decode.js';
import { normaliseActivity } from '../../../connectors/iati/normalise.js';
import { parseActivityXml } from '../../../connectors/iati/reference-parse.js';
import { splitActivities, splitText, type ActivityChunk } from '../../../connectors/iati/split.js';
import { text } from '../../../connectors/iati/xml-node.js';
import { loadConfig } from '../../../src/config.js';
import { sample, sampleFiles } from '../../support/sample-data.js';

/**
 * The split builds each activity from its own saxes events (the XML is parsed once, for the
 * ingest goal of issue 12). fast-xml-parser, which parsed every activity a second time before,
 * stays the reference: for every activity of the real files, both trees must normalise to the
 * same record with the same errors and warnings.
 */
const limits = loadConfig().importLimits;

async function compareFile(file: string): Promise<number> {
  let version: string | null = null;
  let activities = 0;
  for await (const event of splitActivities(readText({ path: file, displayName: file }), file, limits)) {
    if (event.kind === 'root') {
      version = event.version;
      continue;
    }
    const once = normaliseActivity(event.node, version);
    const reference = normaliseActivity(parseActivityXml(event.text), version);
    expect({ line: event.line, ...once }, `${file} line ${event.line}`).toEqual({ line: event.line, ...reference });
    activities += 1;
  }
  return activities;
}

function only(xml: string): ActivityChunk {
  const chunk = splitText(`<iati-activities>${xml}</iati-activities>`, 'test.xml', limits).find((e) => e.kind === 'chunk');
  if (!chunk) throw new Error('no activity');
  return chunk;
}

describe('the split parses each activity once, as fast-xml-parser does', () => {
  it.each([...sampleFiles('iati', 'activities', 'v1'), ...sampleFiles('iati', 'activities', 'v2')])(
    'gives the same record for every activity of %s',
    async (file) => {
      expect(await compareFile(file)).toBeGreaterThan(0);
    },
  );

  it('gives the same record for every activity of the 170 MB benchmark (13,200 activities)', async () => {
    expect(await compareFile(sample('iati', 'benchmark', 'dportal-covid19-2021-06-15.xml.gz'))).toBe(13_200);
  }, 300_000);

  it('decodes entities once, keeps CDATA as written, joins the text around a comment and cuts it at CDATA', () => {
    const chunk = only(
      `<iati-activity><iati-identifier>A &amp;amp; B&#x20AC;</iati-identifier>` +
        `<title>one<!-- c -->two <![CDATA[ &amp; <b> ]]> three</title><description a="x&#10;y&#9;z&lt;"/></iati-activity>`,
    );
    const [identifier, title, description] = chunk.node.kids;
    expect(text(identifier)).toBe('A &amp; B€');
    expect(text(title)).toBe('onetwo  &amp; <b>  three');
    expect(description?.attrs).toEqual({ a: 'x\ny\tz<' });
    const reference = parseActivityXml(chunk.text);
    expect(reference.kids.map((k) => [k.name, text(k), k.attrs])).toEqual(chunk.node.kids.map((k) => [k.name, text(k), k.attrs]));
  });

  it('normalises line ends in text and white space in attribute values as XML requires', () => {
    const chunk = only(`<iati-activity><title a="x\r\ny\tz">one\r\ntwo\rthree</title></iati-activity>`);
    expect(text(chunk.node.kids[0])).toBe('one\ntwo\nthree');
    expect(chunk.node.kids[0]?.attrs).toEqual({ a: 'x y z' });
    expect(parseActivityXml(chunk.text).kids[0]).toEqual(chunk.node.kids[0]);
  });

  it('stores an attribute called __proto__ as an attribute, never as the prototype', () => {
    const chunk = only(`<iati-activity __proto__="x" constructor="y"><iati-identifier>A</iati-identifier></iati-activity>`);
    expect(chunk.node.attrs?.['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(chunk.node.attrs)).toBeNull();
  });
});
