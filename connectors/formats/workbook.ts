import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { TributaryError } from '../../src/errors.js';
import { fatal } from './problems.js';
import {
  SharedStringsParser,
  parseCellStyles,
  parseRelationships,
  parseWorkbook,
  relationshipsOf,
  type Relationship,
  type WorkbookPart,
} from './workbook-parts.js';
import { SheetParser, type SheetContext, type WorkbookRow } from './workbook-sheet.js';
import { ZIP_OPEN_OPTIONS, type ZipLimits } from './zip.js';

/**
 * An XLSX workbook read through the zip's central directory: the parts every sheet depends on
 * (workbook, relationships, shared strings, styles) first, then the asked-for sheet streamed row
 * by row. exceljs's streaming reader walks the zip in stored order and loses the workbook part
 * when a writer (exceljs itself) stores it last — exceljs/exceljs#3064, about one read in 300 here.
 *
 * The directory is checked before a byte is inflated, so that a workbook that would expand
 * without bound is refused; sheet XML compresses better than CSV, hence a looser ratio.
 */
const XLSX_RATIO = 5;
/** The package parts read whole into memory (not the sheets) stay under this. */
const MAX_PART_BYTES = 256 * 1024 ** 2;

export interface Workbook {
  /** Sheet names in tab order. */
  readonly sheets: readonly string[];
  readonly hidden: ReadonlySet<string>;
  /** Uncompressed size of a sheet's XML, for progress. */
  sheetSize(name: string): number;
  /** A sheet's rows; `onBytes` hears how many bytes of its XML each chunk was. */
  rows(name: string, onBytes?: (bytes: number) => void): AsyncGenerator<WorkbookRow>;
  close(): void;
}

/** A workbook from its path, or from its bytes (an upload). */
export async function openWorkbook(source: string | Buffer, file: string, limits: ZipLimits): Promise<Workbook> {
  let zip: ZipFile;
  try {
    zip = await (typeof source === 'string'
      ? yauzl.openPromise(source, ZIP_OPEN_OPTIONS)
      : yauzl.fromBufferPromise(source, ZIP_OPEN_OPTIONS));
  } catch (error) {
    throw fatal(file, 'INVALID_ZIP', `not an XLSX workbook (not a zip archive): ${message(error)}`);
  }
  try {
    const entries = await directory(zip, file, limits);
    const reader = new PackageReader(zip, entries, file);
    return await reader.workbook();
  } catch (error) {
    zip.close();
    if (error instanceof TributaryError) throw error;
    throw unreadable(file, error);
  }
}

async function directory(zip: ZipFile, file: string, limits: ZipLimits): Promise<Map<string, Entry>> {
  if (zip.entryCount > limits.maxEntries) {
    throw new TributaryError('LIMIT_EXCEEDED', `${file} holds ${zip.entryCount} parts; more than a workbook needs`, { file });
  }
  const entries = new Map<string, Entry>();
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (total > limits.maxBytes || ratio > limits.maxRatio * XLSX_RATIO) {
      throw new TributaryError(
        'LIMIT_EXCEEDED',
        `${file}: ${entry.fileName} expands ${Math.round(ratio)}× to ${entry.uncompressedSize} bytes; refused as a possible zip bomb`,
        { file },
      );
    }
    entries.set(entry.fileName.replace(/^\//, ''), entry);
  }
  return entries;
}

class PackageReader {
  constructor(
    private readonly zip: ZipFile,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly file: string,
  ) {}

  async workbook(): Promise<Workbook> {
    const root = await this.relationships('');
    const workbookPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.part ?? 'xl/workbook.xml';
    if (!this.entries.has(workbookPath)) {
      throw fatal(this.file, 'INVALID_CSV', `a zip archive but not an XLSX workbook: it has no ${workbookPath} part`);
    }
    const part = parseWorkbook(await this.text(workbookPath));
    const related = await this.relationships(workbookPath);
    const byType = (type: string): string | undefined => [...related.values()].find((r) => r.type.endsWith(`/${type}`))?.part;
    const context: SheetContext = {
      sharedStrings: await this.sharedStrings(byType('sharedStrings')),
      styles: parseCellStyles(await this.text(byType('styles'))),
      date1904: part.date1904,
    };
    const sheetParts = this.sheetParts(part, related);
    return {
      sheets: [...sheetParts.keys()],
      hidden: new Set(part.sheets.filter((sheet) => sheet.hidden).map((sheet) => sheet.name)),
      sheetSize: (name) => this.entry(sheetParts.get(name))?.uncompressedSize ?? 0,
      rows: (name, onBytes) => this.sheetRows(sheetParts.get(name), context, onBytes),
      close: () => this.zip.close(),
    };
  }

  /** Worksheets by name; chart sheets and dialog sheets hold no cells and are left out. */
  private sheetParts(part: WorkbookPart, related: ReadonlyMap<string, Relationship>): Map<string, string> {
    const parts = new Map<string, string>();
    for (const sheet of part.sheets) {
      const target = related.get(sheet.relationshipId);
      if (target?.type.endsWith('/worksheet') && this.entries.has(target.part)) parts.set(sheet.name, target.part);
    }
    return parts;
  }

  private async *sheetRows(
    part: string | undefined,
    context: SheetContext,
    onBytes?: (bytes: number) => void,
  ): AsyncGenerator<WorkbookRow> {
    const entry = this.entry(part);
    if (!entry) throw fatal(this.file, 'INVALID_CSV', `the workbook has no sheet part ${part ?? ''}`);
    const parser = new SheetParser(context);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let stream: Readable | undefined;
    try {
      stream = await this.zip.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        onBytes?.(chunk.length);
        yield* parser.write(decoder.decode(chunk, { stream: true }));
      }
      yield* parser.write(decoder.decode());
      yield* parser.end();
    } catch (error) {
      if (error instanceof TributaryError) throw error;
      throw unreadable(this.file, error);
    } finally {
      stream?.destroy();
    }
  }

  private entry(part: string | undefined): Entry | undefined {
    return part === undefined ? undefined : this.entries.get(part);
  }

  private async relationships(owner: string): Promise<Map<string, Relationship>> {
    return parseRelationships(await this.text(relationshipsOf(owner)), owner);
  }

  private async sharedStrings(part: string | undefined): Promise<string[]> {
    const entry = this.entry(part);
    if (!entry) return [];
    const strings = new SharedStringsParser();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of this.stream(entry)) strings.parser.write(decoder.decode(chunk, { stream: true }));
    strings.parser.write(decoder.decode()).close();
    return strings.strings;
  }

  private async *stream(entry: Entry): AsyncGenerator<Buffer> {
    const stream: Readable = await this.zip.openReadStreamPromise(entry);
    yield* stream as AsyncIterable<Buffer>;
  }

  /** A small part as text; an absent part is empty XML. */
  private async text(part: string | undefined): Promise<string> {
    const entry = this.entry(part);
    if (!entry) return '<empty/>';
    if (entry.uncompressedSize > MAX_PART_BYTES) throw new Error(`its ${part ?? ''} part is ${entry.uncompressedSize} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(entry)) chunks.push(chunk);
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  }
}

function unreadable(file: string, error: unknown): TributaryError {
  return fatal(file, 'INVALID_CSV', `not readable as an XLSX workbook: ${message(error)}`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
