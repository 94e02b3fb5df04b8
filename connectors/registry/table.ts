import type { RegistryFileMap } from './column-map.js';
import type { ColumnSpec, FileSpec } from './columns.js';
import type { RegistryProblemCode, RegistryProblems } from './problems.js';
import { readValue, type Value, type ValueContext } from './values.js';

/** A row of a CSV file or a sheet: 1-based line, text cells, and which cells a workbook typed. */
export interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
  readonly numeric?: ReadonlySet<number>;
  readonly dates?: ReadonlySet<number>;
}

export type PlainRecord = Record<string, Value>;

/** The records one file gave, each with its row, and how the file names our columns. */
export interface Table {
  readonly spec: FileSpec;
  readonly file: string;
  readonly records: PlainRecord[];
  readonly rows: number[];
  /**
   * The key of every row that has one, including rows left out for a problem of their own: a
   * reference to such a row is not reported again (one mistake, one problem).
   */
  readonly known: Set<string>;
  /** False when the header or the file could not be read through: references to it are not checked. */
  readable: boolean;
  /** Our column → the name the file gives it (the field named in problems). */
  readonly columnNames: ReadonlyMap<string, string>;
}

type Binding =
  | { readonly spec: ColumnSpec; readonly source: string; readonly index: number }
  | { readonly spec: ColumnSpec; readonly source: string; readonly constant: string | null };

const normal = (name: string): string => name.trim().toLowerCase();

/**
 * Reads one record type's rows: binds the header through the file's map, checks every cell of
 * every row (all of a row's problems, not the first), and keeps the rows that make a record.
 */
export class TableReader {
  private bindings: Binding[] | null = null;
  private state: 'header' | 'rows' | 'stopped' = 'header';
  private width = 0;
  private readonly firstRow = new Map<string, number>();
  private readonly columnNames = new Map<string, string>();
  readonly table: Table;

  constructor(
    private readonly spec: FileSpec,
    private readonly file: string,
    private readonly map: RegistryFileMap | undefined,
    private readonly context: ValueContext,
    private readonly problems: RegistryProblems,
    /** CSV rows must have as many cells as the header; a workbook leaves trailing cells out. */
    private readonly strictWidth: boolean,
  ) {
    this.table = { spec, file, records: [], rows: [], known: new Set(), readable: true, columnNames: this.columnNames };
  }

  /** The next row of the file (the first is the header); false once the rest need not be read. */
  take(row: TableRow): boolean {
    if (this.state === 'rows') this.row(row);
    else if (this.state === 'header') this.state = this.header(row) ? 'rows' : 'stopped';
    if (this.state === 'stopped') this.table.readable = false;
    return this.state !== 'stopped';
  }

  /** After the last row: a file without even a header is reported. */
  end(): void {
    if (this.state !== 'header') return;
    this.table.readable = false;
    this.problem(1, null, '', 'MISSING_COLUMN', `the file is empty: no header row; ${this.expects()}`);
  }

  /** Binds the header row; false when a required column is missing and no row can be read. */
  private header(row: TableRow): boolean {
    const names = row.cells.map((cell) => cell.trim());
    this.width = row.cells.length;
    const index = new Map<string, number>();
    names.forEach((name, at) => {
      if (!name) return;
      if (index.has(normal(name))) this.problem(row.line, null, name, 'DUPLICATE_COLUMN', `the header names column "${name}" twice`);
      else index.set(normal(name), at);
    });
    const used = new Set<number>();
    const bindings: Binding[] = [];
    let complete = true;
    for (const spec of this.spec.columns) {
      const mapped = this.map?.columns?.[spec.name];
      const source = typeof mapped === 'string' ? mapped : spec.name;
      this.columnNames.set(spec.name, source);
      if (typeof mapped === 'object') {
        bindings.push({ spec, source, constant: mapped.value });
        continue;
      }
      const at = index.get(normal(source));
      if (at !== undefined) {
        used.add(at);
        this.columnNames.set(spec.name, names[at] ?? source);
        bindings.push({ spec, source, index: at });
      } else if (spec.optional) {
        bindings.push({ spec, source, constant: null });
      } else {
        complete = false;
        const why = mapped === undefined ? '' : ` (the column map's name for ${spec.name})`;
        this.problem(row.line, null, source, 'MISSING_COLUMN', `column "${source}"${why} not found in the header; ${this.expects()}`);
      }
    }
    const ignored = new Set((this.map?.ignore ?? []).map(normal));
    names.forEach((name, at) => {
      if (!name || used.has(at) || ignored.has(normal(name)) || index.get(normal(name)) !== at) return;
      this.problem(row.line, null, name, 'UNKNOWN_COLUMN', `column "${name}" is not a ${this.spec.type} column; ${this.expects()}`);
    });
    this.bindings = bindings;
    return complete;
  }

  private row(row: TableRow): void {
    const bindings = this.bindings;
    if (!bindings || row.cells.every((cell) => cell.trim() === '')) return;
    const record: PlainRecord = {};
    const text = new Map<string, string>();
    const issues: [field: string, code: RegistryProblemCode, message: string][] = [];
    for (const binding of bindings) {
      const { spec, source } = binding;
      const raw = 'index' in binding ? (row.cells[binding.index] ?? '').trim() : (binding.constant ?? '');
      const mapped = this.map?.values?.[spec.name]?.[raw] ?? raw;
      text.set(spec.name, mapped);
      if (mapped === '') {
        record[spec.field] = null;
        if (!spec.optional) issues.push([this.columnNames.get(spec.name) ?? source, 'MISSING_VALUE', `${spec.name} is empty`]);
        continue;
      }
      const cell =
        'index' in binding
          ? { text: mapped, numeric: row.numeric?.has(binding.index), date: row.dates?.has(binding.index) }
          : { text: mapped };
      const result = readValue(spec, cell, this.context);
      if ('value' in result) record[spec.field] = result.value;
      else issues.push([this.columnNames.get(spec.name) ?? source, result.code, result.message]);
    }
    const keyParts = this.spec.key.map((column) => text.get(column) ?? '');
    const key = keyParts.every(Boolean) ? keyParts.join('/') : null;
    if (key !== null) this.table.known.add(key);
    if (this.strictWidth && row.cells.length !== this.width) {
      const message = `the row has ${row.cells.length} cells but the header ${this.width}: a delimiter or quote out of place?`;
      this.problem(row.line, key, '', 'FIELD_COUNT', message);
      return;
    }
    if (issues.length === 0) issues.push(...this.sameRow(record));
    for (const [field, code, message] of issues) this.problem(row.line, key, field, code, message);
    if (issues.length > 0) return;
    if (this.spec.unique && key !== null) {
      const first = this.firstRow.get(key);
      if (first !== undefined) {
        const field = this.spec.key.map((column) => this.columnNames.get(column) ?? column).join('/');
        this.problem(row.line, key, field, 'DUPLICATE_KEY', `${key} is already on row ${first}`);
        return;
      }
      this.firstRow.set(key, row.line);
    }
    this.table.records.push(record);
    this.table.rows.push(row.line);
  }

  /** Rules between the fields of one row. */
  private sameRow(record: PlainRecord): [string, RegistryProblemCode, string][] {
    const name = (column: string): string => this.columnNames.get(column) ?? column;
    const before = (start: string, end: string): [string, RegistryProblemCode, string][] => {
      const [from, to] = [field(this.spec, start), field(this.spec, end)].map((f) => record[f]);
      return typeof from === 'string' && typeof to === 'string' && to < from
        ? [[name(end), 'DATE_ORDER', `${end} ${to} is before ${start} ${from}`]]
        : [];
    };
    switch (this.spec.type) {
      case 'enrolments':
        return before('enrolled_on', 'exited_on');
      case 'grievances':
        return before('opened_on', 'closed_on');
      case 'payments':
        return (record.status === 'paid' || record.status === 'reconciled') && record.paidDate === null
          ? [[name('paid_date'), 'MISSING_VALUE', `a ${record.status} payment needs its paid_date`]]
          : [];
      default:
        return [];
    }
  }

  private expects(): string {
    return `${this.spec.type} has ${this.spec.columns.map((c) => this.columnNames.get(c.name) ?? c.name).join(', ')}`;
  }

  private problem(row: number, record: string | null, field: string, code: RegistryProblemCode, message: string): void {
    this.problems.add(this.file, row, record, field, code, message);
  }
}

function field(spec: FileSpec, column: string): string {
  return spec.columns.find((c) => c.name === column)?.field ?? column;
}
