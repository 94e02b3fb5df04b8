import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { FILE_SPECS, RECORD_TYPES, type FileSpec } from '../../../../connectors/registry/columns.js';
import type { RegistryBatch } from '../../../../connectors/registry/types.js';

/**
 * The registry CSV export, as a registry that can only export files would give it: one UTF-8
 * file per record type with the header of connectors/registry/columns.ts, empty cells for null,
 * `true`/`false`, ISO dates and exact decimal amounts. Written in chunks, so that a registry of
 * a hundred thousand households (a million payments) never becomes one string.
 */
export interface WrittenFile {
  readonly file: string;
  readonly rows: number;
}

const CHUNK_ROWS = 10_000;

/** A record's cells in the order of its file's columns, as text (null → ""). */
export function cellsOf(spec: FileSpec, record: object): string[] {
  const fields = record as Readonly<Record<string, unknown>>;
  return spec.columns.map((column) => {
    const value = fields[column.field];
    return value === null || value === undefined ? '' : String(value);
  });
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function recordsOf(batch: RegistryBatch, spec: FileSpec): readonly object[] {
  return batch[spec.batchKey];
}

export async function writeRegistryCsv(batch: RegistryBatch, dir: string): Promise<WrittenFile[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const type of RECORD_TYPES) {
    const spec = FILE_SPECS[type];
    const file = path.join(dir, `${type}.csv`);
    const records = recordsOf(batch, spec);
    const out = createWriteStream(file);
    const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    };
    await write(`${spec.columns.map((c) => csvCell(c.name)).join(',')}\n`);
    for (let from = 0; from < records.length; from += CHUNK_ROWS) {
      let chunk = '';
      for (const record of records.slice(from, from + CHUNK_ROWS)) chunk += `${cellsOf(spec, record).map(csvCell).join(',')}\n`;
      await write(chunk);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    written.push({ file, rows: records.length });
  }
  return written;
}
