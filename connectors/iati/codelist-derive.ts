import { XMLParser } from 'fast-xml-parser';

/**
 * Derives tributary's codelist tables from the official IATI codelist XML files (one file per
 * codelist, names in English and, where IATI has them, French). Pure: XML text in, rows out.
 */
export interface CodelistInfo {
  readonly codelist: string;
  readonly complete: boolean;
  readonly embedded: boolean;
  readonly categoryCodelist: string | null;
  readonly sourceFile: string;
  readonly sourceSha256: string;
}

export interface CodelistItemRow {
  readonly codelist: string;
  readonly code: string;
  readonly name: string;
  readonly nameFr: string;
  readonly category: string;
  readonly status: 'active' | 'withdrawn';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => name === 'codelist-item' || name === 'narrative',
});

type Narrative = string | { '#'?: string; '@xml:lang'?: string };
interface Item {
  '@status'?: string;
  code?: string | number;
  name?: { narrative?: Narrative[] };
  category?: string | number;
}

function narrativeIn(names: Narrative[] | undefined, lang: string, isDefault: boolean): string {
  for (const narrative of names ?? []) {
    if (typeof narrative === 'string') {
      if (isDefault) return narrative;
      continue;
    }
    const itsLang = narrative['@xml:lang'];
    if (itsLang === lang || (itsLang === undefined && isDefault)) return narrative['#'] ?? '';
  }
  return '';
}

export function deriveCodelist(xml: string, sourceFile: string, sourceSha256: string): { info: CodelistInfo; items: CodelistItemRow[] } {
  const document = parser.parse(xml) as { codelist?: Record<string, unknown> & { 'codelist-items'?: { 'codelist-item'?: Item[] } } };
  const root = document.codelist;
  const name = root?.['@name'];
  if (!root || typeof name !== 'string') throw new Error(`${sourceFile}: no <codelist name="…"> root`);
  const defaultLang = (root['@xml:lang'] as string | undefined) ?? 'en';
  const info: CodelistInfo = {
    codelist: name,
    complete: root['@complete'] === '1',
    embedded: root['@embedded'] === '1',
    categoryCodelist: (root['@category-codelist'] as string | undefined) ?? null,
    sourceFile,
    sourceSha256,
  };
  const items = (root['codelist-items']?.['codelist-item'] ?? []).map((item): CodelistItemRow => {
    const code = String(item.code ?? '').trim();
    if (!code) throw new Error(`${sourceFile}: a codelist-item has no code`);
    return {
      codelist: name,
      code,
      name: narrativeIn(item.name?.narrative, defaultLang, true),
      nameFr: defaultLang === 'fr' ? narrativeIn(item.name?.narrative, 'fr', true) : narrativeIn(item.name?.narrative, 'fr', false),
      category: item.category === undefined ? '' : String(item.category),
      status: item['@status'] === 'withdrawn' ? 'withdrawn' : 'active',
    };
  });
  return { info, items };
}
