import type { CsvRow, CsvTable } from '../formats/csv-table.js';
import { DMFAS_DATE_FORMAT, type TableLayout } from './dmfas-layout.js';
import type { ProblemList } from './problems.js';
import { compileDateFormat } from '../formats/dates.js';
import { readAmount } from '../formats/numbers.js';
import { isIsoCurrency } from './values.js';

/**
 * Typed access to the cells of one DMFAS table, reporting each bad cell with file, row and
 * column. Pure: no I/O.
 */
const readIsoDate = compileDateFormat(DMFAS_DATE_FORMAT);

/** True when the table was read and its header has every column the layout requires. */
export function usable(table: CsvTable | null, layout: TableLayout): table is CsvTable {
  return table !== null && layout.required.every((column) => table.header.includes(column));
}

/** The rows of `table`, or none when the header lacks a column the layout requires (each one reported). */
export function* tableRows(table: CsvTable | null, layout: TableLayout, problems: ProblemList): Generator<Cells> {
  if (!table) return;
  const index = new Map(table.header.map((name, i) => [name, i] as const));
  const missing = layout.required.filter((column) => !index.has(column));
  for (const column of missing)
    problems.add(table.file, 1, column, `column not found in the header; the DMFAS layout requires it (mappings/debt/dmfas-layout.md)`);
  if (missing.length > 0) return;
  for (const row of table.rows) {
    const cells = new Cells(table.file, row, index, problems);
    for (const column of layout.notEmpty) if (cells.text(column) === null) cells.fail(column, 'empty; every row needs it');
    yield cells;
  }
}

export class Cells {
  private readonly problemsBefore: number;

  constructor(
    readonly file: string,
    private readonly row: CsvRow,
    private readonly index: ReadonlyMap<string, number>,
    private readonly problems: ProblemList,
  ) {
    this.problemsBefore = problems.total;
  }

  get line(): number {
    return this.row.line;
  }

  /** True once any cell of this row was reported. */
  get failed(): boolean {
    return this.problems.total > this.problemsBefore;
  }

  fail(column: string | null, message: string): null {
    this.problems.add(this.file, this.row.line, column, message);
    return null;
  }

  /** The trimmed cell, or null when it is empty or the table has no such column. */
  text(column: string): string | null {
    const i = this.index.get(column);
    const value = i === undefined ? undefined : this.row.cells[i]?.trim();
    return value ? value : null;
  }

  date(column: string): string | null {
    const text = this.text(column);
    if (text === null) return null;
    return readIsoDate(text) ?? this.fail(column, `${JSON.stringify(text)} is not a date in the format ${DMFAS_DATE_FORMAT}`);
  }

  amount(column: string): string | null {
    const text = this.text(column);
    if (text === null) return null;
    return (
      readAmount(text) ?? this.fail(column, `${JSON.stringify(text)} is not an amount (digits, "." for decimals, no thousands separators)`)
    );
  }

  currency(column: string): string | null {
    const text = this.text(column);
    if (text === null) return null;
    return isIsoCurrency(text) ? text : this.fail(column, `${JSON.stringify(text)} is not an ISO 4217 currency code`);
  }

  /** One of `allowed`, or null (reported) for any other word. */
  word<T extends string>(column: string, allowed: readonly T[], what: string): T | null {
    const text = this.text(column);
    if (text === null) return null;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    return this.fail(column, `${JSON.stringify(text)} is not a ${what} (known: ${allowed.join(', ')})`);
  }

  /** Every column of the row not in `except`, with its text, for `terms`. */
  others(except: ReadonlySet<string>): [string, string][] {
    const found: [string, string][] = [];
    for (const [column] of this.index) {
      const value = except.has(column) ? null : this.text(column);
      if (value !== null) found.push([column, value]);
    }
    return found;
  }
}
