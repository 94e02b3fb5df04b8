import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { TextDecoder } from 'node:util';
import { TributaryError } from '../../src/errors.js';

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
}

export async function* readText(options: TextStreamOptions): AsyncGenerator<string> {
  const { path, displayName } = options;
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new TributaryError('FILE_NOT_FOUND', `cannot read ${displayName}: no such file`, { file: displayName });
    },
  );
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead, size);
  });
  const bytes = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let decoder: TextDecoder | undefined;
  let decodedBytes = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      decoder ??= new TextDecoder(detectEncoding(chunk, displayName), { fatal: true });
      yield decode(decoder, chunk, true, decodedBytes, displayName);
      decodedBytes += chunk.length;
    }
    if (decoder) yield decode(decoder, undefined, false, decodedBytes, displayName);
  } catch (error) {
    if (error instanceof TributaryError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new TributaryError('INVALID_XML', `cannot read ${displayName}: ${message}`, { file: displayName });
  } finally {
    raw.destroy();
  }
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, stream: boolean, offset: number, file: string): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    throw new TributaryError('INVALID_XML', `bytes after offset ${offset} are not valid ${decoder.encoding}`, { file });
  }
}
