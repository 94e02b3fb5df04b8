import type { RowLine } from './interpret.js';
import type { Plan } from './plan.js';
import type { ProblemList } from '../formats/problems.js';
import type { BudgetRecord, BudgetStage } from './types.js';

/**
 * The lines of one file, keyed by fiscal year and every code. In a wide export a second row
 * with the same key is a duplicate; in a long export it adds a stage to the line, and a stage
 * given twice is the duplicate. Subtotal rows are kept apart, for `checkSubtotals`.
 */
export type Line = BudgetRecord & { amounts: Partial<Record<BudgetStage, string>> };

export interface Book {
  readonly lines: Map<string, Line>;
  readonly subtotals: Map<string, Line>;
}

export class LineBook implements Book {
  readonly lines = new Map<string, Line>();
  readonly subtotals = new Map<string, Line>();
  /** Long format: the row each stage of a line came from, to name it in a duplicate. */
  private readonly stageRows = new Map<Line, Partial<Record<BudgetStage, number>>>();

  constructor(
    private readonly plan: Plan,
    private readonly problems: ProblemList,
    private readonly file: string,
    private readonly country: string,
  ) {}

  /** Adds a row; returns the line when the row made a new (non-subtotal) line. */
  add(row: RowLine): Line | null {
    const book = row.subtotal ? this.subtotals : this.lines;
    const key = lineKey(this.plan, row.fiscalYear, row.codes);
    const known = book.get(key);
    if (!known) {
      const line: Line = {
        kind: 'budget-line',
        file: this.file,
        row: row.row,
        country: this.country,
        fiscalYear: row.fiscalYear,
        currency: row.currency,
        codes: row.codes,
        amounts: row.amounts,
      };
      book.set(key, line);
      if (this.plan.long) this.stageRows.set(line, stagesAt(row));
      return row.subtotal ? null : line;
    }
    const what = row.subtotal ? 'subtotal' : 'line';
    if (!this.plan.long) {
      const column = this.plan.wide[0]?.column.name;
      this.problems.add(
        'DUPLICATE_LINE',
        row.row,
        column,
        `duplicates the ${what} in row ${known.row} (same fiscal year ${row.fiscalYear} and codes ${describeCodes(row.codes)})`,
      );
      return null;
    }
    this.merge(known, row, what);
    return null;
  }

  private merge(line: Line, row: RowLine, what: string): void {
    const long = this.plan.long;
    if (!long) return;
    if (row.currency !== line.currency) {
      const column = 'name' in this.plan.currency ? this.plan.currency.name : undefined;
      this.problems.add(
        'CURRENCY_MISMATCH',
        row.row,
        column,
        `currency ${row.currency} differs from ${line.currency} in row ${line.row}, the same ${what}`,
      );
      return;
    }
    const rows = this.stageRows.get(line) ?? {};
    for (const [stage, amount] of Object.entries(row.amounts) as [BudgetStage, string][]) {
      const earlier = rows[stage];
      if (earlier !== undefined) {
        this.problems.add(
          'DUPLICATE_STAGE',
          row.row,
          long.stage.name,
          `stage ${stage} of this ${what} was already given in row ${earlier}`,
        );
        continue;
      }
      rows[stage] = row.row;
      line.amounts[stage] = amount;
    }
    this.stageRows.set(line, rows);
  }
}

function stagesAt(row: RowLine): Partial<Record<BudgetStage, number>> {
  const rows: Partial<Record<BudgetStage, number>> = {};
  for (const stage of Object.keys(row.amounts) as BudgetStage[]) rows[stage] = row.row;
  return rows;
}

/** Joined, not built with `+=`: 75,000 keys as concatenation trees would hold 30 MB. */
export function lineKey(plan: Plan, fiscalYear: string, codes: Readonly<Record<string, string>>): string {
  return [fiscalYear, ...plan.segments.map((segment) => codes[segment.id] ?? '')].join('\u0001');
}

export function describeCodes(codes: Readonly<Record<string, string>>): string {
  const parts = Object.entries(codes).map(([segment, code]) => `${segment} ${code}`);
  return parts.length ? parts.join(', ') : '(none)';
}
