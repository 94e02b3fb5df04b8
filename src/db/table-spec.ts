import {
  BooleanType,
  DateTimeType,
  DateType,
  DecimalType,
  IntegerType,
  JsonType,
  ReferenceKind,
  TextType,
  UnderscoreNamingStrategy,
  type EntityMetadata,
  type EntityProperty,
  type EntitySchema,
} from '@mikro-orm/core';
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

/** Reads one value of a column from a source object. */
export type ValueOf<S> = (source: S) => unknown;

/**
 * A TableSpec whose table name, column names and SQL types come from `entity` (its defineEntity
 * schema), in the order `values` lists them; only how to read each value is written here, keyed
 * by the entity's property names (a misspelled or unknown property does not compile). A
 * many-to-one property writes its foreign key column (`report` → `report_id`).
 */
export function entityTable<E, S>(entity: EntitySchema<E, never>, values: { readonly [K in keyof E & string]?: ValueOf<S> }): TableSpec<S> {
  const meta = entity.meta;
  const columns = Object.entries(values as Record<string, ValueOf<S> | undefined>).map(([property, value]) => {
    const prop = (meta.properties as Record<string, EntityProperty | undefined>)[property];
    if (!prop || !value) throw new Error(`${meta.className} has no property ${property}`);
    return column<S>(columnName(property, prop), sqlType(meta, property, prop), value);
  });
  return { table: tableName(meta), columns };
}

const naming = new UnderscoreNamingStrategy();

function tableName(meta: EntityMetadata): string {
  return meta.tableName ?? naming.classToTableName(meta.className);
}

function columnName(property: string, prop: EntityProperty): string {
  if (prop.fieldNames?.[0]) return prop.fieldNames[0];
  return prop.kind === ReferenceKind.MANY_TO_ONE ? naming.joinKeyColumnName(property) : naming.propertyToColumnName(property);
}

const SQL_TYPES: readonly (readonly [abstract new (...args: never[]) => unknown, SqlType])[] = [
  [IntegerType, 'int'],
  [TextType, 'text'],
  [DecimalType, 'numeric'],
  [DateType, 'date'],
  [DateTimeType, 'timestamptz'],
  [BooleanType, 'boolean'],
  [JsonType, 'json'],
];

/** The column's SQL type from its MikroORM type (a reference takes its target's primary key type). */
function sqlType(meta: EntityMetadata, property: string, prop: EntityProperty): SqlType {
  if (prop.kind === ReferenceKind.MANY_TO_ONE) {
    const target = (prop.entity as () => EntitySchema).call(undefined).meta;
    const primary = Object.entries<EntityProperty>(target.properties).find(([, p]) => p.primary);
    if (!primary) throw new Error(`${target.className} has no primary key`);
    return sqlType(target, primary[0], primary[1]);
  }
  const type: unknown = prop.type;
  const found = SQL_TYPES.find(([cls]) => type === cls || type instanceof cls);
  if (!found) throw new Error(`${meta.className}.${property}: no bulk-write SQL type for ${String(prop.type)}`);
  return found[1];
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

/** `insert into <table> (<columns>) select … from jsonb_array_elements(<rows>)`: any number of rows in one statement. */
export function insertRows<T>(spec: TableSpec<T>, sources: readonly T[]): RawBuilder<never> {
  const rows = JSON.stringify(sources.map((source) => toRow(spec, source)));
  return sql<never>`insert into ${sql.table(spec.table)} (${columnList(spec)})
    select ${columnValues(spec, 'r')} from jsonb_array_elements(${rows}::jsonb) as r`;
}
