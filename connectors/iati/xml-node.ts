import { XMLParser } from 'fast-xml-parser';

/**
 * One element of an activity as fast-xml-parser gives it in `preserveOrder` mode (a quarter
 * faster than its default mode, which rebuilds every element into a keyed object): `kids` is the
 * ordered list of child elements and text pieces, `attrs` the attributes.
 */
export interface XNode {
  readonly kids: readonly RawNode[];
  readonly attrs: Readonly<Record<string, string>> | undefined;
}

/** `{ [tag]: kids, ':@'?: attributes }` for an element, `{ _: text }` for a text piece. */
type RawNode = Readonly<Record<string, unknown>>;

const ATTRIBUTES = ':@';
const TEXT = '_';

export const parserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded by `attr` and `text`, only in the values tributary reads: a third
  // faster than decoding every value here. The split has already rejected undefined entities.
  processEntities: false,
  // Without path strings for callbacks, parsing is a quarter faster.
  jPath: false,
  preserveOrder: true,
  ignoreDeclaration: true,
} as const;

const parser = new XMLParser(parserOptions);

function element(raw: RawNode, name: string): XNode {
  return { kids: raw[name] as RawNode[], attrs: raw[ATTRIBUTES] as Record<string, string> | undefined };
}

/** Parses the text of one `<iati-activity>` element (as cut by the split). */
export function parseActivityXml(xml: string): XNode {
  const [root] = parser.parse(xml) as RawNode[];
  if (!root?.['iati-activity']) throw new Error('no <iati-activity> element in chunk');
  return element(root, 'iati-activity');
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (_match, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    name ? (NAMED[name] ?? '') : String.fromCodePoint(dec ? Number(dec) : parseInt(hex ?? '0', 16)),
  );
}

export function children(node: XNode | undefined, name: string): XNode[] {
  const result: XNode[] = [];
  if (!node) return result;
  for (const kid of node.kids) if (kid[name] !== undefined) result.push(element(kid, name));
  return result;
}

export function child(node: XNode | undefined, name: string): XNode | undefined {
  if (!node) return undefined;
  for (const kid of node.kids) if (kid[name] !== undefined) return element(kid, name);
  return undefined;
}

/** An attribute's trimmed, decoded value; empty strings count as absent. */
export function attr(node: XNode | undefined, name: string): string | null {
  const value = node?.attrs?.[name]?.trim();
  return value ? decodeEntities(value) : null;
}

/** The element's own text (pieces around CDATA or child elements joined by a space). */
export function text(node: XNode | undefined): string | null {
  if (!node) return null;
  let value = '';
  for (const kid of node.kids) {
    const piece = kid[TEXT];
    if (typeof piece === 'string' && piece) value = value ? `${value} ${piece}` : piece;
  }
  value = value.trim();
  return value ? decodeEntities(value) : null;
}

/** An attribute whose local name matches, whatever its prefix (e.g. `iati-activities:version`). */
export function prefixedAttr(node: XNode, local: string): string | null {
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (name.endsWith(`:${local}`) && !name.startsWith('xmlns:') && value.trim()) return decodeEntities(value.trim());
  }
  return null;
}
