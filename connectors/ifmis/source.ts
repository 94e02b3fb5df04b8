import type { Coa } from '../../src/finance/coa/load.js';
import type { Rejected, Source, SourceInput } from '../source.js';
import type { ColumnMap } from './column-map.js';
import { budgetLines } from './read.js';
import type { BudgetRecord } from './types.js';
import type { ZipLimits } from '../formats/zip.js';

export interface BudgetSourceOptions {
  readonly map: ColumnMap;
  readonly coa?: Coa;
  /** A fiscal year for every line, replacing the map's. */
  readonly fiscalYear?: string;
  readonly zipLimits?: ZipLimits;
}

/**
 * Budget lines from one IFMIS export. All or nothing: a file with any problem throws one
 * `BudgetFileError` listing them all once it has been read to the end, so nothing is ever
 * rejected line by line; lines yielded before that are void (the importer's transaction rolls
 * them back).
 */
export class BudgetSource implements Source<BudgetRecord> {
  readonly name = 'budget';

  constructor(private readonly options: BudgetSourceOptions) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<BudgetRecord | Rejected> {
    const records = budgetLines(input.path, this.options.map, {
      displayName: input.displayName,
      coa: this.options.coa,
      fiscalYear: this.options.fiscalYear,
      onProgress: input.onProgress,
      signal,
      zipLimits: this.options.zipLimits,
    });
    for await (const record of records) {
      signal.throwIfAborted();
      yield record;
    }
  }
}
