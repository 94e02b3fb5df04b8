import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../connectors/ifmis/column-map.js';
import { decodeBytes } from '../../../connectors/formats/decode.js';
import { loadColumnMap } from '../../../connectors/ifmis/map.js';
import { BudgetFileError } from '../../../connectors/formats/problems.js';
import { readBudgetFile } from '../../../connectors/ifmis/read.js';
import { TributaryError } from '../../../src/errors.js';
import { sample } from '../../support/sample-data.js';
import { located, MAPS_DIR, rejection, writeIn } from './support.js';

/**
 * Encodings are declared or refused, never guessed: the Mexican export in its real code page
 * (CP850) is read when the map says so and rejected, at the exact byte, when it does not.
 */
const SUBSET = sample('budget', 'mexico-pef-2016', 'pef-2016-subset.utf8.csv');
let dir: string;
let utf8Map: ColumnMap;
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-ifmis-enc-'));
  utf8Map = await loadColumnMap(path.join(MAPS_DIR, 'mexico-pef-2016-utf8.json'));
  text = (await readFile(SUBSET, 'utf8')).split('\n').slice(0, 41).join('\r\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Buffer) => writeIn(dir, name, bytes);

describe('encodings', () => {
  it('reads a CP850 file when the map declares cp850', async () => {
    const file = await write('cp850.csv', iconv.encode(text, 'cp850'));
    const records = await readBudgetFile(file, { ...utf8Map, encoding: 'cp850' });
    expect(records).toHaveLength(40);
  });

  it('rejects a CP850 file read without a declared encoding, naming the byte offset, line and column', async () => {
    const bytes = iconv.encode(text, 'cp850');
    const offset = bytes.findIndex((b) => b >= 0x80);
    const line = bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
    const column = offset - bytes.subarray(0, offset).lastIndexOf(0x0a);
    const error = await rejection(readBudgetFile(await write('undeclared.csv', bytes), utf8Map, { displayName: 'undeclared.csv' }));
    expect(located(error)).toEqual([{ code: 'INVALID_ENCODING', file: 'undeclared.csv', row: line, column: undefined }]);
    expect(error.problems[0]?.message).toBe(
      `byte 0x${(bytes[offset] ?? 0).toString(16)} at byte offset ${offset} (line ${line}, column ${column}): the file is not UTF-8: declare its encoding in the column map ("encoding": "cp850", "windows-1252", "latin1", …)`,
    );
    expect(line).toBe(2);
  });

  it('accepts UTF-8 with a byte-order mark', async () => {
    const file = await write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    expect(await readBudgetFile(file, utf8Map)).toHaveLength(40);
  });

  it('refuses a UTF-16 file without a declaration, and reads it with one', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    const file = await write('utf16.csv', bytes);
    const error = await rejection(readBudgetFile(file, utf8Map, { displayName: 'utf16.csv' }));
    expect(error.problems[0]?.message).toMatch(/UTF-16LE byte-order mark; declare "encoding": "utf-16le"/);
    expect(await readBudgetFile(file, { ...utf8Map, encoding: 'utf-16le' })).toHaveLength(40);
  });

  it('refuses an encoding it cannot decode before reading', async () => {
    const file = await write('any.csv', Buffer.from(text));
    await expect(readBudgetFile(file, { ...utf8Map, encoding: 'ebcdic-klingon' })).rejects.toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
  });
});

describe('decodeBytes across chunk boundaries', () => {
  async function decode(chunks: number[][]): Promise<string> {
    const source = (async function* () {
      for (const chunk of chunks) yield Buffer.from(chunk);
    })();
    let out = '';
    for await (const piece of decodeBytes(source, undefined, 'chunks.csv')) out += piece;
    return out;
  }
  const e9 = [0xc3, 0xa9]; // é

  it('joins a character split between chunks', async () => {
    expect(
      await decode([
        [0x61, 0x0a, e9[0] ?? 0],
        [e9[1] ?? 0, 0x62],
      ]),
    ).toBe('a\néb');
  });

  it.each([
    ['in the first chunk', [[0x61, 0x0a, 0x62, 0xa2, 0x63]], 3, 2, 2],
    [
      'after a newline in a later chunk',
      [
        [0x61, 0x0a],
        [0x62, 0x0a, 0x63, 0xff],
      ],
      5,
      3,
      2,
    ],
    [
      'where a split character goes wrong',
      [
        [0x61, 0x0a, 0xc3],
        [0x41, 0x0a],
      ],
      2,
      2,
      1,
    ],
    ['at the end, inside a character', [[0x61, 0x0a, 0x0a, 0xe2, 0x82]], 3, 3, 1],
    ['in a character spread over three chunks', [[0x0a, 0xf0], [0x9f], [0x41]], 1, 2, 1],
    [
      'after characters of two and three bytes on its line',
      [
        [0x0a, 0xc3, 0xa9, 0xe2],
        [0x82, 0xac, 0x41, 0xff],
      ],
      7,
      2,
      4,
    ],
  ])('names the exact offset, line and column of a bad byte %s', async (_, chunks, offset, line, column) => {
    const error = await decode(chunks).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BudgetFileError);
    expect(error).toBeInstanceOf(TributaryError);
    const problem = (error as BudgetFileError).problems[0];
    expect(problem?.message).toContain(`at byte offset ${offset} (line ${line}, column ${column})`);
    expect(problem?.row).toBe(line);
  });
});
