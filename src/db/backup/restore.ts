import { sql } from 'kysely';
import type { Orm } from '../orm.js';
import {
  appliedMigrations,
  catalogDb,
  foreignKeys,
  sequenceNames,
  tableShapes,
  type CatalogDb,
  type SequenceValue,
  type TableShape,
} from './catalog.js';
import { BackupFileError, type BackupHeader } from './format.js';
import { openBackup } from './read.js';

export interface RestoreResult {
  readonly file: string;
  readonly createdAt: string;
  readonly tables: number;
  readonly rows: number;
  readonly seconds: number;
}

/** Rows sent to PostgreSQL in one statement, at most (and at most BATCH_CHARS of JSON). */
const BATCH_ROWS = 5000;
const BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Replaces every table's contents (but those in `leaveOut`) with a backup's, in one transaction: the foreign keys are
 * dropped, the tables emptied and filled, the sequences set, and the foreign keys made again (which
 * checks every row against them). A file that is not a whole backup made by this schema — foreign,
 * cut off, changed, of other migrations — is refused, before anything is touched or at the latest
 * before the commit: the database is then exactly as it was.
 */
export async function restoreDatabase(orm: Orm, file: string, leaveOut: readonly string[] = []): Promise<RestoreResult> {
  const started = performance.now();
  const backup = await openBackup(file);
  let total = 0;
  try {
    await catalogDb(orm.em.fork())
      .transaction()
      .execute(async (db) => {
        const tables = await checkMatches(db, backup.header, file, leaveOut);
        const keys = await foreignKeys(db);
        for (const key of keys) await sql<never>`alter table ${sql.table(key.table)} drop constraint ${sql.id(key.name)}`.execute(db);
        if (tables.size) await sql<never>`truncate ${sql.join([...tables.keys()].map((t) => sql.table(t)))}`.execute(db);
        const loaded = await load(db, backup, tables, file);
        total = loaded.rows;
        for (const key of keys)
          await sql<never>`alter table ${sql.table(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(db);
        // Last: setval is not undone by a rollback, so it runs once nothing else can refuse the file.
        await setSequences(db, loaded.sequences, file, leaveOut);
      });
  } finally {
    await backup.lines.return(undefined);
  }
  return {
    file,
    createdAt: backup.header.createdAt,
    tables: backup.header.tables.length,
    rows: total,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The database's tables, refusing a backup made by other migrations or with other columns. */
async function checkMatches(
  db: CatalogDb,
  header: BackupHeader,
  file: string,
  leaveOut: readonly string[],
): Promise<Map<string, TableShape>> {
  const applied = await appliedMigrations(db);
  const theirs = [...header.migrations].sort();
  if (theirs.join() !== applied.join()) {
    const last = (list: readonly string[]) => list.at(-1) ?? 'none';
    throw new BackupFileError(
      `${file} was made by a hub at migration ${last(theirs)}; this database is at ${last(applied)}: restore it with the tributary version that made it`,
    );
  }
  const tables = new Map((await tableShapes(db, leaveOut)).map((shape) => [shape.name, shape]));
  const named = new Set(header.tables.map((t) => t.name));
  for (const table of header.tables) {
    const shape = tables.get(table.name);
    if (!shape) throw new BackupFileError(`${file}: table ${table.name} is not in this database`);
    if ([...table.columns].sort().join() !== [...shape.columns].sort().join())
      throw new BackupFileError(
        `${file}: table ${table.name} has columns ${table.columns.join(', ')}; this database's has ${shape.columns.join(', ')}`,
      );
  }
  const missing = [...tables.keys()].filter((name) => !named.has(name));
  if (missing.length) throw new BackupFileError(`${file} has no table ${missing.join(', ')}`);
  return tables;
}

async function load(
  db: CatalogDb,
  backup: Awaited<ReturnType<typeof openBackup>>,
  tables: Map<string, TableShape>,
  file: string,
): Promise<{ rows: number; sequences: readonly SequenceValue[] }> {
  let sequences: readonly SequenceValue[] = [];
  const counts = new Map<string, number>();
  let table: TableShape | null = null;
  let batch: string[] = [];
  let chars = 0;
  let firstLine = 0;
  const flush = async (): Promise<void> => {
    if (!table || batch.length === 0) return;
    await insertRows(db, table, batch).catch((error: unknown) => {
      throw new BackupFileError(
        `${file}, lines ${firstLine}–${firstLine + batch.length - 1} (table ${table?.name}): ${(error as Error).message}`,
      );
    });
    counts.set(table.name, (counts.get(table.name) ?? 0) + batch.length);
    batch = [];
    chars = 0;
  };
  for await (const { line, entry } of backup.lines) {
    if (entry.tag === 'R') {
      if (!table) throw new BackupFileError(`${file}, line ${line}: a row before any table`);
      if (batch.length === 0) firstLine = line;
      batch.push(entry.json);
      chars += entry.json.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
      continue;
    }
    await flush();
    if (entry.tag === 'T') {
      table = tables.get(entry.table) ?? null;
      if (!table || counts.has(entry.table)) throw new BackupFileError(`${file}, line ${line}: table ${entry.table} is not expected here`);
      counts.set(entry.table, 0);
    } else if (entry.tag === 'S') {
      sequences = entry.sequences;
      table = null;
    } else if (entry.tag === 'E') {
      for (const [name, rows] of Object.entries(entry.trailer.rows))
        if ((counts.get(name) ?? -1) !== rows)
          throw new BackupFileError(`${file}: table ${name} should have ${rows} rows; the file holds ${counts.get(name) ?? 0}`);
      if (counts.size !== Object.keys(entry.trailer.rows).length)
        throw new BackupFileError(`${file}: its end line does not list every table`);
    } else throw new BackupFileError(`${file}, line ${line}: a second header`);
  }
  return { rows: [...counts.values()].reduce((a, b) => a + b, 0), sequences };
}

async function insertRows(db: CatalogDb, table: TableShape, rows: readonly string[]): Promise<void> {
  const columns = sql.join(table.writable.map((column) => sql.id(column)));
  const json = `[${rows.join(',')}]`;
  await sql<never>`insert into ${sql.table(table.name)} (${columns}) overriding system value
    select ${columns} from jsonb_populate_recordset(null::${sql.table(table.name)}, ${json}::jsonb)`.execute(db);
}

async function setSequences(db: CatalogDb, sequences: readonly SequenceValue[], file: string, leaveOut: readonly string[]) {
  const known = new Set(await sequenceNames(db, leaveOut));
  const unknown = sequences.filter((sequence) => !known.has(sequence.name));
  if (unknown.length) throw new BackupFileError(`${file}: sequence ${unknown.map((s) => s.name).join(', ')} is not in this database`);
  for (const sequence of sequences) {
    await sql<never>`select setval(${sql.lit(sequence.name)}::regclass, ${sequence.lastValue}::bigint, ${sequence.isCalled})`.execute(db);
  }
}
