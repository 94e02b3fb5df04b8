/**
 * Text and attribute values for XML 1.0. Markup characters become entities (so `]]>` and `</x>`
 * in a title stay text), and characters XML 1.0 cannot hold at all — C0 controls other than tab,
 * newline and carriage return, lone surrogates, U+FFFE and U+FFFF — are dropped: no entity can
 * carry them, and a document with one is not well-formed.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const TEXT_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// In attributes, whitespace other than a space would be normalised away by a reader: kept as references.
const ATTRIBUTE_ENTITIES: Readonly<Record<string, string>> = {
  ...TEXT_ENTITIES,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Anything `xmlText` would change: most text has none, and is returned as it is. */
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Element content. A carriage return is written as a reference so a reader does not turn it into a newline. */
export function xmlText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(FORBIDDEN, '').replace(/[&<>\r]/g, (c) => (c === '\r' ? '&#13;' : (TEXT_ENTITIES[c] ?? c)));
}

/** A double-quoted attribute value. */
export function xmlAttribute(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ENTITIES[c] ?? c);
}

/** ` name="value"` for each attribute with a value (null and undefined are left out). */
export function attributes(values: Readonly<Record<string, string | number | boolean | null | undefined>>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${xmlAttribute(typeof value === 'boolean' ? (value ? '1' : '0') : String(value))}"`;
  }
  return out;
}

/** `<name attributes/>`, or `<name attributes>children</name>` when there are children. */
export function element(name: string, attrs: Parameters<typeof attributes>[0], children = ''): string {
  return children === '' ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${children}</${name}>`;
}
