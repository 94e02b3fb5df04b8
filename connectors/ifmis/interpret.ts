import type { Coa } from '../../src/finance/coa/load.js';
import { fiscalPeriodOf } from '../../src/finance/fiscal-calendar.js';
import type { NumberFormat } from '../formats/numbers.js';
import { parseAmount } from '../formats/numbers.js';
import type { Cell, Column, Plan, SegmentPlan } from './plan.js';
import type { ProblemList } from '../formats/problems.js';
import type { SheetRow } from './rows.js';
import type { BudgetStage } from './types.js';

/**
 * One row read through a plan: its codes in the chart of accounts and its amounts, or nothing
 * when the row has problems (each one recorded with its row and column).
 */
export interface RowLine {
  readonly row: number;
  readonly subtotal: boolean;
  readonly fiscalYear: string;
  readonly currency: string;
  /** Segment id → canonical code; a segment without a code (open, or `none`) is absent. */
  readonly codes: Readonly<Record<string, string>>;
  readonly amounts: Partial<Record<BudgetStage, string>>;
}

export interface InterpretContext {
  readonly plan: Plan;
  readonly coa: Coa;
  readonly numbers: NumberFormat;
  readonly problems: ProblemList;
  /** Replaces the map's fiscal year (the CLI's `--fy`). */
  readonly fiscalYear?: string;
  /** CSV rows must have as many fields as the header; XLSX rows omit trailing empty cells. */
  readonly strictWidth: boolean;
  /** One string per distinct code (and fiscal year, currency), so 75,000 lines share a few thousand strings. */
  readonly interned: Map<string, string>;
}

const FISCAL_YEAR = /^\d{4}(?:[/-]\d{2}(?:\d{2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function interpretRow(context: InterpretContext, row: SheetRow): RowLine | null {
  const { plan, problems } = context;
  const before = problems.total;
  const text = (column: Column): string => (row.cells[column.index] ?? '').trim();
  const value = (cell: Cell): string => ('value' in cell ? cell.value : text(cell));
  const columnName = (cell: Cell): string | undefined => ('name' in cell ? cell.name : undefined);
  if (context.strictWidth && row.cells.length !== plan.width) {
    problems.add('FIELD_COUNT', row.line, undefined, `the row has ${row.cells.length} fields; the header has ${plan.width}`);
    return null;
  }
  const marker = plan.subtotal ? text(plan.subtotal.column) : '';
  const subtotal = plan.subtotal ? plan.subtotal.values.has(marker) || (plan.subtotal.pattern?.test(marker) ?? false) : false;
  const fiscalYear = fiscalYearOf(context, context.fiscalYear ?? value(plan.fiscalYear), row.line, columnName(plan.fiscalYear));
  const currency = value(plan.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    problems.add('BAD_CURRENCY', row.line, columnName(plan.currency), `"${value(plan.currency)}" is not an ISO 4217 currency code`);
  }
  const codes: Record<string, string> = {};
  for (const segment of plan.segments) {
    const code = codeOf(context, segment, row, subtotal);
    if (code !== null) codes[segment.id] = code;
  }
  const amounts: Partial<Record<BudgetStage, string>> = {};
  const amount = (column: Column, stage: BudgetStage): void => {
    const format = row.numeric?.has(column.index) ? {} : context.numbers;
    const parsed = parseAmount(row.cells[column.index] ?? '', format);
    if (parsed === null) return;
    if ('error' in parsed) problems.add('NOT_A_NUMBER', row.line, column.name, `${stage} amount ${parsed.error}`);
    else amounts[stage] = parsed.value;
  };
  if (plan.long) {
    const given = text(plan.long.stage);
    const stage = plan.long.stages.get(given);
    if (stage) amount(plan.long.amount, stage);
    else {
      const known = [...plan.long.stages.keys()].map((k) => `"${k}"`).join(', ');
      problems.add('UNKNOWN_STAGE', row.line, plan.long.stage.name, `stage "${given}" is not one the map knows (${known})`);
    }
  }
  for (const { stage, column } of plan.wide) amount(column, stage);
  if (problems.total > before || fiscalYear === null) return null;
  return { row: row.line, subtotal, fiscalYear: intern(context, fiscalYear), currency: intern(context, currency), codes, amounts };
}

function intern(context: InterpretContext, text: string): string {
  const known = context.interned.get(text);
  if (known !== undefined) return known;
  context.interned.set(text, text);
  return text;
}

function fiscalYearOf(context: InterpretContext, given: string, line: number, column: string | undefined): string | null {
  if (FISCAL_YEAR.test(given)) return given;
  if (DATE.test(given)) {
    try {
      return fiscalPeriodOf(context.coa.config.fiscalYear, given).fiscalYear;
    } catch {
      // reported below
    }
  }
  context.problems.add('BAD_FISCAL_YEAR', line, column, `"${given}" is not a fiscal year (2016, 2025/26) or a date (YYYY-MM-DD)`);
  return null;
}

function codeOf(context: InterpretContext, segment: SegmentPlan, row: SheetRow, subtotal: boolean): string | null {
  const { coa, problems } = context;
  const parts = segment.columns.map((column) => {
    const raw = (row.cells[column.index] ?? '').trim();
    return segment.trimZeros ? raw.replace(/^0+(?=.)/, '') : raw;
  });
  let depth = parts.length;
  while (depth > 0 && parts[depth - 1] === '') depth -= 1;
  const gap = parts.slice(0, depth).indexOf('');
  if (gap !== -1) {
    const below = segment.columns[depth - 1]?.name ?? '';
    problems.add(
      'EMPTY_CODE',
      row.line,
      segment.columns[gap]?.name,
      `segment ${segment.id}: this level is empty but ${below} below it is not`,
    );
    return null;
  }
  if (depth === 0) {
    if (segment.open || subtotal) return null;
    problems.add('EMPTY_CODE', row.line, segment.columns[0]?.name, `segment ${segment.id} needs a code and the cell is empty`);
    return null;
  }
  const code = parts.slice(0, depth).join(segment.join);
  if (segment.none.has(code)) return null;
  const canonical = coa.canonical(segment.id, code);
  if (canonical !== null) return intern(context, canonical);
  problems.add('UNKNOWN_CODE', row.line, unknownColumn(coa, segment, parts, depth), unknownMessage(coa, segment, code, parts, depth));
  return null;
}

/** The first column whose level is unknown when the level above it is known; else all the columns. */
function unknownColumn(coa: Coa, segment: SegmentPlan, parts: readonly string[], depth: number): string {
  for (let level = 2; level <= depth; level += 1) {
    const above = coa.canonical(segment.id, parts.slice(0, level - 1).join(segment.join));
    const here = coa.canonical(segment.id, parts.slice(0, level).join(segment.join));
    if (above !== null && here === null) return segment.columns[level - 1]?.name ?? '';
  }
  return segment.columns
    .slice(0, depth)
    .map((c) => c.name)
    .join('+');
}

function unknownMessage(coa: Coa, segment: SegmentPlan, code: string, parts: readonly string[], depth: number): string {
  const from =
    segment.columns.length > 1
      ? ` (${segment.columns
          .slice(0, depth)
          .map((c, i) => `${c.name} ${parts[i] ?? ''}`)
          .join(', ')})`
      : '';
  return `code ${code}${from} is not in ${coa.config.country}'s ${segment.id} segment`;
}
