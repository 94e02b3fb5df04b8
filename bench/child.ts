import { loadConfig } from '../src/config.js';
import { budgetCopy, budgetImport } from './cases/budget.js';
import { importCommand } from './cases/command.js';
import { importInto } from './cases/import.js';
import { mappingApply } from './cases/mapping.js';
import { rawParse } from './cases/raw-parse.js';
import { registryTables } from './cases/registry.js';
import { split } from './cases/split.js';
import { xlsxRead } from './cases/xlsx.js';
import { exportWriter } from './cases/export.js';
import { Unavailable, benchmarkFile, isCaseName, type CaseName, type ChildReport, type Measurement } from './shared.js';

/**
 * One measurement in its own process, so that `maxRSS` is this case's peak alone. Started by
 * run.ts with the case name as its argument; reports back over IPC and exits.
 */
async function measure(name: CaseName): Promise<Measurement> {
  const config = loadConfig();
  switch (name) {
    case 'raw-parse':
      return rawParse(benchmarkFile());
    case 'split':
      return split(benchmarkFile(), config.importLimits);
    case 'import-pglite':
      return importInto('pglite', benchmarkFile(), config);
    case 'import-postgresql':
      return importInto('postgresql', benchmarkFile(), config);
    case 'command-postgresql':
      return importCommand(benchmarkFile(), config);
    case 'budget-copy':
      return budgetCopy();
    case 'budget-pglite':
      return budgetImport('pglite');
    case 'budget-postgresql':
      return budgetImport('postgresql');
    case 'mapping-postgresql':
      return mappingApply(benchmarkFile(), config);
    case 'registry-pglite':
      return registryTables('pglite', config);
    case 'registry-postgresql':
      return registryTables('postgresql', config);
    case 'xlsx-read':
      return xlsxRead();
    case 'export-xlsx-100k':
      return exportWriter('xlsx', 100_000);
    case 'export-xlsx-200k':
      return exportWriter('xlsx', 200_000);
    case 'export-csv-100k':
      return exportWriter('csv', 100_000);
    case 'export-csv-200k':
      return exportWriter('csv', 200_000);
  }
}

async function report(name: string | undefined): Promise<ChildReport> {
  if (!isCaseName(name)) return { kind: 'failed', error: `unknown bench case: ${name ?? '(none)'}` };
  try {
    const measurement = await measure(name);
    const { peakRssKb, ...rest } = measurement;
    return { kind: 'measured', maxRssKb: peakRssKb ?? process.resourceUsage().maxRSS, ...rest };
  } catch (error) {
    if (error instanceof Unavailable) return { kind: 'unavailable', reason: error.message };
    return { kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function send(message: ChildReport): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('bench/child.js reports over IPC: start it with child_process.fork'));
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

const result = await report(process.argv[2]);
await send(result);
// Exit explicitly: a database pool or a refused connection must not keep the child alive.
process.exit(result.kind === 'failed' ? 1 : 0);
