import { xmlText } from './xml-text.js';

/** At most this many distinct strings, and this many characters, are shared: memory stays bounded. */
const MAX_STRINGS = 25_000;
const MAX_CHARACTERS = 2_000_000;
/** Longer text is written where it stands: a title read once gains nothing from the table. */
const MAX_SHARED_LENGTH = 400;

/**
 * The workbook's shared strings (xl/sharedStrings.xml), collected while rows are written: a text
 * that repeats down a column (a donor, a vote, a reason, "YES") is written once and each cell
 * names it by number, a few bytes instead of its whole text. Once the table is full, new text is
 * written inline in its cell. Either way the cell is text (`t="s"` or `t="inlineStr"`), never a
 * formula.
 */
export class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private readonly escaped: string[] = [];
  private characters = 0;
  private references = 0;

  /** The string's number in the table, or undefined when it is to be written inline. */
  index(text: string): number | undefined {
    const known = this.indexes.get(text);
    if (known !== undefined) {
      this.references += 1;
      return known;
    }
    if (text.length > MAX_SHARED_LENGTH || this.escaped.length >= MAX_STRINGS || this.characters + text.length > MAX_CHARACTERS)
      return undefined;
    const index = this.escaped.length;
    this.indexes.set(text, index);
    this.escaped.push(stringItem(text));
    this.characters += text.length;
    this.references += 1;
    return index;
  }

  get size(): number {
    return this.escaped.length;
  }

  xml(): string {
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.references}" uniqueCount="${this.escaped.length}">` +
      `${this.escaped.join('')}</sst>`
    );
  }
}

/** Leading or trailing whitespace, or a line break or tab inside, is kept only with xml:space="preserve". */
const NEEDS_PRESERVE = /^\s|\s$|[\t\n\r]/;

/** A text run `<t>…</t>`, escaped. */
export function textRun(text: string): string {
  return NEEDS_PRESERVE.test(text) ? `<t xml:space="preserve">${xmlText(text)}</t>` : `<t>${xmlText(text)}</t>`;
}

function stringItem(text: string): string {
  return `<si>${textRun(text)}</si>`;
}
