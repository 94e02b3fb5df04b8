import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { BackupFileError, parseLine, type BackupHeader, type BackupLine } from './format.js';

/** The longest line read: a row bigger than this is not one the hub wrote. */
const MAX_LINE_CHARS = 256 * 1024 * 1024;

export interface OpenedBackup {
  readonly header: BackupHeader;
  /** The lines after the header, each numbered; the end line's hash is checked before it is given. */
  readonly lines: AsyncGenerator<{ readonly line: number; readonly entry: BackupLine }>;
}

/** Opens a backup file and reads its header; refuses a file that is not one, before touching anything. */
export async function openBackup(file: string): Promise<OpenedBackup> {
  await checkGzip(file);
  const lines = backupLines(file);
  const first = await lines.next();
  if (first.done || first.value.entry.tag !== 'H') throw new BackupFileError(`${file} is empty: not a tributary backup`);
  return { header: first.value.entry.header, lines };
}

async function checkGzip(file: string): Promise<void> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BackupFileError(error.code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file}: ${error.message}`);
  });
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b)
      throw new BackupFileError(`${file} is not a tributary backup (not gzip)`);
  } finally {
    await handle.close();
  }
}

async function* backupLines(file: string): AsyncGenerator<{ readonly line: number; readonly entry: BackupLine }> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  let ended = false;
  const entryOf = (text: string) => {
    line += 1;
    if (ended) throw new BackupFileError(`${file}, line ${line}: text after the end line`);
    const entry = parseLine(text, file, line);
    if (entry.tag === 'E') {
      ended = true;
      if (entry.trailer.sha256 !== hash.digest('hex'))
        throw new BackupFileError(`${file}: the content does not match its checksum (the file was changed or damaged)`);
    } else hash.update(`${text}\n`);
    return { line, entry };
  };
  try {
    for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      const parts = (carry + decoder.write(chunk)).split('\n');
      carry = parts.pop() ?? '';
      if (carry.length > MAX_LINE_CHARS) throw new BackupFileError(`${file}, line ${line + 1}: longer than any line a backup holds`);
      for (const text of parts) yield entryOf(text);
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR')
      throw new BackupFileError(`${file} is cut off or damaged after line ${line} (${(error as Error).message}): not a whole backup`);
    throw error;
  }
  if (carry + decoder.end() !== '') throw new BackupFileError(`${file} is cut off after line ${line}: not a whole backup`);
  if (!ended) throw new BackupFileError(`${file} is cut off after line ${line} (it has no end line): not a whole backup`);
}
