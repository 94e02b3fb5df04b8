import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { TextDecoder } from 'node:util';
import { TributaryError } from '../../src/errors.js';
import { describeSniffed, sniff, sniffFile } from '../formats/sniff.js';
import { TextPosition } from '../formats/utf8.js';

/**
 * Reads a file (plain or gzip) as text. The encoding comes from the byte-order mark or the XML
 * declaration; an encoding we cannot decode exactly is refused, never guessed.
 */
const SUPPORTED: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

export function detectEncoding(head: Uint8Array, file: string): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = Buffer.from(head.subarray(0, 200)).toString('latin1');
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration);
  if (!match?.[1]) return 'utf-8';
  const label = SUPPORTED[match[1].toLowerCase()];
  if (!label) {
    throw new TributaryError(
      'UNSUPPORTED_ENCODING',
      `the XML declaration names encoding "${match[1]}", which tributary cannot decode exactly; convert the file to UTF-8`,
      {
        file,
        line: 1,
      },
    );
  }
  return label;
}

export interface TextStreamOptions {
  readonly path: string;
  readonly displayName: string;
  readonly onBytes?: (bytesRead: number, bytesTotal: number) => void;
  /** Bytes read from the file at a time (tests make it small to cut characters and lines apart). */
  readonly chunkBytes?: number;
}

/**
 * The file's text. Compression is told by the bytes, not the name: gzip is inflated whatever the
 * file is called; a zip archive or an HTML page is refused as what it is.
 */
export async function* readText(options: TextStreamOptions): AsyncGenerator<string> {
  const { path, displayName } = options;
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new TributaryError('FILE_NOT_FOUND', `cannot read ${displayName}: no such file`, { file: displayName });
    },
  );
  const kind = await sniffFile(path);
  if (kind === 'zip' || kind === 'html') throw notXml(kind, displayName);
  const raw = createReadStream(path, { highWaterMark: options.chunkBytes ?? 256 * 1024 });
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead, size);
  });
  const bytes = kind === 'gzip' ? raw.pipe(createGunzip({ chunkSize: Math.max(64, options.chunkBytes ?? 16 * 1024) })) : raw;
  let decoder: TextDecoder | undefined;
  const position = new TextPosition();
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      if (!decoder) {
        if (kind === 'gzip' && sniff(chunk) === 'html') throw notXml('html', displayName);
        decoder = new TextDecoder(detectEncoding(chunk, displayName), { fatal: true });
      }
      yield decode(decoder, chunk, position, displayName);
    }
    if (decoder) yield decode(decoder, undefined, position, displayName);
  } catch (error) {
    if (error instanceof TributaryError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new TributaryError('INVALID_XML', `cannot read ${displayName}: ${message}`, { file: displayName });
  } finally {
    raw.destroy();
  }
}

function notXml(kind: 'zip' | 'html', file: string): TributaryError {
  const advice =
    kind === 'zip'
      ? 'unzip it and import the .xml files inside'
      : "perhaps a portal's error or login page was saved in place of the file; download the XML again";
  return new TributaryError('NOT_IATI', `${file} is ${describeSniffed(kind)}, not IATI XML: ${advice}`, { file, line: 1 });
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, position: TextPosition, file: string): string {
  try {
    const text = decoder.decode(chunk, { stream: chunk !== undefined });
    if (chunk) position.advance(chunk);
    return text;
  } catch {
    throw notEncoded(decoder.encoding, chunk, position, file);
  }
}

function notEncoded(encoding: string, chunk: Buffer | undefined, position: TextPosition, file: string): TributaryError {
  if (encoding !== 'utf-8') {
    return new TributaryError('INVALID_XML', `bytes after offset ${position.offset} are not valid ${encoding}`, { file });
  }
  const bad = position.firstInvalidUtf8(chunk ?? Buffer.alloc(0));
  const what =
    bad.byte === undefined ? 'the file ends inside a UTF-8 character' : `byte 0x${bad.byte.toString(16).padStart(2, '0')} is not UTF-8`;
  return new TributaryError(
    'INVALID_XML',
    `${what} (line ${bad.line}, column ${bad.column}, byte offset ${bad.offset}), although the file is read as UTF-8 (it declares so, or declares nothing): it is probably ISO-8859-1 or Windows-1252; declare that encoding in its XML declaration or convert it to UTF-8`,
    { file, line: bad.line, column: bad.column },
  );
}
