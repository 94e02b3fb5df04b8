import { readFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Decimal } from 'decimal.js';
import { writeCsv } from '../../../connectors/formats/csv.js';
import type { Config } from '../../config.js';
import type { EntityManager } from '../../db/orm.js';
import { coaSegments } from '../../finance/coa-lookup.js';
import { activitiesToApply, applyToActivities } from '../../mapping/apply/run.js';
import { coverageTotals, unmappedSources, type CoverageOptions } from '../../mapping/coverage.js';
import { MappingRejected } from '../../mapping/rules/rejected.js';
import { applyMappingSheet } from '../../mapping/rules/sheet-apply.js';
import { openDatabase } from '../database.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);

/** `tributary mappings load <sheet>`: a CSV or XLSX mapping sheet, all rows or none. */
export async function loadSheet(config: Config, file: string, options: { json?: boolean }): Promise<number> {
  const bytes = await readFile(file);
  const orm = await openDatabase(config);
  try {
    const summary = await orm.em.fork().transactional((em) => applyMappingSheet(em, bytes, path.basename(file), config.operator));
    if (options.json) out(JSON.stringify(summary));
    else {
      out(
        `${file}: ${summary.rows} rows applied as ${config.operator}: ${summary.created} created, ${summary.updated} updated, ${summary.retired} retired, ${summary.unchanged} unchanged`,
      );
      out(`${summary.reapplied} activities re-applied (batch ${summary.batch})`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof MappingRejected)) throw error;
    if (options.json) out(JSON.stringify({ refused: true, problems: error.problems }));
    else {
      process.stderr.write(
        `${file}: refused, nothing was changed (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'})\n`,
      );
      for (const problem of error.problems) process.stderr.write(`  ${problem.message}\n`);
    }
    return 1;
  } finally {
    await orm.close();
  }
}

/** `tributary mappings apply`: re-applies every activity (or only those imported since, with --stale), with progress. */
export async function applyAll(config: Config, options: { stale?: boolean }): Promise<number> {
  const orm = await openDatabase(config);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'applying |{bar}| {value}/{total} activities | {eta_formatted}', stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  try {
    const started = Date.now();
    const summary = await orm.em.fork().transactional(async (em) => {
      const ids = await activitiesToApply(em, options.stale ? 'stale' : 'all');
      bar?.start(ids.length, 0);
      return applyToActivities(em, ids, { onProgress: (done) => bar?.update(done) });
    });
    bar?.stop();
    out(`${summary.activities} activities applied: ${summary.assignments} assignments (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    bar?.stop();
    await orm.close();
  }
}

export interface CoverageCommandOptions {
  readonly segment: string;
  readonly country?: string;
  readonly fy?: number;
  readonly donor?: string;
  readonly limit: number;
  readonly csv?: boolean;
}

function table(rows: readonly (readonly string[])[], numeric: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const thousands = (amount: string) =>
  amount.replace(/^(-?)(\d+)/, (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/**
 * Why `segment` of `country`'s chart cannot be covered, or null: without a chart (or that segment)
 * nothing can be placed there, and "nothing is unmapped" would say the opposite.
 */
async function unknownChartSegment(em: EntityManager, country: string, segment: string): Promise<string | null> {
  const segments = await coaSegments(em);
  const own = segments.filter((s) => s.country === country).map((s) => `coa:${s.segment}`);
  if (own.length === 0) {
    const charts = [...new Set(segments.map((s) => s.country))].join(', ') || 'none';
    return `${country} has no chart of accounts loaded, so nothing can be placed in its ${segment}: load one first (countries with a chart: ${charts})`;
  }
  return own.includes(segment) ? null : `${country}'s chart of accounts has no segment ${segment}; its segments: ${own.join(', ')}`;
}

/** `tributary mappings coverage`: totals per currency, then the codes leaving the most money unmapped, per donor. */
export async function coverage(config: Config, options: CoverageCommandOptions): Promise<number> {
  if (options.segment !== 'cofog' && !options.country) {
    process.stderr.write(`--segment ${options.segment} is a national segment: give --country\n`);
    return 2;
  }
  const orm = await openDatabase(config);
  try {
    const em = orm.em.fork();
    const query: CoverageOptions = {
      target: { scheme: options.segment, country: options.segment === 'cofog' ? null : options.country!.toUpperCase() },
      fiscalYear: options.fy ?? null,
      donor: options.donor ?? null,
    };
    const unknown = query.target.country ? await unknownChartSegment(em, query.target.country, options.segment) : null;
    if (unknown) {
      process.stderr.write(`${unknown}\n`);
      return 2;
    }
    const [totals, unmapped] = await Promise.all([coverageTotals(em, query), unmappedSources(em, query, options.limit)]);
    if (options.csv) {
      process.stdout.write(
        writeCsv(
          unmapped.map((u) => [
            u.donorRef ?? '',
            u.donorName ?? '',
            u.sourceScheme ?? '',
            u.sourceCode ?? '',
            u.currency,
            u.amount,
            u.activities,
          ]),
          ['donor_ref', 'donor_name', 'source_scheme', 'source_code', 'currency', 'unmapped_amount', 'activities'],
        ),
      );
      return 0;
    }
    const where = `${options.segment}${query.target.country ? ` of ${query.target.country}` : ''}${options.fy ? `, fiscal year ${options.fy}` : ''}`;
    out(`Disbursements and expenditures placed in ${where}`);
    out('');
    const share = (t: (typeof totals)[number]) => (t.mappedShare === null ? '' : `${new Decimal(t.mappedShare).toFixed(1)} %`);
    for (const line of table(
      [
        ['currency', 'total', 'mapped', 'unmapped', 'mapped %'],
        ...totals.map((t) => [t.currency, thousands(t.total), thousands(t.mapped), thousands(t.unmapped), share(t)]),
      ],
      new Set([1, 2, 3, 4]),
    ))
      out(line);
    out('');
    out(unmapped.length ? 'What leaves money unmapped, the largest first' : 'Nothing is unmapped.');
    if (unmapped.length) {
      const rows = unmapped.map((u) => [
        u.donorName ?? u.donorRef ?? '',
        `${u.sourceScheme ?? '(nothing reported)'} ${u.sourceCode ?? ''}`.trim(),
        u.currency,
        thousands(u.amount),
        String(u.activities),
      ]);
      for (const line of table([['donor', 'code', 'currency', 'unmapped', 'activities'], ...rows], new Set([3, 4]))) out(line);
    }
    return 0;
  } finally {
    await orm.close();
  }
}
