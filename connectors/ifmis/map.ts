import { readFile } from 'node:fs/promises';
import { TributaryError } from '../../src/errors.js';
import type { Coa } from '../../src/finance/coa/load.js';
import type { ColumnMap, ColumnRef, SubtotalRows } from './column-map.js';
import { checkEncoding } from '../formats/decode.js';
import { BUDGET_STAGES, type BudgetStage } from './types.js';

/**
 * Column maps are configuration: a mistake in one is reported (naming the map and the field)
 * before any file is read, so it is never mistaken for a problem in the data.
 */
function mapError(map: { name?: unknown }, field: string, message: string): TributaryError {
  return new TributaryError('BAD_USER_INPUT', `column map ${String(map.name ?? '(unnamed)')}, ${field}: ${message}`, { field });
}

function isStage(value: unknown): value is BudgetStage {
  return typeof value === 'string' && (BUDGET_STAGES as readonly string[]).includes(value);
}

function checkRef(map: ColumnMap, field: string, ref: ColumnRef | undefined): void {
  const ok = typeof ref === 'string' ? ref.trim() !== '' : typeof ref === 'object' && ref !== null && typeof ref.value === 'string';
  if (!ok) throw mapError(map, field, 'give a column name or { "value": "…" }');
}

export function checkColumnMap(map: ColumnMap, coa: Coa): void {
  if (typeof map.name !== 'string' || !map.name) throw mapError(map, 'name', 'the map needs a name');
  if (map.country?.toUpperCase() !== coa.config.country) {
    throw mapError(map, 'country', `"${map.country}" does not match the chart of accounts (${coa.config.country})`);
  }
  if (map.format !== undefined && map.format !== 'csv' && map.format !== 'xlsx') throw mapError(map, 'format', 'must be csv or xlsx');
  checkEncoding(map.encoding, map.name);
  if (map.delimiter !== undefined && map.delimiter.length !== 1) throw mapError(map, 'delimiter', 'must be one character');
  if (map.headerRow !== undefined && !(Number.isInteger(map.headerRow) && map.headerRow >= 1)) {
    throw mapError(map, 'headerRow', 'must be a whole number from 1');
  }
  checkRef(map, 'fiscalYear', map.fiscalYear);
  checkRef(map, 'currency', map.currency);
  const { thousands, decimal = '.' } = map.numbers ?? {};
  if (thousands !== undefined && (thousands === decimal || /\d/.test(thousands))) {
    throw mapError(map, 'numbers', `thousands separator "${thousands}" must differ from the decimal separator and not be a digit`);
  }
  if (decimal.length !== 1 || /[\d-]/.test(decimal)) throw mapError(map, 'numbers.decimal', `"${decimal}" cannot be a decimal separator`);
  const segments = Object.entries(map.segments ?? {});
  if (segments.length === 0) throw mapError(map, 'segments', 'name at least one segment');
  for (const [id, segment] of segments) {
    if (!coa.segment(id)) {
      const known = [...coa.segments.keys()].join(', ');
      throw mapError(map, `segments.${id}`, `${coa.config.country}'s chart of accounts has no segment ${id} (it has ${known})`);
    }
    if (!Array.isArray(segment.columns) || segment.columns.length === 0 || !segment.columns.every((c) => typeof c === 'string' && c)) {
      throw mapError(map, `segments.${id}.columns`, 'list the columns that make the code, top level first');
    }
  }
  const wide = Object.entries(map.amounts ?? {});
  if (wide.length > 0 === (map.long !== undefined))
    throw mapError(map, 'amounts', 'give either amounts (wide) or long, not both or neither');
  for (const [stage, column] of wide) {
    if (!isStage(stage)) throw mapError(map, `amounts.${stage}`, `not a stage (${BUDGET_STAGES.join(', ')})`);
    if (typeof column !== 'string' || !column) throw mapError(map, `amounts.${stage}`, 'give the amount column');
  }
  if (map.long) {
    if (!map.long.amount || !map.long.stage) throw mapError(map, 'long', 'give the amount and stage columns');
    const stages = Object.entries(map.long.stages ?? {});
    if (stages.length === 0) throw mapError(map, 'long.stages', "map the stage column's values to stages");
    for (const [value, stage] of stages) {
      if (!isStage(stage)) throw mapError(map, `long.stages.${value}`, `"${String(stage)}" is not a stage (${BUDGET_STAGES.join(', ')})`);
    }
  }
  if (map.subtotals) checkSubtotalRows(map, map.subtotals);
  checkFields(map);
}

function checkSubtotalRows(map: ColumnMap, subtotals: SubtotalRows): void {
  if (!subtotals.column || !(subtotals.values?.length || subtotals.pattern)) {
    throw mapError(map, 'subtotals', 'give the marker column and the values, or the pattern, that mark a subtotal row');
  }
  if (subtotals.pattern === undefined) return;
  if (typeof subtotals.pattern !== 'string' || subtotals.pattern.length > MAX_PATTERN)
    throw mapError(map, 'subtotals.pattern', `give a regular expression of at most ${MAX_PATTERN} characters`);
  try {
    new RegExp(subtotals.pattern, 'iu');
  } catch (error) {
    throw mapError(map, 'subtotals.pattern', `not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const MAX_PATTERN = 200;

/** What a column map may say: a field the reader does not know would name a column it never reads. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'name',
    'description',
    'country',
    'format',
    'encoding',
    'delimiter',
    'headerRow',
    'sheet',
    'fiscalYear',
    'currency',
    'numbers',
    'segments',
    'amounts',
    'long',
    'subtotals',
  ],
  numbers: ['thousands', 'decimal'],
  long: ['amount', 'stage', 'stages'],
  subtotals: ['column', 'values', 'pattern'],
  segment: ['columns', 'join', 'trimZeros', 'none'],
};

function checkFields(map: ColumnMap): void {
  const check = (value: object | undefined, allowed: readonly string[], at: string) => {
    for (const key of Object.keys(value ?? {})) {
      if (!allowed.includes(key)) {
        throw mapError(
          map,
          `${at}${key}`,
          `not a field of a column map, so what it names would be left unread (known here: ${allowed.join(', ')})`,
        );
      }
    }
  };
  check(map, FIELDS[''] ?? [], '');
  for (const part of ['numbers', 'long', 'subtotals'] as const) check(map[part], FIELDS[part] ?? [], `${part}.`);
  for (const [id, segment] of Object.entries(map.segments)) check(segment, FIELDS.segment ?? [], `segments.${id}.`);
}

/** A column map from `mappings/ifmis/<name>.json` (or any path); checked when a file is read with it. */
export async function loadColumnMap(path: string): Promise<ColumnMap> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new TributaryError('FILE_NOT_FOUND', `cannot read column map ${path}: no such file`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TributaryError(
      'BAD_USER_INPUT',
      `column map ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        file: path,
      },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TributaryError('BAD_USER_INPUT', `column map ${path} must be a JSON object`, { file: path });
  }
  return parsed as ColumnMap;
}
