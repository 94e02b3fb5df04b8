import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BudgetFileError } from '../formats/problems.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../formats/zip.js';
import { TributaryError } from '../../src/errors.js';
import { checkRegistryColumnMap, type RegistryColumnMap } from './column-map.js';
import { checkReferences } from './checks.js';
import { FILE_SPECS, RECORD_TYPES, REQUIRED_TYPES, type RecordType } from './columns.js';
import { RegistryProblems, type RegistryProblemCode } from './problems.js';
import { csvTableRows, readWorkbook } from './rows.js';
import { TableReader, type Table, type TableRow } from './table.js';
import type { RegistryBatch, RegistryProblem } from './types.js';
import { dateReader, type ValueContext } from './values.js';

export interface ReadRegistryOptions {
  /** How the export names its files, columns and values (default: our own export's). */
  readonly map?: RegistryColumnMap;
  /** The day the import runs (ISO date or a Date, read in UTC): later dates are reported as in the future. */
  readonly today: string | Date;
  readonly zipLimits?: ZipLimits;
}

export interface RegistryRead {
  /** Every record that could be read. With any problem, the batch must not be loaded. */
  readonly batch: RegistryBatch;
  /** Every problem of every file, by record type (files in RECORD_TYPES order), then row. */
  readonly problems: RegistryProblem[];
}

/**
 * Reads a registry export folder: `<type>.csv` files and/or XLSX workbooks whose sheets are named
 * by record type (see columns.ts), through an optional column map. Other files (a README, the
 * map itself) are left alone; a CSV file that is no record type is reported. Never throws for a
 * problem of the data; a bad column map, `today` or a missing folder are thrown.
 */
export async function readRegistryFolder(dir: string, options: ReadRegistryOptions): Promise<RegistryRead> {
  const map = options.map;
  if (map) checkRegistryColumnMap(map);
  const context: ValueContext = {
    today: isoToday(options.today),
    dates: dateReader(map?.dateFormat),
    numbers: map?.numbers ?? {},
  };
  const names = await readdir(dir, { withFileTypes: true }).then(
    (entries) => entries.filter((entry) => entry.isFile()).map((entry) => entry.name),
    () => {
      throw new TributaryError('FILE_NOT_FOUND', `cannot read registry folder ${dir}: no such folder`, { file: dir });
    },
  );
  const problems = new RegistryProblems();
  const tables = new Map<RecordType, Table>();
  const csvFiles = new Map(RECORD_TYPES.map((type) => [(map?.files?.[type]?.file ?? `${type}.csv`).toLowerCase(), type]));
  const sheets = new Map(RECORD_TYPES.map((type) => [(map?.files?.[type]?.sheet ?? type).toLowerCase(), type]));

  const open = (type: RecordType, file: string, strictWidth: boolean): TableReader | null => {
    const earlier = tables.get(type);
    if (earlier) {
      problems.add(file, null, null, '', 'DUPLICATE_FILE', `${type} are already read from ${earlier.file}; give them once`);
      return null;
    }
    const reader = new TableReader(FILE_SPECS[type], file, map?.files?.[type], context, problems, strictWidth);
    tables.set(type, reader.table);
    return reader;
  };

  for (const name of names.sort()) {
    const lower = name.toLowerCase();
    const full = path.join(dir, name);
    const type = csvFiles.get(lower);
    if (type) {
      const reader = open(type, name, true);
      if (!reader) continue;
      const read = await guard(name, problems, () => feedAll(reader, csvTableRows(full, name, map?.delimiter ?? ',', map?.encoding)));
      if (!read) reader.table.readable = false;
    } else if (lower.endsWith('.xlsx') && !name.startsWith('~$')) {
      // (`~$…` is the lock file a spreadsheet leaves beside a workbook it has open.)
      const sheet: { reading: Table | null } = { reading: null };
      const read = await guard(name, problems, async () => {
        await readWorkbook(full, name, options.zipLimits ?? DEFAULT_ZIP_LIMITS, (sheetName) => {
          const sheetType = sheets.get(sheetName.trim().toLowerCase());
          const reader = sheetType ? open(sheetType, `${name}, sheet ${sheetName}`, false) : null;
          if (!reader) return null;
          sheet.reading = reader.table;
          return {
            take: (row) => reader.take(row),
            end: () => {
              sheet.reading = null;
              reader.end();
            },
          };
        });
      });
      // A sheet the workbook broke off in the middle of.
      if (!read && sheet.reading) sheet.reading.readable = false;
    } else if (lower.endsWith('.csv')) {
      const known = RECORD_TYPES.map((t) => map?.files?.[t]?.file ?? `${t}.csv`).join(', ');
      problems.add(name, null, null, '', 'UNKNOWN_FILE', `${name} is no record type of the export (the files are ${known})`);
    }
  }
  const fileName = (type: RecordType): string => map?.files?.[type]?.file ?? `${type}.csv`;
  for (const type of REQUIRED_TYPES) {
    if (tables.has(type)) continue;
    const sheet = map?.files?.[type]?.sheet ?? type;
    problems.add(
      fileName(type),
      null,
      null,
      '',
      'MISSING_FILE',
      `no ${fileName(type)} in the folder, nor a sheet named ${sheet} in a workbook`,
    );
  }
  checkReferences(tables, problems, fileName);
  const fileOrder = RECORD_TYPES.map((type) => tables.get(type)?.file ?? fileName(type));
  return { batch: batchOf(tables), problems: problems.sorted(fileOrder) };
}

function isoToday(today: string | Date): string {
  const text = today instanceof Date ? today.toISOString().slice(0, 10) : today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new TributaryError('BAD_USER_INPUT', `today must be an ISO date, not "${text}"`);
  return text;
}

async function feedAll(reader: TableReader, rows: AsyncIterable<TableRow>): Promise<void> {
  for await (const row of rows) if (!reader.take(row)) return;
  reader.end();
}

const FATAL: Readonly<Record<string, RegistryProblemCode>> = {
  INVALID_CSV: 'INVALID_CSV',
  INVALID_ENCODING: 'INVALID_ENCODING',
  INVALID_ZIP: 'INVALID_XLSX',
};

/** Reading errors that make a file unreadable become its problems (and false); anything else is thrown. */
async function guard(file: string, problems: RegistryProblems, read: () => Promise<void>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (error instanceof BudgetFileError) {
      for (const p of error.problems) problems.add(p.file, p.row ?? null, null, '', FATAL[p.code] ?? 'INVALID_CSV', p.message);
    } else if (error instanceof TributaryError && error.code === 'LIMIT_EXCEEDED') {
      problems.add(file, null, null, '', 'LIMIT_EXCEEDED', error.message);
    } else if (file.toLowerCase().endsWith('.xlsx') && !(error instanceof TributaryError)) {
      problems.add(
        file,
        null,
        null,
        '',
        'INVALID_XLSX',
        `not readable as an XLSX workbook: ${error instanceof Error ? error.message : String(error)}`,
      );
    } else throw error;
    return false;
  }
}

function batchOf(tables: ReadonlyMap<RecordType, Table>): RegistryBatch {
  const records = (type: RecordType): never[] => (tables.get(type)?.records ?? []) as never[];
  return {
    programmes: records('programmes'),
    funding: records('programme-funding'),
    areas: records('areas'),
    households: records('households'),
    individuals: records('individuals'),
    memberships: records('memberships'),
    enrolments: records('enrolments'),
    payments: records('payments'),
    grievances: records('grievances'),
    changes: records('household-changes'),
  };
}
