import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { AmountKind } from '../../src/aid/projection-facts.js';
import { BUDGET_COLUMNS } from '../../src/export/budget-columns.js';
import { writeCsvExport } from '../../src/export/csv-stream.js';
import { write } from '../../src/export/write.js';
import { writeXlsx, xlsxSheet } from '../../src/export/xlsx.js';
import type { AidProjectionRow, Converted, RowAmount } from '../../src/mapping/projection/row.js';
import { ALIGNMENT_DIMENSIONS } from '../../src/mapping/types.js';
import type { Measurement } from '../shared.js';

/**
 * The budget export's writers alone, on generated rows of the view (48 columns each: text, exact
 * amounts in three currencies, alignment): (o) our XLSX writer against (n) exceljs's streaming
 * writer on the same rows and columns, (q) our CSV writer against (p) each row's cells joined by
 * commas (no quoting, no neutralising: the floor). Ours runs first and its peak RSS is the one
 * reported; 100,000 and 200,000 rows in separate processes show whether memory stays flat.
 */
const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];

function converted(amount: string, currency: string, rate: string): Converted {
  return {
    amount,
    currency,
    onTreasury: amount,
    offTreasury: '0.00',
    rate,
    valueDate: '2025-09-30',
    rateDate: '2025-09-30',
    source: 'RBM',
    error: null,
  };
}

export function* generatedRows(count: number): Generator<AidProjectionRow> {
  for (let i = 0; i < count; i += 1) {
    const value = ((i * 7919) % 10_000_000) / 100;
    const amount = (kind: number): RowAmount => {
      const usd = (value * (kind + 1)).toFixed(2);
      return {
        transaction: { amount: usd, currency: 'USD', onTreasury: usd, offTreasury: '0.00' },
        national: converted((Number(usd) * 1734.5).toFixed(2), 'MWK', '1734.500000'),
        usd: converted(usd, 'USD', '1'),
        presented: converted((Number(usd) * 1734.5).toFixed(2), 'MWK', '1734.500000'),
      };
    };
    yield {
      iatiIdentifier: `XM-DAC-41108-${100000 + (i % 20_000)}`,
      title: `Support to district health services, phase ${i % 9} & <rural> outreach`,
      fiscalYear: 2020 + (i % 6),
      fiscalYearLabel: `${2020 + (i % 6)}/${String(21 + (i % 6)).padStart(2, '0')}`,
      quarter: null,
      segment: 'administrative',
      code: `${300 + (i % 40)}`,
      codeName: 'Ministry of Health',
      share: '50.00',
      otherCodes: [{ segment: 'functional', code: '0721', name: 'General medical services', share: '100' }],
      donor: { ref: 'GB-GOV-1', name: 'UK - Foreign, Commonwealth and Development Office' },
      implementer: { ref: null, name: 'Ministry of Health' },
      counterpart: { ref: 'MW-MOH', name: 'Ministry of Health' },
      financeType: i % 5 === 0 ? 'loan' : 'grant',
      iatiFinanceType: '110',
      alignment: Object.fromEntries(
        ALIGNMENT_DIMENSIONS.map((dimension, d) => [
          dimension,
          { status: (i + d) % 3 === 0 ? 'PARTLY' : 'YES', share: '60.00', reasons: ['disbursed through the treasury'] },
        ]),
      ) as unknown as AidProjectionRow['alignment'],
      amounts: Object.fromEntries(KINDS.map((kind, k) => [kind, amount(k)])) as AidProjectionRow['amounts'],
    };
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function toFile(file: string, run: (out: Writable) => Promise<unknown>): Promise<void> {
  const out = createWriteStream(file);
  await run(out);
  if (!out.writableEnded) out.end();
  await finished(out);
}

export async function exportWriter(format: 'xlsx' | 'csv', rows: number): Promise<Measurement> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tributary-bench-export-'));
  try {
    const ours = path.join(dir, `ours.${format}`);
    const seconds = await timed(() =>
      toFile(ours, (out) =>
        format === 'xlsx'
          ? writeXlsx(out, [xlsxSheet({ name: 'Aid on budget', columns: BUDGET_COLUMNS, rows: generatedRows(rows), table: true })], {
              creator: 'bench',
              created: new Date(),
            })
          : writeCsvExport(out, BUDGET_COLUMNS, generatedRows(rows)),
      ),
    );
    const peakRssKb = process.resourceUsage().maxRSS;
    const size = (await stat(ours)).size;
    const baseline = path.join(dir, `baseline.${format}`);
    const baselineSeconds = await timed(() => (format === 'xlsx' ? exceljsWrite(baseline, rows) : joinedWrite(baseline, rows)));
    return {
      seconds,
      records: rows,
      counts: null,
      note: `${BUDGET_COLUMNS.length} columns, ${(size / 1e6).toFixed(1)} MB written; baseline ${format === 'xlsx' ? "exceljs's streaming writer" : 'cells joined by commas'}`,
      baselineSeconds,
      peakRssKb,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function exceljsWrite(file: string, rows: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = writer.addWorksheet('Aid on budget', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(BUDGET_COLUMNS.map((column) => column.header)).commit();
  for (const row of generatedRows(rows)) {
    const added = sheet.addRow(
      BUDGET_COLUMNS.map((column) => {
        const value = column.value(row);
        return column.kind === 'text' || value === null ? value : Number(value);
      }),
    );
    BUDGET_COLUMNS.forEach((column, i) => {
      if (column.format) added.getCell(i + 1).numFmt = column.format(row);
    });
    added.commit();
  }
  await sheet.commit();
  await writer.commit();
}

async function joinedWrite(file: string, rows: number): Promise<void> {
  await toFile(file, async (out) => {
    let lines = '';
    for (const row of generatedRows(rows)) {
      lines += `${BUDGET_COLUMNS.map((column) => column.value(row) ?? '').join(',')}\n`;
      if (lines.length > 1 << 16) {
        await write(out, lines);
        lines = '';
      }
    }
    await write(out, lines);
  });
}
