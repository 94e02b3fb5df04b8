import { readFile } from 'node:fs/promises';
import { checkEncoding } from '../formats/decode.js';
import { TributaryError } from '../../src/errors.js';
import { FILE_SPECS, RECORD_TYPES, type RecordType } from './columns.js';

/**
 * How to read another registry's export as ours: a JSON file naming, per record type, the file
 * (or sheet) that holds it, the file's own column for each of our columns, and the file's own
 * values for our enumerations. Everything is optional; what a map leaves out is read as in our
 * own export (see columns.ts). Example, for an export whose individuals come as `beneficiaries.csv`:
 *
 * ```json
 * {
 *   "name": "district-mis-2024",
 *   "description": "Beneficiary export of a district MIS, dates day first",
 *   "delimiter": ";",
 *   "encoding": "windows-1252",
 *   "dateFormat": "DD/MM/YYYY",
 *   "numbers": { "thousands": ",", "decimal": "." },
 *   "files": {
 *     "individuals": {
 *       "file": "beneficiaries.csv",
 *       "columns": { "individual_key": "ID", "given_name": "First Name", "family_name": "Surname",
 *                    "sex": "Gender", "date_of_birth": "DOB", "area_code": "Village Code" },
 *       "values": { "sex": { "Female": "F", "Male": "M" } },
 *       "ignore": ["Remarks"]
 *     },
 *     "programmes": { "sheet": "Programmes", "columns": { "country": { "value": "MW" } } }
 *   }
 * }
 * ```
 *
 * - `files` is keyed by record type: programmes, areas, households, individuals, memberships,
 *   enrolments, payments, grievances, household-changes.
 * - `file`: the CSV file's name in the folder (default `<type>.csv`); `sheet`: the sheet's name in
 *   any XLSX workbook of the folder (default `<type>`). Names match without regard to case.
 * - `columns`: our column → the file's column name, or `{ "value": "…" }` for a value the file
 *   does not carry (the same for every row). Columns not listed are looked for under our name.
 * - `values`: our column → { the file's text → ours }, applied before the value is checked
 *   (enumerations, `true`/`false`, even codes). Enumerations also match without regard to case.
 * - `ignore`: the file's columns that are deliberately not read (any other column we do not know
 *   is reported, so that a misspelt column name is never silently dropped).
 * - `dateFormat`: how every date is written, with `YYYY`, `MM` and `DD` (one- or two-digit months
 *   and days accepted) and any separators; default `YYYY-MM-DD`. Date cells of a workbook need none.
 * - `numbers`: thousands and decimal separators of amounts written as text (default: none, ".").
 * - `delimiter` (default `,`) and `encoding` (default UTF-8) apply to every CSV file.
 */
export interface Constant {
  readonly value: string;
}

export interface RegistryFileMap {
  readonly file?: string;
  readonly sheet?: string;
  readonly columns?: Readonly<Record<string, string | Constant>>;
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly ignore?: readonly string[];
}

export interface RegistryColumnMap {
  readonly name: string;
  readonly description?: string;
  readonly delimiter?: string;
  readonly encoding?: string;
  readonly dateFormat?: string;
  readonly numbers?: { readonly thousands?: string; readonly decimal?: string };
  readonly files?: Readonly<Partial<Record<RecordType, RegistryFileMap>>>;
}

function mapError(map: { name?: unknown }, field: string, message: string): TributaryError {
  return new TributaryError('BAD_USER_INPUT', `column map ${String(map.name ?? '(unnamed)')}, ${field}: ${message}`, { field });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A map is configuration: its mistakes are thrown (naming the map and the field) before any file is read. */
export function checkRegistryColumnMap(map: RegistryColumnMap): void {
  if (typeof map.name !== 'string' || !map.name) throw mapError(map, 'name', 'the map needs a name');
  if (map.delimiter !== undefined && (typeof map.delimiter !== 'string' || map.delimiter.length !== 1)) {
    throw mapError(map, 'delimiter', 'must be one character');
  }
  checkEncoding(map.encoding, map.name);
  if (map.dateFormat !== undefined) {
    const format = map.dateFormat;
    if (typeof format !== 'string' || !['YYYY', 'MM', 'DD'].every((token) => format.split(token).length === 2)) {
      throw mapError(map, 'dateFormat', 'write it with YYYY, MM and DD once each, e.g. "DD/MM/YYYY"');
    }
  }
  const { thousands, decimal = '.' } = map.numbers ?? {};
  if (thousands !== undefined && (thousands === decimal || /\d/.test(thousands))) {
    throw mapError(map, 'numbers', `thousands separator "${thousands}" must differ from the decimal separator and not be a digit`);
  }
  if (decimal.length !== 1 || /[\d-]/.test(decimal)) throw mapError(map, 'numbers.decimal', `"${decimal}" cannot be a decimal separator`);
  if (map.files !== undefined && !isRecord(map.files)) throw mapError(map, 'files', 'must be an object keyed by record type');
  for (const [type, file] of Object.entries(map.files ?? {})) checkFileMap(map, type, file);
}

function checkFileMap(map: RegistryColumnMap, type: string, file: unknown): void {
  const at = `files.${type}`;
  if (!(RECORD_TYPES as readonly string[]).includes(type)) throw mapError(map, at, `not a record type (${RECORD_TYPES.join(', ')})`);
  if (!isRecord(file)) throw mapError(map, at, 'must be an object');
  const ours = new Set(FILE_SPECS[type as RecordType].columns.map((column) => column.name));
  const known = [...ours].join(', ');
  for (const name of ['file', 'sheet'] as const) {
    if (file[name] !== undefined && (typeof file[name] !== 'string' || !file[name])) throw mapError(map, `${at}.${name}`, 'give a name');
  }
  const columns = file.columns ?? {};
  if (!isRecord(columns)) throw mapError(map, `${at}.columns`, 'must be an object: our column → the file’s column');
  for (const [column, source] of Object.entries(columns)) {
    if (!ours.has(column)) throw mapError(map, `${at}.columns.${column}`, `${type} has no column ${column} (it has ${known})`);
    const ok = typeof source === 'string' ? source.trim() !== '' : isRecord(source) && typeof source.value === 'string';
    if (!ok) throw mapError(map, `${at}.columns.${column}`, 'give the file’s column name or { "value": "…" }');
  }
  const values = file.values ?? {};
  if (!isRecord(values)) throw mapError(map, `${at}.values`, 'must be an object: our column → { the file’s text → ours }');
  for (const [column, table] of Object.entries(values)) {
    if (!ours.has(column)) throw mapError(map, `${at}.values.${column}`, `${type} has no column ${column} (it has ${known})`);
    if (!isRecord(table) || !Object.values(table).every((v) => typeof v === 'string')) {
      throw mapError(map, `${at}.values.${column}`, 'must map the file’s text to ours, both strings');
    }
  }
  const ignore = file.ignore ?? [];
  if (!Array.isArray(ignore) || !ignore.every((c) => typeof c === 'string')) throw mapError(map, `${at}.ignore`, 'list column names');
}

/** A registry column map from a JSON file; checked here, before any export is read with it. */
export async function loadRegistryColumnMap(path: string): Promise<RegistryColumnMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new TributaryError('FILE_NOT_FOUND', `cannot read column map ${path}: no such file`, { file: path });
  }
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch (error) {
    throw new TributaryError(
      'BAD_USER_INPUT',
      `column map ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        file: path,
      },
    );
  }
  if (!isRecord(map)) throw new TributaryError('BAD_USER_INPUT', `column map ${path} must be a JSON object`, { file: path });
  checkRegistryColumnMap(map as unknown as RegistryColumnMap);
  return map as unknown as RegistryColumnMap;
}
