import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { FILE_SPECS, RECORD_TYPES } from '../../../../connectors/registry/columns.js';
import { numberText } from '../../../../connectors/formats/numbers.js';
import type { RegistryBatch } from '../../../../connectors/registry/types.js';
import { recordsOf, type WrittenFile } from './csv.js';

/**
 * The same export as one workbook, one sheet per record type (named as the CSV files, without
 * `.csv`), as a spreadsheet user would keep it: dates as date cells, amounts and levels as
 * numbers (when the number is exactly the decimal), recipients as booleans. Streamed to disk.
 */
const MAX_ROWS = 1_048_576;

export async function writeRegistryXlsx(batch: RegistryBatch, file: string): Promise<WrittenFile[]> {
  await mkdir(path.dirname(file), { recursive: true });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const written: WrittenFile[] = [];
  for (const type of RECORD_TYPES) {
    const spec = FILE_SPECS[type];
    const records = recordsOf(batch, spec);
    if (records.length + 1 > MAX_ROWS) throw new Error(`${records.length} ${type} do not fit in one sheet; write CSV instead`);
    const sheet = workbook.addWorksheet(type);
    sheet.addRow(spec.columns.map((column) => column.name)).commit();
    for (const record of records) {
      const fields = record as Readonly<Record<string, unknown>>;
      const row = sheet.addRow(spec.columns.map((column) => cellValue(column.kind, fields[column.field])));
      spec.columns.forEach((column, at) => {
        if (column.kind === 'date' && fields[column.field] !== null) row.getCell(at + 1).numFmt = 'yyyy-mm-dd';
      });
      row.commit();
    }
    sheet.commit();
    written.push({ file: `${file}#${type}`, rows: records.length });
  }
  await workbook.commit();
  return written;
}

function cellValue(kind: string, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (kind === 'date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  if (kind === 'amount' && typeof value === 'string' && numberText(Number(value)) === value) return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
