import { sql, type Kysely } from 'kysely';
import { domainKysely, type EntityManager } from '../orm.js';

/**
 * What a backup holds and a restore writes, read from PostgreSQL's catalog for the current schema
 * (the same on PGlite): every table with its columns, the sequences, the foreign keys. A backup is
 * of the whole database, so this layer names no domain's tables.
 */
export type CatalogDb = Kysely<Record<string, never>>;

export function catalogDb(em: EntityManager): CatalogDb {
  return domainKysely<Record<string, never>>(em);
}

/**
 * Not data: the migrator's own ledger (a backup records its names instead). The caller names any
 * other table to leave out (`leaveOut`): the sync domain its record of backups, kept across restores.
 */
const MIGRATOR_TABLE = 'mikro_orm_migrations';

/** The tables a backup leaves out: the migrator's and those the caller names. */
export function leftOut(leaveOut: readonly string[]): readonly string[] {
  return [MIGRATOR_TABLE, ...leaveOut];
}

export interface TableShape {
  readonly name: string;
  /** Every column, in table order. */
  readonly columns: readonly string[];
  /** The columns a restore writes (not the generated ones). */
  readonly writable: readonly string[];
}

export async function tableShapes(db: CatalogDb, leaveOut: readonly string[]): Promise<TableShape[]> {
  const skipped = leftOut(leaveOut);
  const { rows } = await sql<{ table: string; column: string; generated: boolean }>`
    select c.table_name as table, c.column_name as column, c.is_generated = 'ALWAYS' as generated
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const shapes = new Map<string, { name: string; columns: string[]; writable: string[] }>();
  for (const row of rows) {
    if (skipped.includes(row.table)) continue;
    const shape = shapes.get(row.table) ?? { name: row.table, columns: [], writable: [] };
    shapes.set(row.table, shape);
    shape.columns.push(row.column);
    if (!row.generated) shape.writable.push(row.column);
  }
  return [...shapes.values()];
}

/** The migrations the database has applied, in name (= date) order. */
export async function appliedMigrations(db: CatalogDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from mikro_orm_migrations order by name`.execute(db);
  return rows.map((row) => row.name);
}

export interface SequenceValue {
  readonly name: string;
  readonly lastValue: string;
  readonly isCalled: boolean;
}

/** The schema's sequences but those of the tables not backed up (whose ids a restore leaves running on). */
export async function sequenceNames(db: CatalogDb, leaveOut: readonly string[]): Promise<string[]> {
  const skipped = leftOut(leaveOut);
  const { rows } = await sql<{ name: string }>`
    select sequence_name as name from information_schema.sequences where sequence_schema = current_schema() order by 1`.execute(db);
  return rows.map((row) => row.name).filter((name) => !skipped.some((table) => name.startsWith(`${table}_`)));
}

export async function sequenceValues(db: CatalogDb, leaveOut: readonly string[]): Promise<SequenceValue[]> {
  const values: SequenceValue[] = [];
  for (const name of await sequenceNames(db, leaveOut)) {
    const { rows } = await sql<{ last_value: string; is_called: boolean }>`
      select last_value::text as last_value, is_called from ${sql.table(name)}`.execute(db);
    const row = rows[0];
    if (row) values.push({ name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return values;
}

export interface ForeignKey {
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

/** The schema's foreign keys, with the definition that re-creates each. */
export async function foreignKeys(db: CatalogDb): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    select t.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k join pg_class t on t.oid = k.conrelid
    where k.contype = 'f' and k.connamespace = current_schema()::regnamespace
    order by t.relname, k.conname`.execute(db);
  return rows;
}
