import { numberText } from './numbers.js';
import { attribute, serialDate, xmlParser, type CellStyles } from './workbook-parts.js';

/** `uncomputed`: a formula saved without its value (written by a program, never opened in a spreadsheet). */
export type CellKind = 'text' | 'number' | 'date' | 'boolean' | 'error' | 'uncomputed';

/** A cell as text: numbers in plain decimal notation, dates as ISO days, booleans TRUE/FALSE, errors as Excel shows them (#N/A). */
export interface WorkbookCell {
  readonly kind: CellKind;
  readonly text: string;
  /** A number formatted as a percentage: the sheet shows text × 100 with a % sign. */
  readonly percent?: true;
}

export interface WorkbookRow {
  /** The row number Excel shows. */
  readonly line: number;
  /** Column A first; a column with no cell is undefined. */
  readonly cells: readonly (WorkbookCell | undefined)[];
}

/** Excel's limit: columns A to XFD. */
const MAX_COLUMNS = 16_384;

export interface SheetContext {
  readonly sharedStrings: readonly string[];
  readonly styles: CellStyles;
  readonly date1904: boolean;
}

/**
 * Parses one worksheet part as it streams: `write` it text and take the rows it completed.
 * A formula cell gives its cached result; a cell without a value (and no formula) is no cell.
 */
export class SheetParser {
  private readonly parser;
  private done: WorkbookRow[] = [];
  private row: { line: number; cells: (WorkbookCell | undefined)[] } | null = null;
  private lastLine = 0;
  private cell: { column: number; type: string; style: number; formula: boolean } | null = null;
  private lastColumn = -1;
  /** Text of the cell's <v>, or of its inline string's <t> runs; null when it has neither. */
  private value: string[] | null = null;
  private capturing = false;
  private phonetic = 0;

  constructor(private readonly context: SheetContext) {
    this.parser = xmlParser({
      open: (name, attributes) => this.open(name, attributes),
      close: (name) => this.close(name),
      text: (text) => {
        if (this.capturing) this.value?.push(text);
      },
    });
  }

  /** Rows completed by this text. */
  write(text: string): WorkbookRow[] {
    this.parser.write(text);
    return this.take();
  }

  end(): WorkbookRow[] {
    this.parser.close();
    return this.take();
  }

  private take(): WorkbookRow[] {
    const rows = this.done;
    this.done = [];
    return rows;
  }

  private open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'row') {
      const line = attributes.r === undefined ? this.lastLine + 1 : Number(attributes.r);
      this.row = { line, cells: [] };
      this.lastLine = line;
      this.lastColumn = -1;
    } else if (name === 'c' && this.row) {
      const reference = attribute(attributes, 'r');
      const column = reference === undefined ? this.lastColumn + 1 : columnIndex(reference);
      // A forged reference would otherwise size every row of the sheet.
      if (column >= MAX_COLUMNS) throw new Error(`cell ${reference ?? column} is beyond column XFD, the last a spreadsheet has`);
      this.cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), formula: false };
      this.lastColumn = column;
    } else if (this.cell && (name === 'v' || (name === 't' && this.phonetic === 0))) {
      this.value ??= [];
      this.capturing = true;
    } else if (name === 'rPh') this.phonetic += 1;
    else if (name === 'f' && this.cell) this.cell.formula = true;
  }

  private close(name: string): void {
    if (name === 'c' && this.cell && this.row) {
      const uncomputed: WorkbookCell | undefined = this.cell.formula ? { kind: 'uncomputed', text: '' } : undefined;
      const cell = this.value === null ? uncomputed : this.cellOf(this.value.join(''));
      if (cell) this.row.cells[this.cell.column] = cell;
      this.cell = null;
      this.value = null;
    } else if (name === 'row' && this.row) {
      this.done.push(this.row);
      this.row = null;
    } else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'v' || name === 't') this.capturing = false;
  }

  private cellOf(raw: string): WorkbookCell | undefined {
    const cell = this.cell;
    if (!cell) return undefined;
    switch (cell.type) {
      case 's': {
        const text = this.context.sharedStrings[Number(raw)];
        if (text === undefined) throw new Error(`cell ${this.where()} refers to shared string ${raw}, which the workbook does not have`);
        return { kind: 'text', text };
      }
      case 'inlineStr':
      case 'str':
        return { kind: 'text', text: raw };
      case 'b':
        return { kind: 'boolean', text: raw === '1' || raw.toLowerCase() === 'true' ? 'TRUE' : 'FALSE' };
      case 'e':
        return { kind: 'error', text: raw };
      case 'd':
        return { kind: 'date', text: raw.slice(0, 10) };
      default:
        return this.numberCell(raw, cell.style);
    }
  }

  private numberCell(raw: string, style: number): WorkbookCell | undefined {
    if (raw.trim() === '') return undefined;
    const value = Number(raw);
    if (Number.isNaN(value)) throw new Error(`cell ${this.where()} holds "${raw}", which is not a number`);
    if (this.context.styles.dates.has(style)) {
      const day = serialDate(value, this.context.date1904);
      if (day !== null) return { kind: 'date', text: day };
    }
    const text = numberText(value) ?? raw;
    return this.context.styles.percents.has(style) ? { kind: 'number', text, percent: true } : { kind: 'number', text };
  }

  private where(): string {
    return `${columnLetters(this.cell?.column ?? 0)}${this.row?.line ?? ''}`;
  }
}

/** `B12` → 1. */
export function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
