import type { Config } from '../../config.js';
import { loadChart } from '../../finance/coa/load-chart.js';
import { openDatabase } from '../database.js';

export interface CoaLoadOptions {
  readonly retire?: readonly string[];
  readonly by: string;
}

/** `tributary coa load <folder | workbook.xlsx> [--retire segment:code…]`: prints the version written. */
export async function coaLoadCommand(config: Config, input: string, options: CoaLoadOptions): Promise<number> {
  const orm = await openDatabase(config);
  try {
    const result = await loadChart(orm.em.fork(), input, { by: options.by, ...(options.retire ? { retire: options.retire } : {}) });
    if (!result.written) {
      process.stdout.write(`${result.country}: the chart is already version ${result.version}; nothing changed\n`);
      return 0;
    }
    const retired = result.retired.length ? `, retired ${result.retired.join(' ')}` : '';
    process.stdout.write(
      `${result.country}: chart of accounts version ${result.version} (${result.added} codes added, ${result.changed} changed, ${result.removed} removed${retired})\n`,
    );
    return 0;
  } finally {
    await orm.close();
  }
}
