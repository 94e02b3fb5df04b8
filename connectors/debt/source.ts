import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TributaryError } from '../../src/errors.js';
import type { Rejected, Source, SourceInput } from '../source.js';
import type { LoanColumnMap } from './column-map.js';
import { readCsvTable } from '../formats/csv-table.js';
import { readDmfasExport } from './dmfas-export.js';
import { parseDmfas } from './dmfas-parse.js';
import { readLoanRows } from './loan-rows.js';
import { ProblemList } from './problems.js';
import type { LoanRecord } from './types.js';

export interface LoanSourceOptions {
  /** How to read a loan-level CSV (`mappings/debt/<name>.json`, read with `readColumnMap`). Not used for a DMFAS export. */
  readonly map?: LoanColumnMap;
}

/**
 * Reads one debt input: a loan-level CSV through a column map, or a DMFAS-style export (a folder
 * or a `.zip` of the four tables of `mappings/debt/dmfas-layout.md`). All or nothing: the whole
 * input is read and checked first, and any problem — a missing column, an unreadable date or
 * amount, a duplicate loan number, an unknown status word, a bad country code, a broken link
 * between tables — is thrown as one `DebtFileError` listing them all; otherwise every loan is
 * yielded. Nothing is ever `Rejected` one by one: a debt file is a set of balances that only
 * make sense together.
 */
export class LoanSource implements Source<LoanRecord> {
  readonly name = 'debt';

  constructor(private readonly options: LoanSourceOptions = {}) {}

  async *read(input: SourceInput, signal: AbortSignal): AsyncGenerator<LoanRecord | Rejected> {
    const file = input.displayName ?? input.path;
    const facts = await stat(input.path).catch(() => {
      throw new TributaryError('FILE_NOT_FOUND', `cannot read ${file}: no such file or folder`, { file });
    });
    const problems = new ProblemList();
    const progress = (bytesRead: number, bytesTotal: number | null, records: number): void =>
      input.onProgress?.({ bytesRead, bytesTotal, records });
    let loans: LoanRecord[];
    if (facts.isDirectory() || input.path.toLowerCase().endsWith('.zip')) {
      const tables = await readDmfasExport({ path: input.path, displayName: file, problems, signal, onProgress: progress });
      loans = parseDmfas(tables, problems);
    } else {
      const map = this.options.map;
      if (!map) {
        throw new TributaryError(
          'BAD_USER_INPUT',
          `${file} is a loan-level CSV: give the column map that reads it (mappings/debt/*.json)`,
          {
            file,
          },
        );
      }
      let bytes = 0;
      let rows = 0;
      const table = await readCsvTable(createReadStream(input.path, { highWaterMark: 256 * 1024 }), {
        file,
        problems,
        signal,
        ...(map.delimiter ? { delimiter: map.delimiter } : {}),
        onBytes: (n) => {
          bytes += n;
          progress(bytes, facts.size, rows);
        },
        onRows: (n) => {
          rows = n;
          progress(bytes, facts.size, rows);
        },
      });
      loans = table ? readLoanRows(table, map, problems) : [];
    }
    signal.throwIfAborted();
    problems.throwIfAny(file);
    yield* loans;
  }
}
