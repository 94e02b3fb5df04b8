import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openWorkbook } from '../../connectors/formats/workbook.js';
import { DEFAULT_ZIP_LIMITS } from '../../connectors/formats/zip.js';
import type { Measurement } from '../shared.js';

/** A budget export in long format, as a large ministry's would be. */
const ROWS = 200_000;

/**
 * (m) The workbook reader on one sheet of 200,000 rows × 8 columns (shared strings, numbers),
 * against (l) exceljs's streaming reader on the same file in the same process. Writing the file
 * is not timed. exceljs loses the workbook part of about one read in 300 (exceljs/exceljs#3064):
 * a baseline read that fails that way is tried again.
 */
export async function xlsxRead(): Promise<Measurement> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-bench-xlsx-'));
  try {
    const file = path.join(dir, 'budget.xlsx');
    await writeWorkbook(file);
    const baseline = await timed(() => retryingExceljsRows(file));
    let cells = 0;
    const read = await timed(async () => {
      const workbook = await openWorkbook(file, 'budget.xlsx', DEFAULT_ZIP_LIMITS);
      try {
        let rows = 0;
        for await (const row of workbook.rows(workbook.sheets[0] ?? '')) {
          rows += 1;
          cells += row.cells.length;
        }
        return rows;
      } finally {
        workbook.close();
      }
    });
    return {
      seconds: read.seconds,
      records: read.result,
      counts: null,
      note: `${ROWS.toLocaleString('en')} rows, ${cells.toLocaleString('en')} cells; exceljs read ${baseline.result.toLocaleString('en')} rows`,
      baselineSeconds: baseline.seconds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeWorkbook(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet('Budget');
  sheet.addRow(['FY', 'Ministry', 'Department', 'Economic', 'Project', 'Currency', 'Stage', 'Amount']).commit();
  const stages = ['Budget', 'Revised', 'Spent'];
  for (let i = 1; i < ROWS; i += 1) {
    sheet.addRow(['2025/26', 10 + (i % 40), i % 7, 2100 + (i % 90), `P-${i % 500}`, 'MWK', stages[i % 3], i * 1.25]).commit();
  }
  await sheet.commit();
  await writer.commit();
}

async function retryingExceljsRows(file: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await exceljsRows(file);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("reading 'sheets'")) throw error;
    }
  }
}

async function exceljsRows(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  // Rows run 1 to ROWS without gaps: the last row's number is how many were read.
  let last = 0;
  for await (const worksheet of reader) for await (const row of worksheet) last = row.number;
  return last;
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}
