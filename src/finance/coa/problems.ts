import { TributaryError } from '../../errors.js';
import { CappedProblems, MAX_PROBLEMS } from '../../../connectors/formats/problems.js';

/** One thing wrong with a chart of accounts being loaded: the file, its row and the field. */
export interface CoaProblem {
  readonly file: string;
  readonly row?: number;
  readonly field?: string;
  readonly message: string;
}

export function describeCoaProblem(problem: CoaProblem): string {
  const where = [problem.row === undefined ? null : `row ${problem.row}`, problem.field ? `field ${problem.field}` : null];
  const located = where.filter(Boolean).join(', ');
  return `${problem.file}${located ? `, ${located}` : ''}: ${problem.message}`;
}

/** A chart refused whole: every problem found, each named (the first `MAX_PROBLEMS` listed). */
export class CoaLoadError extends TributaryError {
  constructor(
    readonly problems: readonly CoaProblem[],
    readonly total: number,
    what = 'the chart of accounts',
  ) {
    const more = total > problems.length ? [`  … and ${total - problems.length} more`] : [];
    super(
      'BAD_USER_INPUT',
      [
        `${what} was not loaded: ${total} ${total === 1 ? 'problem' : 'problems'}`,
        ...problems.map((p) => `  ${describeCoaProblem(p)}`),
        ...more,
      ].join('\n'),
      problems[0] ? { file: problems[0].file, line: problems[0].row, field: problems[0].field } : {},
    );
    this.name = 'CoaLoadError';
  }
}

export class CoaProblems extends CappedProblems<CoaProblem> {
  add(file: string, row: number | undefined, field: string | undefined, message: string): void {
    this.keep({ file, row, field, message });
  }

  throwIfAny(what?: string): void {
    if (this.total > 0) throw new CoaLoadError(this.items.slice(0, MAX_PROBLEMS), this.total, what);
  }
}
