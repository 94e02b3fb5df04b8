import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import type { ExportBudgetOptions } from './commands/export-budget.js';
import { announceMode, loadConfig, type Config } from '../config.js';
import { tokenCommand } from './commands/token.js';
import { packageVersion } from './version.js';

/**
 * `tributary`'s commands (main.ts starts it): imports, the database, the published schema, and
 * the server. Each command's module is loaded when it runs, so `--help` and the small commands
 * start fast.
 */
function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

async function run(action: (config: Config) => Promise<number | void>, defaultEnv: Config['env'] = 'development'): Promise<void> {
  const code = await action(loadConfig(undefined, defaultEnv));
  if (typeof code === 'number') process.exitCode = code;
}

/** An import command: a stop signal rolls its run back (stopping.ts) and decides the exit code. */
async function runImportCommand(action: (config: Config, signal: AbortSignal) => Promise<number>): Promise<void> {
  const { stopExitCode, stopOnSignals } = await import('./stopping.js');
  const signal = stopOnSignals();
  await run((config) => action(config, signal));
  process.exitCode = stopExitCode() ?? process.exitCode;
}

const program = new Command('tributary')
  .description('GraphQL hub joining aid (IATI), public finance and social-protection data for a Ministry of Finance')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError();

const importCommand = program.command('import').description('load data from a source');
importCommand
  .command('iati')
  .description('import IATI activity files (.xml or .xml.gz, 1.0x or 2.0x), or every such file in a folder')
  .argument('<paths...>', 'files or folders')
  .option('--workers <n>', '0 parses on the importing thread; more: one parser thread per file (default 1)', count)
  .option('--json', 'print the results as JSON')
  .action(async (paths: string[], options: { workers?: number; json?: boolean }) => {
    const { importIati } = await import('./commands/import-iati.js');
    await runImportCommand((config, signal) => importIati(config, paths, { ...options, signal }));
  });
importCommand
  .command('registry')
  .description(
    'import a social-protection registry: an export folder (CSV files or XLSX workbooks), whole or not at all, or an openIMIS/DCI API named in TRIBUTARY_REGISTRIES, pulled incrementally',
  )
  .argument('<source>', 'a folder, or the name of a configured registry API')
  .option('--map <file>', 'a registry column map (JSON) for an export named otherwise')
  .option('--source <name>', "the registry's name in the hub (default: the folder's or the configured source's name)")
  .option('--full', 'an API: pull every record again, not only those changed since the last pull')
  .option('--json', 'print the result as JSON')
  .action(async (folder: string, options: { map?: string; source?: string; full?: boolean; json?: boolean }) => {
    const { importRegistryCommand } = await import('./commands/import-registry.js');
    await runImportCommand((config, signal) => importRegistryCommand(config, folder, { ...options, signal }));
  });
const registryCommand = program.command('registry').description('social-protection registry APIs');
registryCommand
  .command('listen')
  .description(
    'subscribe to a DCI registry named in TRIBUTARY_REGISTRIES and merge each change notification as it arrives, until Ctrl-C (which unsubscribes)',
  )
  .argument('<name>')
  .option('--port <port>', 'where the notification receiver listens (default: the source’s callback port, or a free one)', (v) => Number(v))
  .option('--url <url>', 'the URL the registry calls, when the hub is behind a proxy')
  .action(async (name: string, options: { port?: number; url?: string }) => {
    const { registryListenCommand } = await import('./commands/registry-listen.js');
    await run((config) => registryListenCommand(config, name, options));
  });
importCommand
  .command('budget')
  .description('import IFMIS budget exports (CSV, zipped CSV or XLSX), each read through a column map, whole or not at all')
  .argument('<files...>')
  .requiredOption(
    '--map <map>',
    'a column map: a mappings/ifmis/ name (e.g. mexico-pef-2016), a path, or a Fiscal Data Package datapackage.json',
  )
  .option('--fy <year>', 'the fiscal year of every line (e.g. 2016 or 2025/26), replacing the map’s')
  .option('--json', 'print the results as JSON')
  .action(async (files: string[], options: { map: string; fy?: string; json?: boolean }) => {
    const { importBudget } = await import('./commands/import-budget.js');
    await runImportCommand((config, signal) => importBudget(config, files, { ...options, signal }));
  });
importCommand
  .command('debt')
  .description('import loans and their flows: a loan-level CSV read through --map, or a DMFAS-style export (folder or .zip)')
  .argument('<inputs...>')
  .option('--map <file>', 'a loan column map (mappings/debt/*.json) for a CSV')
  .option('--json', 'print the results as JSON')
  .action(async (inputs: string[], options: { map?: string; json?: boolean }) => {
    const { importDebt } = await import('./commands/import-debt.js');
    await runImportCommand((config, signal) => importDebt(config, inputs, { ...options, signal }));
  });
importCommand
  .command('rates')
  .description('import exchange rates: the IMF monthly averages (JSON), or a CSV read through --map')
  .argument('<files...>')
  .option('--map <file>', 'a rates column map (mappings/rates/*.json) for a CSV')
  .option('--json', 'print the results as JSON')
  .action(async (files: string[], options: { map?: string; json?: boolean }) => {
    const { importRates } = await import('./commands/import-rates.js');
    await runImportCommand((config, signal) => importRates(config, files, { ...options, signal }));
  });

const exportCommand = program.command('export').description("write the hub's data out");
exportCommand
  .command('iati')
  .description(
    "one recipient country's activities as an IATI 2.03 file, the hub as secondary reporter, with the country's chart codes as country-budget-items",
  )
  .requiredOption('--country <cc>', 'the recipient country (ISO alpha-2), one whose chart of accounts the hub holds')
  .requiredOption('-o, --output <file>', 'the XML file to write')
  .option(
    '--segment <segment>',
    "the chart segment written as country-budget-items (default: the chart's functional segment, else its administrative one)",
  )
  .action(async (options: { country: string; output: string; segment?: string }) => {
    const { exportIati } = await import('./commands/export-iati.js');
    await run((config) => exportIati(config, options));
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];
exportCommand
  .command('budget')
  .description(
    'the aid-on-budget view (activity x fiscal year x chart code, with alignment and amounts in the currency of presentation) as XLSX or CSV',
  )
  .requiredOption('--country <cc>', 'the recipient country (ISO alpha-2), one whose chart of accounts the hub holds')
  .requiredOption('-o, --output <file>', 'the file to write (.xlsx or .csv)')
  .option('--format <format>', 'xlsx or csv (default: from the file name)')
  .option('--fy <years>', 'national fiscal years, e.g. 2025/26 (comma-separated or repeated; default all)', collect)
  .option('--quarters', 'one row per fiscal quarter instead of per year')
  .option('--segment <segment>', "the chart segment rows are split by (default: the chart's administrative segment, the votes)")
  .option('--treasury <values>', 'on, off, partly, unknown (comma-separated or repeated)', collect)
  .option('--budget <values>', 'on, off, partly, unknown (comma-separated or repeated)', collect)
  .option('--donor <refs>', 'reporting organisations, by IATI ref (or name where none)', collect)
  .option('--sector <codes>', 'DAC purpose codes (5 digits) or categories (3)', collect)
  .option('--vote <codes>', 'administrative codes at any level (a vote takes its cost centres)', collect)
  .option('--finance-type <types>', 'grant, loan, other', collect)
  .option('--currency <ccy>', 'currency of presentation (default: the national currency)')
  .option('--by <name>', 'who generated it, written into the workbook (default: the operating-system user)')
  .action(async (options: ExportBudgetOptions) => {
    const { exportBudgetCommand } = await import('./commands/export-budget.js');
    await run((config) => exportBudgetCommand(config, options));
  });

program
  .command('serve')
  .description('serve the graph (and GraphiQL) on PORT (default 4000), in production mode unless NODE_ENV says otherwise')
  .option('--no-scheduler', 'do not run the sources on their schedules (a second hub process, or a sync service that should not schedule)')
  .option('--subgraph <name>', 'split mode: serve this one subgraph as its own HTTP service (needs PostgreSQL)')
  .option('--gateway', 'split mode: serve the gateway over HTTP to the subgraph services')
  .option('--subgraphs <list>', 'with --gateway: a JSON file, or name=url pairs separated by commas (default: TRIBUTARY_SUBGRAPHS)')
  .option('--port <n>', 'the port to listen on (default: PORT, or 4000)', count)
  .action(async (options: { scheduler: boolean; subgraph?: string; gateway?: boolean; subgraphs?: string; port?: number }) => {
    if (options.subgraph !== undefined && options.gateway) program.error('serve: --subgraph and --gateway are two processes; give one');
    if (options.subgraphs !== undefined && !options.gateway) program.error('serve: --subgraphs goes with --gateway');
    announceMode(loadConfig(undefined, 'production'));
    const { openDatabase } = await import('./database.js');
    const { serveHub, servingDatabase } = await import('./commands/serve.js');
    await run(async (loaded) => {
      const config = options.port === undefined ? loaded : { ...loaded, port: options.port };
      const split = await import('./commands/serve-split.js');
      let url: string;
      if (options.gateway) url = await split.serveGateway(config, options.subgraphs);
      else if (options.subgraph !== undefined) {
        split.checkSubgraphService(config, options.subgraph);
        const orm = await servingDatabase(config, await openDatabase(config));
        url = await split.serveSubgraphService(config, options.subgraph, orm, { scheduler: options.scheduler });
      } else {
        url = (await serveHub(config, await servingDatabase(config, await openDatabase(config)), { scheduler: options.scheduler })).url;
      }
      const what = options.gateway ? ': the gateway' : options.subgraph !== undefined ? `: the ${options.subgraph} subgraph` : '';
      process.stderr.write(`serving ${url} (${config.env})${what}\n`);
    }, 'production');
  });

const sync = program.command('sync').description('the sources of TRIBUTARY_SOURCES: run one now, see how they are doing');
sync
  .command('run')
  .description('run a source now (new or changed inputs imported, transient failures retried); exit 1 unless it succeeded')
  .argument('<source>', 'its name in the sources file')
  .option('--json', 'print the result as JSON')
  .action(async (name: string, options: { json?: boolean }) => {
    const { syncRun } = await import('./commands/sync.js');
    await runImportCommand((config, signal) => syncRun(config, name, { ...options, signal }));
  });
sync
  .command('status')
  .description("every source's schedule, next run, last run, last success and last failure with its reason")
  .option('--json', 'print as JSON')
  .action(async (options: { json?: boolean }) => {
    const { syncStatus } = await import('./commands/sync.js');
    await run((config) => syncStatus(config, options));
  });

program
  .command('demo')
  .description('load the demo data (aid, budget, debt, rates) and serve the graph')
  .action(async () => {
    const { demo } = await import('./commands/demo.js');
    await run(demo);
  });

program
  .command('backup')
  .description('write the whole database to one file (one snapshot, renamed only when complete), or a timestamped file in a folder')
  .option('-o, --output <file|folder>', 'the backup file, or a folder for timestamped backups (default: TRIBUTARY_BACKUP_DIR)')
  .option('--keep <n>', 'in a folder: delete the oldest backups so that n remain', count)
  .action(async (options: { output?: string; keep?: number }) => {
    const { backupCommand } = await import('./commands/backup.js');
    await run((config) => backupCommand(config, options));
  });
program
  .command('restore')
  .description("replace the database's contents with a backup's, in one transaction: a file that is not a whole backup changes nothing")
  .argument('<file>')
  .action(async (file: string) => {
    const { restoreCommand } = await import('./commands/backup.js');
    await run((config) => restoreCommand(config, file));
  });

const db = program.command('db').description('the database');
db.command('migrate')
  .description('apply pending migrations and reload the reference tables')
  .action(async () => {
    const { migrateCommand } = await import('./commands/db.js');
    await run(migrateCommand);
  });
db.command('create-migration')
  .description('(development) write a migration for what the entities changed')
  .argument('<name>')
  .action(async (name: string) => {
    const { createMigration } = await import('./commands/db.js');
    await run((config) => createMigration(config, name));
  });

const schema = program.command('schema').description('the SDL the hub publishes, in schema/');
schema
  .command('write')
  .description('write each subgraph SDL and the composed supergraph to schema/')
  .action(async () => {
    const { writeSchema } = await import('./commands/schema.js');
    for (const file of await writeSchema()) process.stdout.write(`wrote ${file}\n`);
  });
schema
  .command('check')
  .description('fail when schema/ differs from what the code generates')
  .action(async () => {
    const { outdatedSchemaFiles } = await import('./commands/schema.js');
    const outdated = await outdatedSchemaFiles();
    if (outdated.length === 0) return;
    process.stderr.write(`schema/ is out of date: ${outdated.join(', ')}; run npx tributary schema write\n`);
    process.exitCode = 1;
  });

const authority = program.command('authority').description('which report of an activity the hub shows');
authority
  .command('set')
  .description("show this publisher's report of the activity, whatever the rule says")
  .argument('<iati-identifier>')
  .argument('<reporting-org>', "the publisher's IATI organisation identifier")
  .requiredOption('--reason <text>', 'why (kept with the override)')
  .option('--by <name>', 'who decided (default: TRIBUTARY_OPERATOR or the login name)')
  .action(async (identifier: string, org: string, options: { reason: string; by?: string }) => {
    const { setAuthority } = await import('./commands/authority.js');
    await run((config) => setAuthority(config, identifier, org, options.reason, options.by ?? config.operator));
  });
authority
  .command('clear')
  .description('remove the override; the rule decides again')
  .argument('<iati-identifier>')
  .action(async (identifier: string) => {
    const { setAuthority } = await import('./commands/authority.js');
    await run((config) => setAuthority(config, identifier, null, '', ''));
  });

const loan = program.command('loan').description('links between loans and the IATI activities they finance');
loan
  .command('link')
  .description('record that a loan finances an activity (beyond the 44000-<P-code> rule)')
  .argument('<loan-id>', "the graph's Loan id: <source>:<loan number>")
  .argument('<iati-identifier>')
  .requiredOption('--reason <text>', 'why (kept with the link)')
  .option('--by <name>', 'who decided (default: TRIBUTARY_OPERATOR or the login name)')
  .action(async (loanId: string, identifier: string, options: { reason: string; by?: string }) => {
    const { linkLoan } = await import('./commands/loan-link.js');
    await run((config) =>
      linkLoan(config, { loanId, iatiIdentifier: identifier, reason: options.reason, by: options.by ?? config.operator }),
    );
  });
loan
  .command('unlink')
  .description('remove a link made with loan link')
  .argument('<loan-id>')
  .argument('<iati-identifier>')
  .action(async (loanId: string, identifier: string) => {
    const { unlinkLoan } = await import('./commands/loan-link.js');
    await run((config) => unlinkLoan(config, loanId, identifier));
  });
loan
  .command('links')
  .description('list the links made by hand (tab-separated)')
  .action(async () => {
    const { listLoanLinks } = await import('./commands/loan-link.js');
    await run(listLoanLinks);
  });

program.addCommand(tokenCommand());

const coa = program.command('coa').description("a country's chart of accounts, fiscal calendar and currency, as data");
coa
  .command('load')
  .description("load a chart of accounts (a folder with coa.json, or an .xlsx workbook) as its country's new version, whole or not at all")
  .argument('<source>', 'a folder (coa.json + code CSVs) or a workbook with Country, Segments and Codes sheets')
  .option('--retire <segment:code...>', 'codes still used by budget lines or mapping rules that this version drops on purpose')
  .option('--by <name>', 'who loads it (default: TRIBUTARY_OPERATOR or the login name)')
  .action(async (source: string, options: { retire?: string[]; by?: string }) => {
    const { coaLoadCommand } = await import('./commands/coa.js');
    await run((config) =>
      coaLoadCommand(config, source, { by: options.by ?? config.operator, ...(options.retire ? { retire: options.retire } : {}) }),
    );
  });

const mappings = program.command('mappings').description('the rules placing aid in COFOG and the national charts of accounts');
mappings
  .command('load')
  .description('apply a CSV or XLSX mapping sheet, all rows or none (every problem is listed)')
  .argument('<sheet>')
  .option('--json', 'print the result as JSON')
  .action(async (sheet: string, options: { json?: boolean }) => {
    const { loadSheet } = await import('./commands/mappings.js');
    await run((config) => loadSheet(config, sheet, options));
  });
mappings
  .command('apply')
  .description('re-apply the rules to every activity, in one transaction')
  .option('--stale', 'only activities imported or changed since they were last applied')
  .action(async (options: { stale?: boolean }) => {
    const { applyAll } = await import('./commands/mappings.js');
    await run((config) => applyAll(config, options));
  });
mappings
  .command('coverage')
  .description('how much disbursed money the rules place, and the codes leaving the most unmapped, per donor')
  .option('--segment <segment>', 'cofog, or coa:<segment> with --country', 'cofog')
  .option('--country <cc>', 'the chart of accounts (ISO alpha-2)')
  .option('--fy <year>', 'only this fiscal year (start year)', count)
  .option('--donor <ref>', 'only this reporting organisation')
  .option('--limit <n>', 'rows of unmapped codes', count, 20)
  .option('--csv', 'the unmapped codes as CSV')
  .action(async (options: { segment: string; country?: string; fy?: number; donor?: string; limit: number; csv?: boolean }) => {
    const { coverage } = await import('./commands/mappings.js');
    await run((config) => coverage(config, options));
  });

const derive = program.command('derive').description('regenerate tables under mappings/ from their public sources');
derive
  .command('iati-codelists')
  .description('IATI codelists from the official codelist XML files')
  .argument('<folder>', 'folder of codelist XML files (one per codelist)')
  .requiredOption('--origin <text>', 'where the files came from, recorded in SOURCES.md (owner/repo:path@commit)')
  .action(async (folder: string, options: { origin: string }) => {
    const { deriveIatiCodelists } = await import('./commands/derive-codelists.js');
    const result = await deriveIatiCodelists({ from: folder, origin: options.origin });
    process.stdout.write(`${result.codelists} codelists, ${result.items} codes written to mappings/iati-codelists/\n`);
  });
derive
  .command('cofog')
  .description('the COFOG functional classification (mappings/classifications/cofog.csv) from the UN COFOG CSV')
  .argument('<cofog.csv>', 'the UN COFOG 1999 code list (Code, Description_EN, Description_FR, Description_ES)')
  .requiredOption('--origin <text>', 'where the file came from, recorded in SOURCES.md (owner/repo:path@commit)')
  .action(async (file: string, options: { origin: string }) => {
    const { deriveCofogClassification } = await import('./commands/derive-classifications.js');
    const result = await deriveCofogClassification({ from: file, origin: options.origin });
    process.stdout.write(`${result.codes} COFOG codes (${result.divisions} divisions) written to mappings/classifications/cofog.csv\n`);
  });
derive
  .command('dac-cofog')
  .description('the default sector mapping, DAC purpose code → COFOG class (mappings/sectors/), from codeforIATI codelists')
  .argument('<SectorCOFOG.xml>', "codeforIATI's SectorCOFOG codelist")
  .argument('<Sector.xml>', 'the Sector codelist with budget-alignment:status flags')
  .requiredOption('--cofog-origin <text>', 'where SectorCOFOG.xml came from (owner/repo:path@commit)')
  .requiredOption('--sectors-origin <text>', 'where Sector.xml came from (owner/repo:path@commit)')
  .action(async (cofog: string, sectors: string, options: { cofogOrigin: string; sectorsOrigin: string }) => {
    const { deriveDacCofogTable } = await import('./commands/derive-dac-cofog.js');
    const rows = await deriveDacCofogTable({ cofog, sectors, ...options });
    const mapped = rows.filter((row) => row.cofog !== null).length;
    process.stdout.write(`${rows.length} DAC codes, ${mapped} mapped to COFOG, written to mappings/sectors/dac-cofog.csv\n`);
  });
derive
  .command('budget-identifier-cofog')
  .description('the default budget identifier → COFOG table (mappings/budget-identifiers/) from crs_cc.csv and the DAC → COFOG table')
  .argument('<crs_cc.csv>')
  .requiredOption('--origin <origin>', 'where crs_cc.csv came from, as owner/repo:path@commit')
  .action(async (file: string, options: { origin: string }) => {
    const { deriveBudgetIdentifierCofogTable } = await import('./commands/derive-budget-identifier-cofog.js');
    const rows = await deriveBudgetIdentifierCofogTable(file, options.origin);
    const mapped = rows.filter((row) => row.cofog !== null).length;
    process.stdout.write(`${rows.length} budget identifiers, ${mapped} placed in COFOG, written to mappings/budget-identifiers/\n`);
  });
derive
  .command('coa-mx')
  .description("Mexico's federal chart of accounts (mappings/coa/mx/) from the PEF 2016 export")
  .argument('<pef.csv.zip>', 'the PEF export: the original zip (a CP850 CSV inside) or a CSV')
  .option('--encoding <name>', 'the CSV’s encoding', 'cp850')
  .requiredOption('--origin <text>', 'where the file came from, recorded in SOURCES.md')
  .action(async (file: string, options: { encoding: string; origin: string }) => {
    const { deriveMexicoCoa } = await import('./commands/derive-coa-mx.js');
    const { coa } = await deriveMexicoCoa({ from: file, encoding: options.encoding, origin: options.origin });
    process.stdout.write(`mappings/coa/mx/ written from ${coa.rows} budget lines\n`);
  });
derive
  .command('coa-es-madrid')
  .description("Madrid's expenditure chart of accounts (mappings/coa/es/) from its 2012–2015 budget export")
  .argument('<gastos.csv>')
  .requiredOption('--origin <text>', 'where the file came from, recorded in SOURCES.md')
  .action(async (file: string, options: { origin: string }) => {
    const { deriveMadridCoa } = await import('../../connectors/ifmis/coa-madrid.js');
    const { coa } = await deriveMadridCoa({ from: file, origin: options.origin });
    process.stdout.write(`mappings/coa/es/ written from ${coa.rows} budget lines\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`tributary: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
