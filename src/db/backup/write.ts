import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import { isEmbedded, type Orm } from '../orm.js';
import { appliedMigrations, catalogDb, sequenceValues, tableShapes, type CatalogDb } from './catalog.js';
import { FORMAT, headerLine, VERSION } from './format.js';

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  /** SHA-256 of the backup's lines (the file's end line repeats it). */
  readonly sha256: string;
  readonly tables: number;
  readonly rows: number;
  readonly seconds: number;
}

/** Rows fetched from the cursor at a time: enough to keep the round trips few, few enough to keep memory flat. */
const FETCH = 2000;

/**
 * Writes the whole database to `file`: every table, row by row, read in one transaction
 * (`repeatable read`, so one snapshot however long it takes, while imports go on committing), and
 * the sequences (but the tables in `leaveOut`). Written to `.<name>.partial` beside it, flushed to disk, and renamed only when
 * complete: a backup that failed half-way leaves no file a restore could take for a whole one.
 */
export async function backupDatabase(orm: Orm, file: string, leaveOut: readonly string[] = []): Promise<BackupResult> {
  const started = performance.now();
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  const handle = await open(partial, 'w').catch((error: unknown) => {
    throw backupWriteError(error, file);
  });
  const gzip = createGzip();
  const written = pipeline(gzip, handle.createWriteStream({ flush: true }));
  written.catch(() => undefined); // awaited below; a write that fails (a full disk) rejects the wait for drain
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  const write = async (text: string): Promise<void> => {
    hash.update(text);
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    await snapshot(orm, async (db) => {
      const tables = await tableShapes(db, leaveOut);
      await write(
        headerLine({
          format: FORMAT,
          version: VERSION,
          createdAt: new Date().toISOString(),
          madeOn: isEmbedded(orm) ? 'pglite' : 'postgresql',
          migrations: await appliedMigrations(db),
          tables: tables.map(({ name, columns }) => ({ name, columns })),
        }),
      );
      for (const table of tables) {
        await write(`T ${JSON.stringify({ name: table.name })}\n`);
        counts[table.name] = await dumpRows(db, table.name, write);
      }
      await write(`S ${JSON.stringify(await sequenceValues(db, leaveOut))}\n`);
    });
    const sha256 = hash.digest('hex');
    gzip.end(`E ${JSON.stringify({ rows: counts, sha256 })}\n`);
    await written;
    await rename(partial, file);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const { size } = await stat(file);
    return { file, bytes: size, sha256, tables: Object.keys(counts).length, rows, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error instanceof BackupWriteError ? error : backupWriteError(error, file);
  }
}

class BackupWriteError extends Error {}

function backupWriteError(error: unknown, file: string): BackupWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? `the folder ${path.dirname(file)} does not exist`
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EACCES' || code === 'EROFS'
          ? `the folder ${path.dirname(file)} cannot be written`
          : error instanceof Error
            ? error.message
            : String(error);
  return new BackupWriteError(`backup to ${file} failed: ${why}; no backup was written`);
}

/** Runs `read` in one read-only `repeatable read` transaction: everything it reads is one snapshot. */
async function snapshot(orm: Orm, read: (db: CatalogDb) => Promise<void>): Promise<void> {
  await catalogDb(orm.em.fork()).transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}

async function dumpRows(db: CatalogDb, table: string, write: (text: string) => Promise<void>): Promise<number> {
  let count = 0;
  await sql<never>`declare backup_rows no scroll cursor for select to_jsonb(t)::text as row from ${sql.table(table)} t`.execute(db);
  for (;;) {
    const { rows } = await sql<{ row: string }>`fetch forward ${sql.raw(String(FETCH))} from backup_rows`.execute(db);
    if (rows.length === 0) break;
    count += rows.length;
    await write(rows.map((r) => `R ${r.row}\n`).join(''));
  }
  await sql<never>`close backup_rows`.execute(db);
  return count;
}
