import path from 'node:path/posix';
import { SaxesParser, type SaxesTag } from 'saxes';

/**
 * The small parts of an XLSX package read before any sheet: relationships, the workbook's sheet
 * list, shared strings and which cell styles show dates or percentages. Element names are matched without their
 * prefix, since some writers qualify every element (`<x:sheet>`).
 */

export interface XmlHandlers {
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** A saxes parser (no namespace processing) reporting local names; `write` it text, `close` it at the end. */
export function xmlParser(handlers: XmlHandlers): SaxesParser {
  const parser = new SaxesParser();
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag: SaxesTag) => open(localName(tag.name), tag.attributes as Record<string, string>));
  if (close) parser.on('closetag', (tag: SaxesTag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  return parser;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** An attribute by local name: `r:id` whatever prefix the writer bound the relationships namespace to. */
export function attribute(attributes: Readonly<Record<string, string>>, local: string): string | undefined {
  if (local in attributes) return attributes[local];
  for (const [name, value] of Object.entries(attributes)) if (localName(name) === local) return value;
  return undefined;
}

export interface Relationship {
  readonly type: string;
  /** The part it points to, as a path inside the package. */
  readonly part: string;
}

/** `<Relationship Id Type Target>` of a `.rels` part, targets resolved against the part they belong to. */
export function parseRelationships(xml: string, owner: string): Map<string, Relationship> {
  const found = new Map<string, Relationship>();
  const parser = xmlParser({
    open(name, attributes) {
      const id = attributes.Id;
      const target = attributes.Target;
      if (name !== 'Relationship' || id === undefined || target === undefined || attributes.TargetMode === 'External') return;
      const part = target.startsWith('/') ? target.slice(1) : path.join(path.dirname(owner), target);
      found.set(id, { type: attributes.Type ?? '', part: path.normalize(part) });
    },
  });
  parser.write(xml).close();
  return found;
}

/** Where the `.rels` of a part lives: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relationshipsOf(part: string): string {
  return path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
}

export interface WorkbookSheetEntry {
  readonly name: string;
  readonly relationshipId: string;
  readonly hidden: boolean;
}

export interface WorkbookPart {
  readonly sheets: readonly WorkbookSheetEntry[];
  /** Dates count from 1904-01-01 (old Mac workbooks) instead of 1899-12-30. */
  readonly date1904: boolean;
}

export function parseWorkbook(xml: string): WorkbookPart {
  const sheets: WorkbookSheetEntry[] = [];
  let date1904 = false;
  const parser = xmlParser({
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.date1904 ?? '');
      const relationshipId = attribute(attributes, 'id');
      if (name === 'sheet' && attributes.name !== undefined && relationshipId !== undefined)
        sheets.push({ name: attributes.name, relationshipId, hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden' });
    },
  });
  parser.write(xml).close();
  return { sheets, date1904 };
}

/**
 * Text of each `<si>`: a plain `<t>` or rich-text runs `<r><t>`; phonetic guides (`<rPh>`)
 * are annotations, not the text.
 */
export class SharedStringsParser {
  readonly strings: string[] = [];
  private current: string[] | null = null;
  private inText = false;
  private phonetic = 0;
  readonly parser = xmlParser({
    open: (name) => {
      if (name === 'si') this.current = [];
      else if (name === 'rPh') this.phonetic += 1;
      else if (name === 't') this.inText = this.phonetic === 0;
    },
    close: (name) => {
      if (name === 'si') {
        this.strings.push((this.current ?? []).join(''));
        this.current = null;
      } else if (name === 'rPh') this.phonetic -= 1;
      else if (name === 't') this.inText = false;
    },
    text: (text) => {
      if (this.inText) this.current?.push(text);
    },
  });
}

export interface CellStyles {
  /** Indexes of the cell formats (`<cellXfs><xf>`, what a cell's `s` refers to) that show a date… */
  readonly dates: ReadonlySet<number>;
  /** …and those that show a number × 100 with a % sign (Excel stores 60% as 0.6). */
  readonly percents: ReadonlySet<number>;
}

export function parseCellStyles(xml: string): CellStyles {
  const customFormats = new Map<string, string>();
  const dates = new Set<number>();
  const percents = new Set<number>();
  let inCellFormats = false;
  let index = 0;
  const parser = xmlParser({
    open(name, attributes) {
      if (name === 'numFmt' && attributes.numFmtId !== undefined) customFormats.set(attributes.numFmtId, attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) {
        const id = attributes.numFmtId ?? '0';
        const custom = customFormats.get(id);
        if (custom === undefined ? BUILT_IN_DATE_FORMATS.has(Number(id)) : isDateFormat(custom)) dates.add(index);
        if (custom === undefined ? BUILT_IN_PERCENT_FORMATS.has(Number(id)) : isPercentFormat(custom)) percents.add(index);
        index += 1;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellFormats = false;
    },
  });
  parser.write(xml).close();
  return { dates, percents };
}

const BUILT_IN_PERCENT_FORMATS = new Set([9, 10]);

/** Format text without quoted literals and escaped characters. */
function formatCodes(code: string): string {
  return code.replace(/"[^"]*"/g, '').replace(/\\./g, '');
}

/** A `%` in the number format outside quoted text and escapes: the value is shown × 100. */
export function isPercentFormat(code: string): boolean {
  return formatCodes(code).includes('%');
}

/** ECMA-376 §18.8.30's built-in date and time formats, with the East Asian ones. */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom number format shows a date when its first section has day, month, year, hour or second codes outside quoted text and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = formatCodes(code)
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0];
  return /[dmyhs]/i.test(bare ?? '') && !/^general$/i.test((bare ?? '').trim());
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * The ISO day of a date serial. The 1900 system counts a 29 February 1900 that never was
 * (Lotus's bug, kept by Excel), so serials before it start a day later.
 */
export function serialDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const epoch = date1904 ? EPOCH_1904 : serial < 60 ? EPOCH_1900 + DAY_MS : EPOCH_1900;
  const date = new Date(epoch + Math.round(serial * DAY_MS));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
