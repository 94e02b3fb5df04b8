import { XMLParser } from 'fast-xml-parser';
import { decodeEntities, type XNode } from './xml-node.js';

/**
 * fast-xml-parser, the reference the split's own tree is held to (tests) and the benchmark's
 * baseline. Until the split built activities from its own saxes events, the importer parsed
 * every activity a second time with it; parsing once was the only way to the ingest goal (issue
 * 12, README "Tests, CI and benchmark").
 */
export const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded below, like an XML parser does (the split has rejected undefined ones).
  processEntities: false,
  jPath: false,
  preserveOrder: true,
  ignoreDeclaration: true,
} as const;

const CDATA = '#cdata';
const parser = new XMLParser({ ...parserOptions, cdataPropName: CDATA });

type RawNode = Readonly<Record<string, unknown>>;

/**
 * What an XML parser does to values that fast-xml-parser leaves raw (XML 1.0 §2.11, §3.3.3):
 * line ends become `\n`, and in attributes every white-space character a space, before
 * character references are decoded.
 */
const textValue = (raw: string): string => decodeEntities(raw.replace(/\r\n?/g, '\n'));
const attrValue = (raw: string): string => decodeEntities(raw.replace(/\r\n?/g, ' ').replace(/[\t\n]/g, ' '));

function toXNode(name: string, raw: RawNode): XNode {
  const kids: XNode[] = [];
  const texts: string[] = [];
  for (const kid of raw[name] as RawNode[]) {
    if (typeof kid._ === 'string') {
      const value = textValue(kid._).trim();
      if (value) texts.push(value);
    } else if (kid[CDATA] !== undefined) {
      const [content] = kid[CDATA] as RawNode[];
      texts.push(typeof content?._ === 'string' ? content._ : '');
    } else {
      const kidName = Object.keys(kid).find((key) => key !== ':@');
      if (kidName && !kidName.startsWith('?')) kids.push(toXNode(kidName, kid));
    }
  }
  const rawAttrs = raw[':@'] as Record<string, string> | undefined;
  const attrs = rawAttrs ? Object.fromEntries(Object.entries(rawAttrs).map(([key, value]) => [key, attrValue(value)])) : undefined;
  return { name, attrs, kids, texts };
}

/** Parses the text of one `<iati-activity>` element (as cut by the split) with fast-xml-parser. */
export function parseActivityXml(xml: string): XNode {
  const [root] = parser.parse(xml) as RawNode[];
  if (!root?.['iati-activity']) throw new Error('no <iati-activity> element in chunk');
  return toXNode('iati-activity', root);
}
