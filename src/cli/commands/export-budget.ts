import { userInfo } from 'node:os';
import path from 'node:path';
import type { Config } from '../../config.js';
import { TributaryError } from '../../errors.js';
import { exportBudget, type BudgetExportSummary, type ExportFormat } from '../../export/budget.js';
import { openDatabase } from '../database.js';
import { partialFile } from '../partial-file.js';

export interface ExportBudgetOptions {
  readonly country: string;
  readonly output: string;
  readonly format?: string;
  readonly fy?: string[];
  readonly quarters?: boolean;
  readonly segment?: string;
  readonly treasury?: string[];
  readonly budget?: string[];
  readonly donor?: string[];
  readonly sector?: string[];
  readonly vote?: string[];
  readonly financeType?: string[];
  readonly currency?: string;
  readonly by?: string;
}

/** `--fy 2024/25,2025/26` and `--fy 2024/25 --fy 2025/26` alike. */
const listOf = (values: readonly string[] | undefined): string[] | undefined =>
  values
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');

function formatOf(options: ExportBudgetOptions): ExportFormat {
  const format = (options.format ?? path.extname(options.output).slice(1)).toLowerCase();
  if (format === 'xlsx' || format === 'csv') return format;
  throw new TributaryError('BAD_USER_INPUT', `--format: "${options.format ?? format}" is neither xlsx nor csv`, { field: 'format' });
}

/** Rows written so far, on one line of a terminal (how many rows there will be is not known ahead). */
function rowCounter(): { tick: () => void; stop: () => void } {
  if (!process.stderr.isTTY) return { tick: () => undefined, stop: () => undefined };
  let rows = 0;
  let shown = 0;
  return {
    tick() {
      rows += 1;
      const now = Date.now();
      if (now - shown < 200) return;
      shown = now;
      process.stderr.write(`\rexport budget: ${rows.toLocaleString('en')} rows`);
    },
    stop: () => process.stderr.write('\r\u001b[K'),
  };
}

function summaryLine(summary: BudgetExportSummary, file: string, format: ExportFormat, seconds: number): string {
  const s = summary;
  const sheets = format === 'xlsx' ? `; ${s.ratesUsed} rates used and ${s.unmappedSources} unmapped sources listed` : '';
  return `${file}: ${s.rows.toLocaleString('en')} rows for ${s.activities} activities (${format.toUpperCase()})${sheets}, in ${seconds.toFixed(1)} s`;
}

/**
 * `tributary export budget --country MW --fy 2025/26 --treasury off -o aid.xlsx`: the aid-on-budget
 * view as XLSX or CSV. Written beside its name and renamed when complete, read in one
 * repeatable-read transaction: a refused or failed export leaves no file. Exit 2 on a bad filter.
 */
export async function exportBudgetCommand(config: Config, options: ExportBudgetOptions): Promise<number> {
  const started = performance.now();
  let format: ExportFormat;
  try {
    format = formatOf(options);
  } catch (error) {
    process.stderr.write(`tributary export budget: ${(error as Error).message}\n`);
    return 2;
  }
  const file = await partialFile(options.output);
  const out = file.out;
  const orm = await openDatabase(config).catch(async (error: unknown) => {
    await file.discard();
    throw error;
  });
  const counter = rowCounter();
  try {
    const request = {
      country: options.country,
      segment: options.segment,
      fiscalYears: listOf(options.fy),
      quarters: options.quarters ?? false,
      treasury: listOf(options.treasury),
      budget: listOf(options.budget),
      donors: listOf(options.donor),
      sectors: listOf(options.sector),
      votes: listOf(options.vote),
      financeTypes: listOf(options.financeType),
      currency: options.currency,
    };
    const job = { request, format, by: options.by ?? userInfo().username, at: new Date(), onRow: counter.tick };
    const summary = await orm.em
      .fork()
      .transactional((em) => exportBudget(em, out, job), { isolationLevel: 'repeatable read', readOnly: true });
    await file.commit();
    counter.stop();
    process.stdout.write(`${summaryLine(summary, options.output, format, (performance.now() - started) / 1000)}\n`);
    return 0;
  } catch (error) {
    counter.stop();
    await file.discard();
    if (!(error instanceof TributaryError) || error.code !== 'BAD_USER_INPUT') throw error;
    process.stderr.write(`tributary export budget: ${error.message}\n`);
    return 2;
  } finally {
    await orm.close();
  }
}
