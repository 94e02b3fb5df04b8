import type { MappingProblem } from '../types.js';
import { sortProblems } from './problems.js';
import { readMappingSheet } from './read.js';
import type { SheetRow } from './rule.js';
import { validateMappingRows, type MappingCatalogue } from './validate.js';

/**
 * The bulk mapping sheet AIMS admins upload: read (CSV or XLSX) and validated without a database.
 * A sheet is applied only when it has no problem at all, in one transaction.
 */
export { SHEET_COLUMNS, SHEET_PROBLEM_CODES, type SheetColumn, type SheetProblemCode } from './problems.js';
export { parseFiscalYear, parseShare, type SheetAction } from './fields.js';
export { interpretRule, type SheetRow, type SheetRule, type SheetTexts, type UnreadRow } from './rule.js';
export { readMappingSheet, type MappingSheet } from './read.js';
export { checkGroup, describeGroup, describeYears, sourceKey, type GroupMode, type GroupOptions, type GroupRule } from './groups.js';
export { ruleCodeProblems, validateMappingRows, type MappingCatalogue } from './validate.js';

export interface CheckedSheet {
  readonly rows: SheetRow[];
  /** Empty when the sheet may be applied. */
  readonly problems: MappingProblem[];
}

/** Reads and validates a sheet: every problem of the file, its rows and its groups, in sheet order. */
export async function checkMappingSheet(bytes: Uint8Array | Buffer, fileName: string, catalogue: MappingCatalogue): Promise<CheckedSheet> {
  const sheet = await readMappingSheet(bytes, fileName);
  const problems = [...sheet.problems, ...validateMappingRows(sheet.rows, catalogue, sheet.unread)];
  return { rows: sheet.rows, problems: sortProblems(problems) };
}
