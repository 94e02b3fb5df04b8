import type { EntityManager } from '../../db/orm.js';
import { readChart } from './read-chart.js';
import { writeChart, type ChartWritten } from './table.js';

export interface LoadChartOptions {
  /** How the folder or workbook is named in messages and in the version's record. */
  readonly displayName?: string;
  readonly by: string;
  /** `segment:code` of each used code the new version drops on purpose. */
  readonly retire?: readonly string[];
}

/**
 * `tributary coa load`: a country's chart of accounts from a folder or a workbook, validated
 * whole, then written as its new version in one transaction (or nothing, with every problem).
 */
export async function loadChart(em: EntityManager, input: string, options: LoadChartOptions): Promise<ChartWritten> {
  const display = options.displayName ?? input;
  const coa = await readChart(input, display);
  return em.transactional((tx) =>
    writeChart(tx, coa, { origin: 'load', input: display, by: options.by, ...(options.retire ? { retire: options.retire } : {}) }),
  );
}
