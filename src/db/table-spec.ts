import { sql, type RawBuilder } from 'kysely';

/**
 * A table's columns as an import writes them: name, SQL type and how to read the value from a
 * source object. Rows travel as JSON arrays in column order (no repeated keys: a third of the
 * size of objects) and PostgreSQL reads them back with `jsonb_array_elements`, as fast as COPY
 * and through an ordinary bind parameter on both PostgreSQL and PGlite.
 */
export type SqlType = 'text' | 'int' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'json';

export interface Column<T> {
  readonly name: string;
  readonly type: SqlType;
  readonly value: (source: T) => unknown;
}

export interface TableSpec<T> {
  readonly table: string;
  readonly columns: readonly Column<T>[];
}

export function column<T>(name: string, type: SqlType, value: (source: T) => unknown): Column<T> {
  return { name, type, value };
}

/** One row as a JSON-ready array in column order. */
export function toRow<T>(spec: TableSpec<T>, source: T): unknown[] {
  return spec.columns.map((c) => {
    const value = c.value(source);
    return value === undefined ? null : value;
  });
}

export function columnList<T>(spec: TableSpec<T>): RawBuilder<unknown> {
  return sql.raw(spec.columns.map((c) => `"${c.name}"`).join(', '));
}

/** `(r->>0)::int as "seq", r->>1 as "ref" …`: the typed values of a jsonb array `alias`, in column order. */
export function columnValues<T>(spec: TableSpec<T>, alias: string): RawBuilder<unknown> {
  return sql.raw(spec.columns.map((c, i) => `${cast(alias, i, c.type)} as "${c.name}"`).join(', '));
}

export function cast(alias: string, index: number, type: SqlType): string {
  if (type === 'json') return `(${alias}->${index})::json`;
  if (type === 'text') return `${alias}->>${index}`;
  return `(${alias}->>${index})::${type}`;
}

export function indexOf<T>(spec: TableSpec<T>, name: string): number {
  const index = spec.columns.findIndex((c) => c.name === name);
  if (index < 0) throw new Error(`${spec.table} has no column ${name}`);
  return index;
}

/** Writes rows a few thousand at a time, each chunk one statement (a bind parameter stays a sane size). */
export async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>, size = 5000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
