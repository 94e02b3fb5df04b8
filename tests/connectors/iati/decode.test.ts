import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from '../../../connectors/iati/decode.js';
import { TributaryError } from '../../../src/errors.js';
import { sample } from '../../support/sample-data.js';
import { zip } from '../../support/zip-writer.js';

/**
 * Reading an IATI file's bytes as text, on real files changed at test time: compression told by
 * the bytes whatever the name, a Latin-1 file declared UTF-8 located by line and column, and an
 * HTML page or a zip archive refused as what it is.
 */
const GLOBAL_FUND = sample('iati', 'activities', 'v1', 'IATIfromGF.xml'); // declares UTF-8; first non-ASCII on line 65
const FCDO = sample('iati', 'activities', 'v2', 'fcdo-activity.xml'); // one line, no XML declaration
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tributary-iati-decode-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

async function text(file: string, chunkBytes?: number): Promise<string> {
  let out = '';
  for await (const piece of readText({ path: file, displayName: path.basename(file), ...(chunkBytes ? { chunkBytes } : {}) })) out += piece;
  return out;
}

async function refusal(file: string, chunkBytes?: number): Promise<TributaryError> {
  const error = await text(file, chunkBytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TributaryError);
  return error as TributaryError;
}

/** Line and column (in characters) of the first character that is not ASCII, counted on the text itself. */
function firstNonAscii(original: string): { line: number; column: number } {
  const at = [...original].findIndex((c) => c.charCodeAt(0) > 0x7f);
  const before = [...original].slice(0, at).join('');
  const lines = before.split('\n');
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}

describe('compression, told by the bytes', () => {
  it('inflates a gzip file named .xml', async () => {
    const original = await readFile(GLOBAL_FUND, 'utf8');
    const file = await write('global-fund.xml', gzipSync(await readFile(GLOBAL_FUND)));
    expect(await text(file)).toBe(original);
    expect(await text(file, 100)).toBe(original);
  });

  it('reads a plain file named .xml.gz as it is', async () => {
    const file = await write('global-fund-plain.xml.gz', await readFile(GLOBAL_FUND));
    expect(await text(file)).toBe(await readFile(GLOBAL_FUND, 'utf8'));
  });

  it('refuses a zip archive as one, naming the file', async () => {
    const file = await write('activities.xml', zip([{ name: 'IATIfromGF.xml', data: await readFile(GLOBAL_FUND) }]));
    const error = await refusal(file);
    expect(error.code).toBe('NOT_IATI');
    expect(error.message).toBe('activities.xml is a zip archive, not IATI XML: unzip it and import the .xml files inside');
  });
});

describe('an HTML page saved in place of the file', () => {
  it.each([
    ['a doctype', '<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head><body>Sign in to download</body></html>\n'],
    ['a byte-order mark, a comment and a bare html tag', '\ufeff<!-- portal -->\n  <HTML><body><p>404 Not Found</p></body></HTML>'],
  ])('is refused as an HTML page (%s)', async (_, page) => {
    const error = await refusal(await write('download.xml', Buffer.from(page, 'utf8')));
    expect(error.code).toBe('NOT_IATI');
    expect(error.message).toMatch(/^download\.xml is an HTML page, not IATI XML: perhaps a portal's error or login page/);
  });

  it('is refused as one when gzipped too', async () => {
    const error = await refusal(await write('download.xml.gz', gzipSync('<!doctype html><html><body>Service unavailable</body></html>')));
    expect(error.message).toMatch(/^download\.xml\.gz is an HTML page, not IATI XML/);
  });

  it('but an IATI file that merely mentions html is read', async () => {
    const xml = '<?xml version="1.0"?>\n<iati-activities version="2.03"><!-- <html> --></iati-activities>\n';
    expect(await text(await write('mentions.xml', Buffer.from(xml)))).toBe(xml);
  });
});

describe('a Latin-1 file read as UTF-8', () => {
  it.each([undefined, 1, 2, 3, 7, 4096])(
    'names the line and column of the first bad byte (the Global Fund file, declared UTF-8, read %s bytes at a time)',
    async (chunkBytes) => {
      const original = await readFile(GLOBAL_FUND, 'utf8');
      const latin1 = iconv.encode(original, 'windows-1252');
      const offset = latin1.findIndex((b) => b > 0x7f);
      const { line, column } = firstNonAscii(original);
      expect(line).toBe(65);
      const error = await refusal(await write('global-fund-latin1.xml', latin1), chunkBytes);
      expect(error.code).toBe('INVALID_XML');
      expect(error.where).toEqual({ file: 'global-fund-latin1.xml', line, column });
      expect(error.message).toContain(
        `byte 0x${(latin1[offset] ?? 0).toString(16)} is not UTF-8 (line ${line}, column ${column}, byte offset ${offset})`,
      );
      expect(error.message).toMatch(/probably ISO-8859-1 or Windows-1252/);
    },
  );

  it('counts the column in characters on a one-line file, past characters of several bytes', async () => {
    const original = await readFile(FCDO, 'utf8');
    const { line, column } = firstNonAscii(original);
    expect(line).toBe(1);
    // Put a real "é" (two bytes in UTF-8) before the first bad byte, so bytes and characters differ.
    const prefixed = Buffer.concat([
      Buffer.from(original.slice(0, 20), 'utf8'),
      Buffer.from('é', 'utf8'),
      iconv.encode(original.slice(20), 'latin1'),
    ]);
    const error = await refusal(await write('fcdo-latin1.xml', prefixed), 5);
    expect(error.where).toEqual({ file: 'fcdo-latin1.xml', line: 1, column: column + 1 });
  });

  it('says so when the file ends inside a character', async () => {
    const error = await refusal(await write('cut.xml', Buffer.from([...Buffer.from('<a>\n<b>'), 0xe2, 0x82])));
    expect(error.message).toMatch(/^the file ends inside a UTF-8 character \(line 2, column 4, byte offset 7\)/);
  });
});
