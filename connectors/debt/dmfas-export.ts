import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { readCsvTable, type CsvTable } from '../formats/csv-table.js';
import { DMFAS_TABLES, type DmfasTable } from './dmfas-layout.js';
import type { ProblemList } from './problems.js';

/**
 * Finds and reads the four tables of a DMFAS-style export, from a folder or a `.zip` (the tables
 * at its root or together in one folder inside it). I/O only: the tables go to `parseDmfas`.
 */
export type DmfasTables = Readonly<Record<DmfasTable, CsvTable | null>>;

export interface ExportReadOptions {
  readonly path: string;
  readonly displayName: string;
  readonly problems: ProblemList;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, bytesTotal: number, rows: number) => void;
}

/** A zip entry larger than this is refused before it is inflated. */
const MAX_TABLE_BYTES = 512 * 1024 * 1024;
const NAMES = Object.entries(DMFAS_TABLES) as [DmfasTable, string][];

interface FoundTable {
  readonly file: string;
  readonly size: number;
  open(): Promise<Readable>;
}

export async function readDmfasExport(options: ExportReadOptions): Promise<DmfasTables> {
  const zip = options.path.toLowerCase().endsWith('.zip');
  const located = zip ? await locateInZip(options) : await locateInFolder(options);
  try {
    const total = [...located.tables.values()].reduce((sum, t) => sum + t.size, 0);
    let bytes = 0;
    let rowsBefore = 0;
    const tables: Partial<Record<DmfasTable, CsvTable | null>> = {};
    for (const [table, name] of NAMES) {
      const found = located.tables.get(table);
      if (!found) {
        options.problems.add(
          `${options.displayName}/${name}`,
          null,
          null,
          `missing: a DMFAS export has ${Object.values(DMFAS_TABLES).join(', ')}`,
        );
        tables[table] = null;
        continue;
      }
      let rows = 0;
      tables[table] = await readCsvTable(await found.open(), {
        file: found.file,
        problems: options.problems,
        ...(options.signal ? { signal: options.signal } : {}),
        onBytes: (n) => {
          bytes += n;
          options.onProgress?.(bytes, total, rowsBefore + rows);
        },
        onRows: (n) => {
          rows = n;
          options.onProgress?.(bytes, total, rowsBefore + rows);
        },
      });
      rowsBefore += rows;
    }
    return tables as DmfasTables;
  } finally {
    located.close();
  }
}

async function locateInFolder(options: ExportReadOptions): Promise<{ tables: Map<DmfasTable, FoundTable>; close(): void }> {
  const tables = new Map<DmfasTable, FoundTable>();
  for (const [table, name] of NAMES) {
    const file = path.join(options.path, name);
    const size = await stat(file).then(
      (s) => (s.isFile() ? s.size : null),
      () => null,
    );
    if (size === null) continue;
    tables.set(table, {
      file: `${options.displayName}/${name}`,
      size,
      open: async () => createReadStream(file, { highWaterMark: 256 * 1024 }),
    });
  }
  return { tables, close: () => undefined };
}

async function locateInZip(options: ExportReadOptions): Promise<{ tables: Map<DmfasTable, FoundTable>; close(): void }> {
  const { problems, displayName } = options;
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(options.path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    problems.add(displayName, null, null, `not a readable zip file: ${(error as Error).message}`);
    return { tables: new Map(), close: () => undefined };
  }
  const entries = await listEntries(zipfile).catch((error: unknown) => {
    problems.add(displayName, null, null, `not a readable zip file: ${(error as Error).message}`);
    return [];
  });
  const tables = new Map<DmfasTable, FoundTable>();
  const folders = new Set<string>();
  for (const entry of entries) {
    if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
    const base = path.posix.basename(entry.fileName).toLowerCase();
    const table = NAMES.find(([, name]) => name === base)?.[0];
    if (!table) continue;
    const file = `${displayName}/${entry.fileName}`;
    if (tables.has(table)) {
      problems.add(
        file,
        null,
        null,
        `a second ${base} in the zip (the first is ${tables.get(table)?.file ?? ''}); put one export in a zip`,
      );
      continue;
    }
    if (entry.uncompressedSize > MAX_TABLE_BYTES) {
      problems.add(file, null, null, `inflates to ${entry.uncompressedSize} bytes, more than the ${MAX_TABLE_BYTES} a table may have`);
      continue;
    }
    folders.add(path.posix.dirname(entry.fileName));
    tables.set(table, { file, size: entry.uncompressedSize, open: () => zipfile.openReadStreamPromise(entry) });
  }
  if (folders.size > 1)
    problems.add(
      displayName,
      null,
      null,
      `the tables are in different folders of the zip (${[...folders].join(', ')}); keep them together`,
    );
  return { tables, close: () => zipfile.close() };
}

function listEntries(zipfile: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zipfile.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once('end', () => resolve(entries));
    zipfile.once('error', reject);
    zipfile.readEntry();
  });
}
