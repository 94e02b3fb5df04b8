import { fork } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { IATI_IMPORT_NODE_FLAGS, IMPORT_NODE_FLAGS } from '../src/cli/import-heap.js';
import { printBaselineReport, printBudgetReport, printReport, type Outcome } from './report.js';
import { budgetFile } from './cases/budget.js';
import { benchExportEndToEnd } from './export-e2e.js';
import { benchStartup } from './startup.js';
import { benchmarkFile, type CaseSpec, type ChildReport } from './shared.js';

/**
 * `npm run bench`: each measurement in its own child process, one after the other (never in
 * parallel: the numbers would compete for the cores), then one table with ratios against (a).
 */
const CASE_SPECS: readonly CaseSpec[] = [
  // The whole document tree must fit in the heap at once.
  { name: 'raw-parse', group: 'iati', label: '(a) raw parse, fast-xml-parser', execArgv: ['--max-old-space-size=8192'] },
  { name: 'split', group: 'iati', label: '(b) streaming split', execArgv: [] },
  { name: 'import-pglite', group: 'iati', label: '(c) import -> PGlite (memory)', execArgv: IATI_IMPORT_NODE_FLAGS },
  { name: 'import-postgresql', group: 'iati', label: '(c) import -> PostgreSQL', execArgv: IATI_IMPORT_NODE_FLAGS, optional: true },
  // The goal's measure: the command's wall clock, start-up and the mapping rules applied included.
  { name: 'command-postgresql', group: 'iati', label: '(c) `import iati` command -> PostgreSQL', execArgv: [], optional: true },
];

/** The budget import against PostgreSQL's own COPY of the same lines (which needs the server). */
const BUDGET_SPECS: readonly CaseSpec[] = [
  { name: 'budget-copy', group: 'budget', label: '(d) PostgreSQL COPY, same rows', execArgv: [], optional: true },
  { name: 'budget-pglite', group: 'budget', label: '(e) import budget -> PGlite', execArgv: IMPORT_NODE_FLAGS },
  { name: 'budget-postgresql', group: 'budget', label: '(f) import budget -> PostgreSQL', execArgv: IMPORT_NODE_FLAGS, optional: true },
];

/** Applying the mapping rules to the benchmark file's activities, against hand-written SQL writing the same rows. */
const MAPPING_SPECS: readonly CaseSpec[] = [
  { name: 'mapping-postgresql', group: 'mapping', label: '(h) mappings apply -> PostgreSQL', execArgv: [], optional: true },
];

/** Two suppressed registry statistics against one plain GROUP BY of the same payments. */
const REGISTRY_SPECS: readonly CaseSpec[] = [
  { name: 'registry-pglite', group: 'registry', label: '(j) registry statistics -> PGlite', execArgv: [] },
  { name: 'registry-postgresql', group: 'registry', label: '(k) registry statistics -> PostgreSQL', execArgv: [], optional: true },
];

/** Reading a large budget workbook, against exceljs's streaming reader on the same file. */
const XLSX_SPECS: readonly CaseSpec[] = [{ name: 'xlsx-read', group: 'xlsx', label: '(m) workbook reader, one sheet', execArgv: [] }];

/** The budget export's writers alone, on generated rows of the view, under the heap the export command runs with; memory at twice the rows. */
const EXPORT_SPECS: readonly CaseSpec[] = [
  { name: 'export-xlsx-100k', group: 'export', label: '(o) XLSX writer, 100,000 rows', execArgv: IMPORT_NODE_FLAGS },
  { name: 'export-xlsx-200k', group: 'export', label: '(o) XLSX writer, 200,000 rows', execArgv: IMPORT_NODE_FLAGS },
  { name: 'export-csv-100k', group: 'export', label: '(q) CSV writer, 100,000 rows', execArgv: IMPORT_NODE_FLAGS },
  { name: 'export-csv-200k', group: 'export', label: '(q) CSV writer, 200,000 rows', execArgv: IMPORT_NODE_FLAGS },
];

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

function runCase(spec: CaseSpec): Promise<ChildReport> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [spec.name], { execArgv: [...spec.execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: ChildReport | undefined;
    child.once('message', (message) => {
      report = message as ChildReport;
    });
    child.once('error', (error) => resolve({ kind: 'failed', error: `cannot start the child: ${error.message}` }));
    child.once('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve(report ?? { kind: 'failed', error: `the child ${how} without reporting (out of memory?)` });
    });
  });
}

/** Bytes of XML inside the file: the MB in MB/s (streamed, so the parent stays small). */
async function xmlBytes(file: string): Promise<number> {
  const stream = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return bytes;
}

async function runCases(specs: readonly CaseSpec[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const spec of specs) {
    console.log(`running ${spec.label} (node ${spec.execArgv.join(' ') || 'with default flags'}) ...`);
    outcomes.push({ spec, report: await runCase(spec) });
  }
  return outcomes;
}

/** `npm run bench` runs every group; `npm run bench -- budget` (or `iati`, `mapping`, `registry`, `xlsx`, `export`, `startup`, `serve`, `split`) one of them;
 * `export-e2e` the export's end-to-end cases alone. */
async function main(): Promise<number> {
  const groups = process.argv.slice(2);
  const wanted = (group: string): boolean => groups.length === 0 || groups.includes(group);
  const outcomes = wanted('iati') ? await benchIati() : [];
  const budgetOutcomes = wanted('budget') ? await benchBudget() : [];
  const mappingOutcomes = wanted('mapping') ? await runCases(MAPPING_SPECS) : [];
  if (mappingOutcomes.length)
    printBaselineReport(mappingOutcomes, { baseline: '(g) hand-written SQL, same rows (CPU s)', unit: 'activities', target: 0.5 });
  const registryOutcomes = wanted('registry') ? await runCases(REGISTRY_SPECS) : [];
  if (registryOutcomes.length) printBaselineReport(registryOutcomes, { baseline: '(i) one GROUP BY of the payments', unit: 'payments' });
  const xlsxOutcomes = wanted('xlsx') ? await runCases(XLSX_SPECS) : [];
  if (xlsxOutcomes.length) printBaselineReport(xlsxOutcomes, { baseline: "(l) exceljs's streaming reader", unit: 'rows' });
  const exportOutcomes = wanted('export') ? await runCases(EXPORT_SPECS) : [];
  for (const format of ['xlsx', 'csv'] as const) {
    const outcomes = exportOutcomes.filter(({ spec }) => spec.name.startsWith(`export-${format}`));
    if (outcomes.length)
      printBaselineReport(outcomes, {
        baseline: format === 'xlsx' ? "(n) exceljs's streaming writer" : '(p) cells joined by commas',
        unit: 'rows',
      });
  }
  // The end-to-end export (`export-e2e` alone): a generated country on PostgreSQL, the command as an operator runs it.
  const exportOk = wanted('export') || groups.includes('export-e2e') ? await benchExportEndToEnd() : true;
  if (wanted('startup')) await benchStartup();
  // Loaded only when asked: PostGraphile and autocannon are the bench's own devDependencies.
  const serveOk = wanted('serve') ? await (await import('./serve/index.js')).benchServe() : true;
  const splitOk = wanted('split') ? await (await import('./serve/split.js')).benchSplit() : true;
  // PostgreSQL may be missing on this machine; every other case must have run.
  const ok = [...outcomes, ...budgetOutcomes, ...mappingOutcomes, ...registryOutcomes, ...xlsxOutcomes, ...exportOutcomes].every(
    ({ spec, report }) => report.kind === 'measured' || (report.kind === 'unavailable' && spec.optional),
  );
  return ok && serveOk && exportOk && splitOk ? 0 : 1;
}

async function benchIati(): Promise<Outcome[]> {
  const file = benchmarkFile();
  const bytes = await xmlBytes(file);
  console.log(
    `tributary bench: ${path.basename(file)} (${(statSync(file).size / 1e6).toFixed(1)} MB gzip, ` +
      `${bytes.toLocaleString('en')} bytes of XML)`,
  );
  console.log(
    `machine: ${availableParallelism()} cores (os.availableParallelism), node ${process.version}, ${process.platform} ${process.arch}, ` +
      `load average ${loadavg()[0]?.toFixed(2)} at start (other work on the machine slows every case)`,
  );
  console.log(
    'note: the baseline (a) reads, gunzips and decodes the file, then parses it as one string (all timed, as the import reads it); ' +
      'every case runs in its own child process, one at a time, so peak RSS is per case',
  );
  const outcomes = await runCases(CASE_SPECS);
  printReport(outcomes, bytes);
  return outcomes;
}

async function benchBudget(): Promise<Outcome[]> {
  const budget = budgetFile();
  console.log(`\ntributary bench, budget: ${path.basename(budget)} (${(statSync(budget).size / 1e6).toFixed(1)} MB zip, CP850 CSV inside)`);
  const outcomes = await runCases(BUDGET_SPECS);
  printBudgetReport(outcomes);
  return outcomes;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
