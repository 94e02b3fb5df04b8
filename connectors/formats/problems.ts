import { TributaryError } from '../../src/errors.js';

/**
 * What is wrong with a budget export. A file is loaded whole or not at all, so every problem
 * found is collected and thrown together in one `BudgetFileError`; a reader fixes them all in one
 * pass instead of one per attempt.
 */
export const BUDGET_PROBLEM_CODES = [
  'INVALID_ENCODING',
  'INVALID_CSV',
  'INVALID_ZIP',
  'MISSING_COLUMN',
  'FIELD_COUNT',
  'EMPTY_CODE',
  'UNKNOWN_CODE',
  'NOT_A_NUMBER',
  'UNKNOWN_STAGE',
  'DUPLICATE_LINE',
  'DUPLICATE_STAGE',
  'BAD_FISCAL_YEAR',
  'BAD_CURRENCY',
  'CURRENCY_MISMATCH',
  'SUBTOTAL_MISMATCH',
  'NO_LINES',
] as const;
export type BudgetProblemCode = (typeof BUDGET_PROBLEM_CODES)[number];

export interface BudgetProblem {
  readonly code: BudgetProblemCode;
  readonly file: string;
  /** 1-based line of the file (CSV) or row of the sheet (XLSX); absent for the file as a whole. */
  readonly row?: number;
  /** The column's name as the header spells it. */
  readonly column?: string;
  readonly message: string;
}

/** Problems listed in a thrown error (all are counted). */
export const MAX_PROBLEMS = 200;
/** Problems spelt out in the error's message; the rest are in `problems`. */
const MESSAGE_PROBLEMS = 20;

export function describeProblem(problem: BudgetProblem): string {
  const where = [problem.row === undefined ? null : `row ${problem.row}`, problem.column ? `column ${problem.column}` : null];
  const located = where.filter(Boolean).join(', ');
  return `${problem.file}${located ? `, ${located}` : ''}: ${problem.message}`;
}

export class BudgetFileError extends TributaryError {
  constructor(
    /** The first `MAX_PROBLEMS` problems, in file order. */
    readonly problems: readonly BudgetProblem[],
    /** How many problems were found in all. */
    readonly total: number,
  ) {
    const first = problems[0];
    const listed = problems.slice(0, MESSAGE_PROBLEMS).map((p) => `  ${describeProblem(p)}`);
    const more = total > listed.length ? [`  … and ${total - listed.length} more`] : [];
    const file = first?.file ?? 'the file';
    super(
      'BAD_USER_INPUT',
      [`${file} was not loaded: ${total} ${total === 1 ? 'problem' : 'problems'}`, ...listed, ...more].join('\n'),
      first ? { file: first.file, line: first.row, field: first.column } : {},
    );
    this.name = 'BudgetFileError';
  }
}

/**
 * The one problem list every file reader fills (budget, registry and mapping sheets through
 * `ProblemList`, debt files through theirs): keeps the first `MAX_PROBLEMS` in the order found,
 * counts all of them.
 */
export class CappedProblems<Problem> {
  readonly items: Problem[] = [];
  total = 0;

  protected keep(problem: Problem): void {
    this.total += 1;
    if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
  }
}

/** A budget file's problems (also registry and mapping sheets, which share the codes). */
export class ProblemList extends CappedProblems<BudgetProblem> {
  constructor(readonly file: string) {
    super();
  }

  add(code: BudgetProblemCode, row: number | undefined, column: string | undefined, message: string): void {
    this.keep({ code, file: this.file, row, column, message });
  }

  /** Throws everything found so far, in file order. */
  throwIfAny(): void {
    if (this.total === 0) return;
    const ordered = [...this.items].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new BudgetFileError(ordered, this.total);
  }
}

/** A problem that stops reading at once (the rest of the file cannot be trusted). */
export function fatal(file: string, code: BudgetProblemCode, message: string, row?: number, column?: string): BudgetFileError {
  return new BudgetFileError([{ code, file, row, column, message }], 1);
}
