import { loadLoans } from '../../src/finance/load/loans.js';
import type { Orm } from '../../src/db/orm.js';
import { importWholeFile, type WholeFileInput } from '../../src/sync/import-whole-file.js';
import type { ImportResult } from '../../src/sync/run-import.js';
import { LoanSource, type LoanSourceOptions } from './source.js';

/** One debt input (a loan-level CSV through its column map, or a DMFAS export) in one transaction. */
export function importDebtFile(orm: Orm, input: WholeFileInput, options: LoanSourceOptions = {}): Promise<ImportResult> {
  return importWholeFile(orm, new LoanSource(options), input, loadLoans);
}
