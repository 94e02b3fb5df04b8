import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { TributaryError } from '../../src/errors.js';
import { fatal } from './problems.js';

/**
 * Bytes → text in the encoding the column map declares. Without a declaration only UTF-8 (with
 * or without a byte-order mark) is accepted: bytes that are not UTF-8 stop the read with their
 * offset and line, because decoding them as anything else would be a guess.
 */
const UTF8 = new Set(['utf-8', 'utf8']);

/** Checks a declared encoding before any byte is read. */
export function checkEncoding(encoding: string | undefined, mapName: string): void {
  if (encoding === undefined || UTF8.has(encoding.toLowerCase())) return;
  if (!iconv.encodingExists(encoding)) {
    throw new TributaryError(
      'UNSUPPORTED_ENCODING',
      `column map ${mapName} declares encoding "${encoding}", which tributary cannot decode; use a name such as cp850, windows-1252, latin1 or utf-16le`,
      { field: 'encoding' },
    );
  }
}

export async function* decodeBytes(bytes: AsyncIterable<Buffer>, encoding: string | undefined, file: string): AsyncGenerator<string> {
  if (encoding !== undefined && !UTF8.has(encoding.toLowerCase())) {
    const decoder = iconv.getDecoder(encoding);
    for await (const chunk of bytes) {
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
    return;
  }
  yield* decodeUtf8(bytes, file, encoding === undefined);
}

async function* decodeUtf8(bytes: AsyncIterable<Buffer>, file: string, undeclared: boolean): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let line = 1;
  // The last bytes of the previous chunk, which may begin a character the next chunk ends.
  let carry: Buffer = Buffer.alloc(0);
  const fail = (chunk: Buffer): TributaryError =>
    notUtf8(Buffer.concat([carry, chunk]), carry.length, offset - carry.length, line, file, undeclared);
  for await (const chunk of bytes) {
    if (offset === 0 && undeclared) refuseUtf16(chunk, file);
    try {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    } catch {
      throw fail(chunk);
    }
    line += countLines(chunk);
    offset += chunk.length;
    // Across chunks, not within one: a character may span three one-byte chunks.
    const tail = Buffer.concat([carry, chunk]);
    carry = Buffer.from(tail.subarray(Math.max(0, tail.length - 3)));
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw fail(Buffer.alloc(0));
  }
  if (rest) yield rest;
}

function refuseUtf16(head: Buffer, file: string): void {
  const bom = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  if (!bom) return;
  throw fatal(
    file,
    'INVALID_ENCODING',
    `the file starts with a ${bom.toUpperCase()} byte-order mark; declare "encoding": "${bom}" in the column map`,
    1,
  );
}

function countLines(chunk: Uint8Array): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count += 1;
  return count;
}

/**
 * `bytes` is the carried tail of the previous chunk (`carried` bytes, already decoded and counted
 * into `line`) followed by the chunk that failed; `start` is its file offset.
 */
function notUtf8(bytes: Buffer, carried: number, start: number, line: number, file: string, undeclared: boolean): TributaryError {
  let from = 0;
  // Continuation bytes at the head of the carry end a character that began earlier and decoded fine.
  while (from < carried && ((bytes[from] ?? 0) & 0xc0) === 0x80) from += 1;
  const at = from + firstInvalidUtf8(bytes.subarray(from));
  const where = at >= carried ? line + countLines(bytes.subarray(carried, at)) : line;
  const byte = bytes[at];
  const what = byte === undefined ? 'the file ends inside a UTF-8 character' : `byte 0x${byte.toString(16).padStart(2, '0')}`;
  const advice = undeclared
    ? 'the file is not UTF-8: declare its encoding in the column map ("encoding": "cp850", "windows-1252", "latin1", …)'
    : 'the file is not valid UTF-8 as the column map declares: check its "encoding"';
  return fatal(file, 'INVALID_ENCODING', `${what} at byte offset ${start + at} (line ${where}): ${advice}`, where);
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (or bytes.length). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const low = k === 1 ? (b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80) : 0x80;
      const high = k === 1 ? (b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf) : 0xbf;
      if (next < low || next > high) return i;
    }
    i += need + 1;
  }
  return i;
}
