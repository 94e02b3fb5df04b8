/**
 * One element of an activity, as the split builds it from saxes's events (the XML is parsed
 * once): child elements in order, attributes by qualified name, and the element's own text
 * pieces. Every value is already decoded (entities, line ends, attribute whitespace) by the XML
 * parser; fast-xml-parser builds the same shape in reference-parse.ts, which tests hold it to.
 */
export interface XNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>> | undefined;
  readonly kids: readonly XNode[];
  /** Text between child elements and CDATA sections: text trimmed and never empty, CDATA as written. */
  readonly texts: readonly string[];
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
  for (const kid of node.kids) if (kid.name === name) result.push(kid);
  return result;
}

export function child(node: XNode | undefined, name: string): XNode | undefined {
  if (!node) return undefined;
  for (const kid of node.kids) if (kid.name === name) return kid;
  return undefined;
}

/** An attribute's trimmed value; empty strings count as absent. */
export function attr(node: XNode | undefined, name: string): string | null {
  return node?.attrs?.[name]?.trim() || null;
}

/** The element's own text (pieces around CDATA or child elements joined by a space). */
export function text(node: XNode | undefined): string | null {
  if (!node) return null;
  const { texts } = node;
  if (texts.length === 0) return null;
  let value = texts[0] ?? '';
  for (let i = 1; i < texts.length; i++) {
    const piece = texts[i];
    if (piece) value = value ? `${value} ${piece}` : piece;
  }
  return value.trim() || null;
}

/** An attribute whose local name matches, whatever its prefix (e.g. `iati-activities:version`). */
export function prefixedAttr(node: XNode, local: string): string | null {
  for (const [name, value] of Object.entries(node.attrs ?? {})) {
    if (name.endsWith(`:${local}`) && !name.startsWith('xmlns:') && value.trim()) return value.trim();
  }
  return null;
}
