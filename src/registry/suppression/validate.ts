import { TributaryError } from '../../errors.js';
import type { SuppressOptions, TableCell } from './types.js';

/** The checked options: dimensions by index, requested totals as bitmasks of kept dimensions. */
export interface Spec {
  readonly k: number;
  readonly dims: readonly string[];
  readonly totalMasks: readonly number[];
  readonly sumNames: readonly string[];
}

/** Every margin of every level is protected: 2^n levels, so the number of dimensions is bounded. */
const MAX_DIMENSIONS = 10;
const DECIMAL = /^-?\d+(\.\d+)?$/;

const bad = (message: string, field?: string, record?: string) =>
  new TributaryError('BAD_USER_INPUT', message, { ...(field ? { field } : {}), ...(record ? { record } : {}) });

export function validate(cells: readonly TableCell[], options: SuppressOptions): Spec {
  const k = options.k ?? 5;
  if (!Number.isSafeInteger(k) || k < 1) throw bad(`k must be a whole number of at least 1, got ${String(k)}`, 'k');
  const dims = checkDimensions(options.dimensions);
  const totalMasks = (options.totals ?? []).map((kept, i) => totalMask(dims, kept, i));
  const seenTotals = new Set<number>();
  totalMasks.forEach((mask, i) => {
    if (seenTotals.has(mask)) throw bad(`totals[${i}] asks again for totals by [${String(options.totals?.[i])}]`, 'totals');
    seenTotals.add(mask);
  });
  const sumNames = [...new Set(cells.flatMap((cell) => Object.keys(cell.sums ?? {})))].sort();
  const seenCells = new Set<string>();
  cells.forEach((cell, i) => {
    const key = checkCell(cell, i, dims, sumNames);
    // Two rows for one combination would be two unknowns where the tables have one: aggregate first.
    if (seenCells.has(key))
      throw bad(`cell ${i} (${describe(cell, dims)}) repeats an earlier cell's dimension values`, 'dims', `cell ${i}`);
    seenCells.add(key);
  });
  return { k, dims, totalMasks, sumNames };
}

function checkDimensions(dimensions: readonly string[]): readonly string[] {
  if (dimensions.length === 0) throw bad('dimensions must name at least one dimension', 'dimensions');
  if (dimensions.length > MAX_DIMENSIONS) throw bad(`at most ${MAX_DIMENSIONS} dimensions, got ${dimensions.length}`, 'dimensions');
  if (dimensions.some((d) => typeof d !== 'string' || d === '')) throw bad('dimension names must be non-empty text', 'dimensions');
  if (new Set(dimensions).size !== dimensions.length) throw bad(`dimensions [${dimensions.join(', ')}] name one twice`, 'dimensions');
  return [...dimensions];
}

function totalMask(dims: readonly string[], kept: readonly string[], i: number): number {
  let mask = 0;
  for (const name of kept) {
    const d = dims.indexOf(name);
    if (d < 0) throw bad(`totals[${i}] names "${name}", which is not one of the dimensions [${dims.join(', ')}]`, 'totals');
    if (mask & (1 << d)) throw bad(`totals[${i}] names "${name}" twice`, 'totals');
    mask |= 1 << d;
  }
  if (mask === (1 << dims.length) - 1) throw bad(`totals[${i}] keeps every dimension: those are the cells themselves`, 'totals');
  return mask;
}

function checkCell(cell: TableCell, i: number, dims: readonly string[], sumNames: readonly string[]): string {
  const record = `cell ${i}`;
  const values = dims.map((d) => {
    const value = cell.dims[d];
    if (typeof value !== 'string') throw bad(`${record} has no text value for dimension "${d}"`, `dims.${d}`, record);
    return value;
  });
  const extra = Object.keys(cell.dims).find((d) => !dims.includes(d));
  // A dimension the options do not name would be summed away silently and make cells look repeated.
  if (extra !== undefined) throw bad(`${record} has dimension "${extra}", which is not in dimensions [${dims.join(', ')}]`, 'dims', record);
  if (!Number.isSafeInteger(cell.count) || cell.count < 0)
    throw bad(`${record} (${describe(cell, dims)}): count ${String(cell.count)} is not a whole number of at least 0`, 'count', record);
  for (const name of sumNames) {
    const value = cell.sums?.[name];
    if (value === undefined)
      throw bad(`${record} (${describe(cell, dims)}) has no "${name}", which other cells carry`, `sums.${name}`, record);
    if (typeof value !== 'string' || !DECIMAL.test(value))
      throw bad(`${record} (${describe(cell, dims)}): ${name} "${String(value)}" is not a decimal like 1500.25`, `sums.${name}`, record);
  }
  return JSON.stringify(values);
}

const describe = (cell: TableCell, dims: readonly string[]) => dims.map((d) => `${d}=${cell.dims[d]}`).join(', ');
