import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { TributaryError } from '../../src/errors.js';
import { fatal } from './problems.js';
import { describeSniffed, sniff, SNIFF_BYTES } from './sniff.js';
import { TextPosition, type BadByte } from './utf8.js';

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

export async function* decodeBytes(input: AsyncIterable<Buffer>, encoding: string | undefined, file: string): AsyncGenerator<string> {
  const bytes = refusingWhatIsNotText(input, file);
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
  const position = new TextPosition();
  for await (const chunk of bytes) {
    if (position.offset === 0 && undeclared) refuseUtf16(chunk, file);
    try {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    } catch {
      throw notUtf8(position.firstInvalidUtf8(chunk), file, undeclared);
    }
    position.advance(chunk);
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notUtf8(position.firstInvalidUtf8(Buffer.alloc(0)), file, undeclared);
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

function notUtf8(bad: BadByte, file: string, undeclared: boolean): TributaryError {
  const what = bad.byte === undefined ? 'the file ends inside a UTF-8 character' : `byte 0x${bad.byte.toString(16).padStart(2, '0')}`;
  const advice = undeclared
    ? 'the file is not UTF-8: declare its encoding in the column map ("encoding": "cp850", "windows-1252", "latin1", …)'
    : 'the file is not valid UTF-8 as the column map declares: check its "encoding"';
  return fatal(
    file,
    'INVALID_ENCODING',
    `${what} at byte offset ${bad.offset} (line ${bad.line}, column ${bad.column}): ${advice}`,
    bad.line,
  );
}

/**
 * The bytes as they come, once their head shows they are not compressed nor an HTML page: those
 * are refused as what they are instead of as bytes that are not text. Chunks are passed on as
 * they are, so a character or line split between chunks is still met split.
 */
async function* refusingWhatIsNotText(bytes: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let seen = 0;
  let sniffed = false;
  for await (const chunk of bytes) {
    if (sniffed) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    seen += chunk.length;
    if (seen < SNIFF_BYTES) continue;
    refuseNotCsv(Buffer.concat(head), file);
    sniffed = true;
    yield* head;
  }
  if (sniffed) return;
  refuseNotCsv(Buffer.concat(head), file);
  yield* head;
}

const NOT_CSV_ADVICE = {
  gzip: 'decompress it (gunzip) and read the CSV inside',
  zip: 'a zipped CSV is read from a file named .zip, a workbook with "format": "xlsx"',
  html: "perhaps a portal's error or login page was saved in place of the export; download it again",
} as const;

function refuseNotCsv(head: Buffer, file: string): void {
  const kind = sniff(head);
  if (kind) throw fatal(file, 'INVALID_CSV', `the file is ${describeSniffed(kind)}, not a CSV: ${NOT_CSV_ADVICE[kind]}`, 1);
}
