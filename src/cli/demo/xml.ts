/**
 * Just enough of an XML writer for the demo files: elements with attributes, text children and
 * two-space indentation. Every text and attribute value passes through `escapeXml`.
 */
export type Attributes = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attributes: Attributes;
  readonly children: readonly XmlChild[];
}

export type XmlChild = XmlElement | string;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const isList = (item: XmlChild | readonly XmlChild[]): item is readonly XmlChild[] => Array.isArray(item);

/** An element; `undefined` and `false` children are left out, so optional parts read inline. */
export function el(
  name: string,
  attributes: Attributes = {},
  ...children: (XmlChild | readonly XmlChild[] | undefined | false)[]
): XmlElement {
  const kept: XmlChild[] = [];
  for (const item of children) {
    if (item === undefined || item === false) continue;
    if (isList(item)) kept.push(...item);
    else kept.push(item);
  }
  return { name, attributes, children: kept };
}

function openTag(node: XmlElement): string {
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  return `${node.name}${attributes}`;
}

export function renderXml(node: XmlElement, depth = 0): string {
  const pad = '  '.repeat(depth);
  const tag = openTag(node);
  if (node.children.length === 0) return `${pad}<${tag}/>`;
  const [only] = node.children;
  if (node.children.length === 1 && typeof only === 'string') return `${pad}<${tag}>${escapeXml(only)}</${node.name}>`;
  const inner = node.children.map((c) => (typeof c === 'string' ? `${pad}  ${escapeXml(c)}` : renderXml(c, depth + 1)));
  return [`${pad}<${tag}>`, ...inner, `${pad}</${node.name}>`].join('\n');
}
