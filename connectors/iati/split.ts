import { SaxesParser, type SaxesTagNS } from 'saxes';
import { TributaryError } from '../../src/errors.js';
import type { ImportLimits } from '../../src/config.js';
import type { XNode } from './xml-node.js';

/**
 * Streams an IATI activities document and yields each `<iati-activity>` as a tree built from
 * saxes's own events, with its text, checking well-formedness and namespaces as it goes: the XML
 * is parsed once. Memory stays bounded by the largest activity, whatever the size of the file.
 */
export interface RootInfo {
  readonly kind: 'root';
  /** `version` attribute of `<iati-activities>`, if any. */
  readonly version: string | null;
  /** Namespace prefix → URI declared on the root (activities are parsed without it). */
  readonly namespaces: Readonly<Record<string, string>>;
  readonly line: number;
}

export interface ActivityChunk {
  readonly kind: 'chunk';
  /** The activity's XML, from `<iati-activity` to its closing tag, exactly as in the file. */
  readonly text: string;
  /** The activity element as parsed. */
  readonly node: XNode;
  /** 1-based line of the opening tag. */
  readonly line: number;
}

export type SplitEvent = RootInfo | ActivityChunk;

const ACTIVITY = 'iati-activity';
const ROOT = 'iati-activities';

class Splitter {
  private readonly parser: SaxesParser<{ xmlns: true; position: true }>;
  private buffer = '';
  private bufferStart = 0;
  private depth = 0;
  private activityStart = -1;
  private activityLine = 0;
  /** Position of the last tag seen; text, comments and CDATA between tags count against the limit. */
  private lastMarkup = 0;
  private rootSeen = false;
  private readonly ready: SplitEvent[] = [];
  /** The activity's open elements, outermost first; empty outside an activity. */
  private readonly open: Building[] = [];
  private pendingText = '';
  private activityElements = 0;

  constructor(
    private readonly file: string,
    private readonly limits: ImportLimits,
  ) {
    // No 'error' handler: with one set, saxes runs about four times slower; without one it
    // throws, and `guard` turns that into an INVALID_XML error.
    this.parser = new SaxesParser({ xmlns: true, position: true });
    this.parser.on('opentagstart', (tag) => this.onOpenTagStart(tag.name));
    this.parser.on('opentag', (tag) => this.onOpenTag(tag));
    this.parser.on('closetag', (tag) => this.onCloseTag(tag));
    // saxes emits text decoded, cut at every piece of markup; text on either side of a comment
    // is one piece (as fast-xml-parser reads it), so pieces are joined until an element or CDATA.
    this.parser.on('text', (text) => {
      if (this.open.length > 0) this.pendingText += text;
    });
    this.parser.on('cdata', (cdata) => {
      this.flushText();
      this.open[this.open.length - 1]?.texts.push(cdata);
    });
  }

  private flushText(): void {
    const trimmed = this.pendingText.trim();
    if (trimmed) this.open[this.open.length - 1]?.texts.push(trimmed);
    this.pendingText = '';
  }

  private error(code: 'INVALID_XML' | 'NOT_IATI' | 'LIMIT_EXCEEDED', message: string): TributaryError {
    return new TributaryError(code, message, { file: this.file, line: this.parser.line, column: this.parser.column });
  }

  private onOpenTagStart(name: string): void {
    this.depth += 1;
    this.lastMarkup = this.parser.position;
    if (this.depth > this.limits.maxDepth) {
      throw this.error('LIMIT_EXCEEDED', `elements are nested more than ${this.limits.maxDepth} deep`);
    }
    if (this.depth === 1 && name !== ROOT) {
      const hint = name === 'iati-organisations' ? ' (this is an IATI organisation file)' : '';
      throw this.error('NOT_IATI', `root element is <${name}>, expected <${ROOT}>${hint}`);
    }
    if (this.depth === 2 && name === ACTIVITY) {
      const local = this.parser.position - this.bufferStart;
      // `position` is past the character that ended the name, which may be the next tag's `<`.
      this.activityStart = this.bufferStart + this.buffer.lastIndexOf('<', local - 1);
      this.activityLine = this.parser.line;
      this.activityElements = 0;
    }
  }

  private onOpenTag(tag: SaxesTagNS): void {
    if (this.activityStart >= 0) {
      this.flushText();
      this.activityElements += 1;
      if (this.activityElements > this.limits.maxActivityElements) {
        throw new TributaryError('LIMIT_EXCEEDED', `an <iati-activity> has more than ${this.limits.maxActivityElements} elements`, {
          file: this.file,
          line: this.activityLine,
        });
      }
      const node = elementOf(tag);
      this.open[this.open.length - 1]?.kids.push(node);
      this.open.push(node);
      return;
    }
    if (this.depth !== 1 || this.rootSeen) return;
    this.rootSeen = true;
    const namespaces: Record<string, string> = {};
    for (const [prefix, uri] of Object.entries(tag.ns)) namespaces[prefix] = uri;
    this.ready.push({ kind: 'root', version: tag.attributes.version?.value ?? null, namespaces, line: this.parser.line });
  }

  private onCloseTag(tag: SaxesTagNS): void {
    this.lastMarkup = this.parser.position;
    if (this.open.length > 0) this.flushText();
    const node = this.open.pop();
    if (this.depth === 2 && node && tag.name === ACTIVITY) {
      const from = this.activityStart - this.bufferStart;
      const to = this.parser.position - this.bufferStart;
      this.ready.push({ kind: 'chunk', text: this.buffer.slice(from, to), node, line: this.activityLine });
      this.activityStart = -1;
    }
    this.depth -= 1;
  }

  write(text: string): SplitEvent[] {
    const parsed = this.buffer;
    this.buffer += text;
    if (!this.rootSeen) this.rejectDoctype(parsed);
    this.guard(() => this.parser.write(text));
    this.checkLimits();
    this.trim();
    return this.ready.splice(0);
  }

  /**
   * A DTD can declare entity expansions (billion laughs) or external entities (XXE), so it is
   * refused before the parser sees it. `parsed` is the part of the buffer the parser has read:
   * it ends on the parser's current line, which places the DOCTYPE's own line.
   */
  private rejectDoctype(parsed: string): void {
    const at = this.buffer.search(/<!DOCTYPE/i);
    if (at < 0) return;
    // Counted as the parser counts lines: CRLF, CR or LF each end one.
    const newlines = (s: string): number => s.match(/\r\n?|\n/g)?.length ?? 0;
    const line = this.parser.line - newlines(parsed) + newlines(this.buffer.slice(0, at));
    throw new TributaryError('INVALID_XML', 'a DOCTYPE declaration is not allowed in IATI XML', { file: this.file, line });
  }

  close(): SplitEvent[] {
    this.guard(() => this.parser.close());
    if (!this.rootSeen) throw this.error('INVALID_XML', 'the file is empty or holds no XML element');
    return this.ready.splice(0);
  }

  private guard(step: () => unknown): void {
    try {
      step();
    } catch (error) {
      if (error instanceof TributaryError) throw error;
      const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, '') : String(error);
      throw this.error('INVALID_XML', `not well-formed XML: ${message}`);
    }
  }

  private checkLimits(): void {
    const position = this.parser.position;
    if (position - this.lastMarkup > this.limits.maxTextChars) {
      throw this.error('LIMIT_EXCEEDED', `more than ${this.limits.maxTextChars} characters of text or comment without a tag`);
    }
    if (this.activityStart >= 0 && position - this.activityStart > this.limits.maxActivityChars) {
      throw new TributaryError('LIMIT_EXCEEDED', `an <iati-activity> is longer than ${this.limits.maxActivityChars} characters`, {
        file: this.file,
        line: this.activityLine,
      });
    }
  }

  /** Drops text no pending activity needs; keeps a tag that may still be open at the end. */
  private trim(): void {
    const keepFrom = this.activityStart >= 0 ? this.activityStart - this.bufferStart : this.buffer.lastIndexOf('<');
    if (keepFrom <= 0) {
      if (keepFrom < 0) {
        this.bufferStart += this.buffer.length;
        this.buffer = '';
      }
      return;
    }
    this.buffer = this.buffer.slice(keepFrom);
    this.bufferStart += keepFrom;
  }
}

interface Building extends XNode {
  readonly kids: XNode[];
  readonly texts: string[];
}

function elementOf(tag: SaxesTagNS): Building {
  let attrs: Record<string, string> | undefined;
  const { attributes } = tag;
  for (const name in attributes) {
    attrs ??= Object.create(null) as Record<string, string>; // no prototype: an attribute may be called __proto__
    attrs[name] = (attributes[name] as { value: string }).value;
  }
  return { name: tag.name, attrs, kids: [], texts: [] };
}

export async function* splitActivities(text: AsyncIterable<string>, file: string, limits: ImportLimits): AsyncGenerator<SplitEvent> {
  const splitter = new Splitter(file, limits);
  for await (const piece of text) yield* splitter.write(piece);
  yield* splitter.close();
}

/** The events of a whole document held in memory (small inputs, tests). */
export function splitText(text: string, file: string, limits: ImportLimits): SplitEvent[] {
  const splitter = new Splitter(file, limits);
  return [...splitter.write(text), ...splitter.close()];
}
