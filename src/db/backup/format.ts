import type { SequenceValue, TableShape } from './catalog.js';

/**
 * A tributary backup: gzip of UTF-8 lines, each a one-letter tag, a space and JSON.
 *
 *   H {"format":"tributary-backup","version":1,"createdAt":…,"migrations":[…],"tables":[{"name","columns"}…]}
 *   T {"name":"aid_activity"}          then that table's rows, one R line each (PostgreSQL's to_jsonb)
 *   R {"id":1,"iati_identifier":"…"}
 *   S [{"name","lastValue","isCalled"}…]
 *   E {"rows":{"aid_activity":2100,…},"sha256":"…"}   the SHA-256 of every line before it
 *
 * Rows stay PostgreSQL's own JSON text from the dump to the restore (never parsed into JavaScript
 * numbers), so decimals and timestamps come back exactly. The end line is what makes a file whole:
 * without it, or with another hash or count, a restore refuses the file.
 */
export const FORMAT = 'tributary-backup';
export const VERSION = 1;

export interface BackupHeader {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly createdAt: string;
  /** `pglite` or `postgresql`: where it was made (a backup restores into either). */
  readonly madeOn: string;
  readonly migrations: readonly string[];
  readonly tables: readonly Pick<TableShape, 'name' | 'columns'>[];
}

export interface BackupTrailer {
  readonly rows: Readonly<Record<string, number>>;
  readonly sha256: string;
}

export type BackupLine =
  | { readonly tag: 'H'; readonly header: BackupHeader }
  | { readonly tag: 'T'; readonly table: string }
  | { readonly tag: 'R'; readonly json: string }
  | { readonly tag: 'S'; readonly sequences: readonly SequenceValue[] }
  | { readonly tag: 'E'; readonly trailer: BackupTrailer };

/** A backup file that cannot be restored, and why (the file, and the line where it is known). */
export class BackupFileError extends Error {
  readonly code = 'BAD_BACKUP';
}

export function headerLine(header: BackupHeader): string {
  return `H ${JSON.stringify(header)}\n`;
}

function parseJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackupFileError(`${file}, line ${line}: not JSON`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function checkHeader(value: unknown, file: string): BackupHeader {
  if (!isObject(value) || value.format !== FORMAT) throw new BackupFileError(`${file} is not a tributary backup`);
  if (value.version !== VERSION)
    throw new BackupFileError(`${file} is a tributary backup of format ${String(value.version)}; this version reads format ${VERSION}`);
  const tables = value.tables;
  const tablesOk = Array.isArray(tables) && tables.every((t) => isObject(t) && typeof t.name === 'string' && isStringArray(t.columns));
  if (typeof value.createdAt !== 'string' || typeof value.madeOn !== 'string' || !isStringArray(value.migrations) || !tablesOk)
    throw new BackupFileError(`${file}, line 1: the backup's header is damaged`);
  return value as unknown as BackupHeader;
}

function checkSequences(value: unknown, file: string, line: number): SequenceValue[] {
  const ok =
    Array.isArray(value) &&
    value.every(
      (s) =>
        isObject(s) &&
        typeof s.name === 'string' &&
        typeof s.lastValue === 'string' &&
        /^-?\d+$/.test(s.lastValue) &&
        typeof s.isCalled === 'boolean',
    );
  if (!ok) throw new BackupFileError(`${file}, line ${line}: the sequence values are damaged`);
  return value as SequenceValue[];
}

function checkTrailer(value: unknown, file: string, line: number): BackupTrailer {
  const rows = isObject(value) ? value.rows : null;
  const ok =
    isObject(value) &&
    typeof value.sha256 === 'string' &&
    isObject(rows) &&
    Object.values(rows).every((n) => Number.isInteger(n) && (n as number) >= 0);
  if (!ok) throw new BackupFileError(`${file}, line ${line}: the end line is damaged`);
  return value as unknown as BackupTrailer;
}

/** One line of a backup (without its newline), checked for its shape; rows are checked by PostgreSQL. */
export function parseLine(text: string, file: string, line: number): BackupLine {
  const tag = text.slice(0, 2);
  const body = text.slice(2);
  if (line === 1) {
    if (tag !== 'H ') throw new BackupFileError(`${file} is not a tributary backup (its first line is not a backup header)`);
    return { tag: 'H', header: checkHeader(parseJson(body, file, line), file) };
  }
  switch (tag) {
    case 'R ':
      if (!body.startsWith('{') || !body.endsWith('}')) throw new BackupFileError(`${file}, line ${line}: a row that is not a JSON object`);
      return { tag: 'R', json: body };
    case 'T ': {
      const value = parseJson(body, file, line);
      if (!isObject(value) || typeof value.name !== 'string') throw new BackupFileError(`${file}, line ${line}: a damaged table line`);
      return { tag: 'T', table: value.name };
    }
    case 'S ':
      return { tag: 'S', sequences: checkSequences(parseJson(body, file, line), file, line) };
    case 'E ':
      return { tag: 'E', trailer: checkTrailer(parseJson(body, file, line), file, line) };
    default:
      throw new BackupFileError(`${file}, line ${line}: not a line of a tributary backup`);
  }
}
