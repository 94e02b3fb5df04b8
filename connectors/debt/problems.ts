import { TributaryError } from '../../src/errors.js';
import type { TableProblems } from '../formats/csv-table.js';
import { CappedProblems, MAX_PROBLEMS } from '../formats/problems.js';

/**
 * Everything wrong with one debt file (or one DMFAS export), collected before anything is yielded:
 * a debt file loads whole or not at all, and the person fixing it wants every problem at once,
 * not one per attempt.
 */
export interface DebtProblem {
  /** The file as the user named it; for a DMFAS export, the table inside it (`export.zip/loans.csv`). */
  readonly file: string;
  /** 1-based line of the record in the file (the header is line 1); null for the file as a whole. */
  readonly row: number | null;
  /** The column as the file names it; null when the problem is not one column's. */
  readonly column: string | null;
  readonly message: string;
}

/** How many problems are kept (and printed) per file; the total is always counted. */
export const PROBLEM_CAP = MAX_PROBLEMS;

export class ProblemList extends CappedProblems<DebtProblem> implements TableProblems {
  add(file: string, row: number | null, column: string | null, message: string): void {
    this.keep({ file, row, column, message });
  }

  get problems(): readonly DebtProblem[] {
    return this.items;
  }

  /** Throws one error carrying every problem found, if there is any. */
  throwIfAny(input: string): void {
    if (this.total > 0) throw new DebtFileError(input, this.items, this.total);
  }
}

export function describeProblem(problem: DebtProblem): string {
  const place = [problem.file];
  if (problem.row !== null) place.push(`row ${problem.row}`);
  if (problem.column !== null) place.push(`column "${problem.column}"`);
  return `${place.join(', ')}: ${problem.message}`;
}

/**
 * A debt file that cannot be loaded, with every problem found in it (up to `PROBLEM_CAP`; `total`
 * counts them all). The code is BAD_USER_INPUT: the file, not tributary, needs fixing. `where`
 * points at the first problem.
 */
export class DebtFileError extends TributaryError {
  constructor(
    input: string,
    readonly problems: readonly DebtProblem[],
    readonly total: number,
  ) {
    const first = problems[0];
    const more = total > problems.length ? `\n  … and ${total - problems.length} more` : '';
    super(
      'BAD_USER_INPUT',
      `${input}: ${total} problem${total === 1 ? '' : 's'}, so nothing was read from it:\n` +
        problems.map((p) => `  ${describeProblem(p)}`).join('\n') +
        more,
      first
        ? {
            file: first.file,
            ...(first.row !== null ? { line: first.row } : {}),
            ...(first.column !== null ? { field: first.column } : {}),
          }
        : { file: input },
    );
    this.name = 'DebtFileError';
  }
}
