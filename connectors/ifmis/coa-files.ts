import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { CoaDeriver, DerivedCoa } from './coa-derive.js';
import { decodeBytes } from '../formats/decode.js';
import { headerName } from './plan.js';
import { csvRows } from './rows.js';
import { openZippedCsv } from '../formats/zip.js';
import { writeCsv } from '../formats/csv.js';

/** The I/O around `CoaDeriver`: an export (CSV, or a zip holding one) in, a `mappings/coa/<country>/` folder out. */
export interface ExportFile {
  readonly path: string;
  readonly encoding?: string;
}

export interface ReadExport {
  readonly sha256: string;
  readonly bytes: number;
  readonly entryName: string | null;
}

/** Feeds every data row to the deriver; returns the SHA-256 of the CSV bytes (inside the zip, if zipped). */
export async function deriveFromExport(input: ExportFile, deriver: CoaDeriver): Promise<ReadExport> {
  const zipped = /\.zip$/i.test(input.path) ? await openZippedCsv(input.path, input.path) : null;
  const stream: Readable = zipped?.stream ?? createReadStream(input.path);
  const hash = createHash('sha256');
  let bytes = 0;
  const hashed = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  };
  try {
    let header: Map<string, number> | null = null;
    for await (const row of csvRows(decodeBytes(hashed(), input.encoding, input.path), ',', input.path)) {
      if (!header) {
        header = new Map(row.cells.map((name, index) => [headerName(name), index]));
        continue;
      }
      const columns = header;
      deriver.add((column) => {
        const index = columns.get(column);
        if (index === undefined) throw new Error(`${input.path}: no column ${column}`);
        return (row.cells[index] ?? '').trim();
      });
    }
  } finally {
    stream.destroy();
    zipped?.close();
  }
  return { sha256: hash.digest('hex'), bytes, entryName: zipped?.entryName ?? null };
}

/** Writes `coa.json`, one `<segment>.csv` per listed segment and `SOURCES.md`. */
export async function writeCoaFolder(out: string, coa: DerivedCoa, sources: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'coa.json'), `${JSON.stringify(coa.config, null, 2)}\n`);
  for (const segment of coa.config.segments) {
    if (!segment.codes) continue;
    const rows = (coa.codes.get(segment.id) ?? []).map((c) => [c.code, c.parent ?? '', c.level, c.name]);
    await writeFile(path.join(out, segment.codes), writeCsv(rows, ['code', 'parent', 'level', 'name']));
  }
  await writeFile(path.join(out, 'SOURCES.md'), sources);
}

/** "administrative 47 + 1363, functional 4 + 27 + 89, …": codes per level, for SOURCES.md. */
export function countsByLevel(coa: DerivedCoa): string[] {
  return coa.config.segments.map((segment) => {
    const codes = coa.codes.get(segment.id) ?? [];
    if (segment.open) return `- \`${segment.id}\` (${segment.levels.join(', ')}): open, any code accepted`;
    const counts = segment.levels.map((level, i) => `${codes.filter((c) => c.level === i + 1).length} ${level}`);
    return `- \`${segment.id}\` → \`${segment.codes ?? ''}\`: ${counts.join(' → ')}`;
  });
}
