import type { Config } from '../../config.js';
import { IatiExportError, writeIatiExport, type IatiExportSummary } from '../../export/iati/write.js';
import { openDatabase } from '../database.js';
import { partialFile } from '../partial-file.js';

export interface ExportIatiOptions {
  readonly country: string;
  readonly output: string;
  readonly segment?: string;
}

function summaryLines(summary: IatiExportSummary, file: string, seconds: number): string[] {
  const s = summary;
  const lines = [
    `${file}: ${s.activities} activities in ${s.country} (${s.withChartCodes} with ${s.country}'s ${s.segment} codes as country-budget-items), ${s.transactions} transactions, IATI 2.03, in ${seconds.toFixed(1)} s`,
  ];
  if (s.titleAsDescription > 0)
    lines.push(`  ${s.titleAsDescription} activities published without a description: their title is written as one`);
  if (s.untypedTransactions > 0)
    lines.push(
      `  ${s.untypedTransactions} transactions left out: without a type, or one outside the TransactionType codelist (IATI 2.03 requires one)`,
    );
  if (s.droppedCodes > 0) lines.push(`  ${s.droppedCodes} codes outside today's IATI codelists (from 1.0x data) left out`);
  if (s.leftOut.length > 0) {
    const shown = s.leftOut.slice(0, 5).map((a) => `${a.iatiIdentifier} (no ${a.missing})`);
    const more = s.leftOut.length > shown.length ? ` and ${s.leftOut.length - shown.length} more` : '';
    lines.push(`  ${s.leftOut.length} activities left out, a part IATI 2.03 requires missing: ${shown.join(', ')}${more}`);
  }
  return lines;
}

/**
 * `tributary export iati --country XX -o file.xml`. The file is written beside its name and
 * renamed when complete, in one repeatable-read transaction: a refused or failed export leaves
 * no file, and a concurrent import is not half in it. Exit code 2 on a refusal (bad country…).
 */
export async function exportIati(config: Config, options: ExportIatiOptions): Promise<number> {
  const started = performance.now();
  const file = await partialFile(options.output);
  const out = file.out;
  const orm = await openDatabase(config).catch(async (error: unknown) => {
    await file.discard();
    throw error;
  });
  try {
    const summary = await orm.em
      .fork()
      .transactional(
        (em) => writeIatiExport(em, { country: options.country, segment: options.segment, publisher: config.iatiPublisher }, out),
        { isolationLevel: 'repeatable read', readOnly: true },
      );
    await file.commit();
    for (const line of summaryLines(summary, options.output, (performance.now() - started) / 1000)) process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    await file.discard();
    if (!(error instanceof IatiExportError)) throw error;
    process.stderr.write(`tributary export iati: ${error.message}\n`);
    return 2;
  } finally {
    await orm.close();
  }
}
