import type { RegistryProblem } from './types.js';

/**
 * What can be wrong with a registry export. A registry import is loaded whole or not at all, so
 * the reader collects every problem of every file in one pass and hands them back together.
 */
export const REGISTRY_PROBLEM_CODES = [
  /** The file cannot be read at all (bad quoting, not UTF-8, not a workbook, too large when inflated). */
  'INVALID_CSV',
  'INVALID_ENCODING',
  'INVALID_XLSX',
  'LIMIT_EXCEEDED',
  /** A required record type (areas, households, individuals, memberships) has no file or sheet. */
  'MISSING_FILE',
  /** A CSV file in the folder that is no record type (a misspelt name?). */
  'UNKNOWN_FILE',
  /** One record type given twice (a CSV file and a sheet, or two workbooks). */
  'DUPLICATE_FILE',
  'MISSING_COLUMN',
  'UNKNOWN_COLUMN',
  'DUPLICATE_COLUMN',
  /** A CSV row with more or fewer cells than the header. */
  'FIELD_COUNT',
  'MISSING_VALUE',
  'BAD_DATE',
  'FUTURE_DATE',
  /** An end before its start (exited before enrolled, closed before opened). */
  'DATE_ORDER',
  'BAD_CYCLE',
  'NOT_A_NUMBER',
  'NEGATIVE_AMOUNT',
  /** A share of more than 100 per cent. */
  'BAD_SHARE',
  'UNKNOWN_VALUE',
  'BAD_CURRENCY',
  'BAD_COUNTRY',
  'CURRENCY_MISMATCH',
  'DUPLICATE_KEY',
  'DUPLICATE_NATIONAL_ID',
  'MEMBER_OF_TWO_HOUSEHOLDS',
  'MULTIPLE_RECIPIENTS',
  'UNKNOWN_PROGRAMME',
  'UNKNOWN_BENEFICIARY',
  /** A payment to a beneficiary that has no enrolment in the payment's programme. */
  'NOT_ENROLLED',
  'UNKNOWN_AREA',
  'UNKNOWN_PARENT',
  /** An area's level is not one below its parent's (or a lower level has no parent). */
  'BAD_LEVEL',
  'UNKNOWN_HOUSEHOLD',
  'UNKNOWN_INDIVIDUAL',
] as const;
export type RegistryProblemCode = (typeof REGISTRY_PROBLEM_CODES)[number];

/** "individuals.csv, row 7, record IND00000012, field national_id: …" */
export function describeRegistryProblem(problem: RegistryProblem): string {
  const where = [
    problem.file,
    problem.row === null ? null : `row ${problem.row}`,
    problem.record === null ? null : `record ${problem.record}`,
    problem.field ? `field ${problem.field}` : null,
  ];
  return `${where.filter(Boolean).join(', ')}: ${problem.message}`;
}

/** Every problem, in the order found; `sorted()` gives them by file order, then row. */
export class RegistryProblems {
  private readonly items: RegistryProblem[] = [];

  get count(): number {
    return this.items.length;
  }

  add(file: string, row: number | null, record: string | null, field: string, code: RegistryProblemCode, message: string): void {
    this.items.push({ file, row, record, field, code, message });
  }

  /** Stable: problems of one row keep the order in which they were found. */
  sorted(fileOrder: readonly string[]): RegistryProblem[] {
    const rank = (file: string): number => {
      const at = fileOrder.indexOf(file);
      return at < 0 ? fileOrder.length : at;
    };
    return [...this.items].sort((a, b) => rank(a.file) - rank(b.file) || (a.row ?? 0) - (b.row ?? 0));
  }
}
