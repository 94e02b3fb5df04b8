import { existsSync } from 'node:fs';
import path from 'node:path';
import { importIatiFile } from '../../../connectors/iati/import.js';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { projectRoot } from '../../paths.js';
import { alreadyImported, fileFacts } from '../../sync/import-runs.js';
import { demoMappingFacts } from '../../mapping/demo-facts.js';
import { demoRegistryFacts } from '../../registry/demo-facts.js';
import { openDatabase } from '../database.js';
import { activitiesToApply, applyToActivities } from '../../mapping/apply/run.js';
import { applyMappingSheet } from '../../mapping/rules/sheet-apply.js';
import { RegistryFolderSource } from '../../../connectors/registry/source.js';
import { secretOf } from '../../auth/jwt.js';
import { importRegistry } from '../../registry/load/import.js';
import { financeDemoSteps } from '../demo/finance.js';
import { writeRegistryCsv } from '../demo/registry/csv.js';
import { generateRegistry } from '../demo/registry/generate.js';
import { localToday } from './import-registry.js';
import { demoMappingSheet } from '../demo/mapping-sheet.js';
import { demoAreaSheet } from '../demo/registry/area-sheet.js';
import { writeDemoIati } from '../demo/generate-iati.js';
import { expandInputs } from './import-iati.js';
import { serveHub } from './serve.js';

/**
 * `npm start`: the embedded database, the real IATI files of the shared data folder (when it is
 * there) and the generated Malawi publishers beside them — the donors of the generated Malawi
 * budget, debt and registry, with locations in its districts — and the graph with GraphiQL. A
 * restart skips files already loaded.
 */
export async function demoInputs(config: Config, log: (line: string) => void): Promise<string[]> {
  const real = path.join(config.sampleDataDir, 'iati', 'activities');
  const generated = path.join(projectRoot, 'data', 'demo-iati');
  const malawi = await writeDemoIati(generated);
  if (existsSync(path.join(real, 'v2'))) {
    log(`demo data: the real IATI files in ${real} (IATI 1.0x and 2.0x), and three generated Malawi publishers in ${generated}`);
    return [...(await expandInputs([path.join(real, 'v2'), path.join(real, 'v1')])), ...malawi];
  }
  log(`demo data: ${real} is not here (TRIBUTARY_SAMPLE_DATA), so only the generated Malawi publishers are used: ${generated}`);
  return malawi;
}

/** True when this exact input (by SHA-256) was already imported successfully from `source`. */
async function alreadyLoaded(orm: Orm, source: string, file: string): Promise<boolean> {
  const { sha256 } = await fileFacts(file);
  return alreadyImported(orm.em.fork(), source, sha256);
}

export async function loadDemo(config: Config, orm: Orm, log: (line: string) => void): Promise<void> {
  for (const file of await demoInputs(config, log)) {
    const name = path.relative(process.cwd(), file);
    if (await alreadyLoaded(orm, 'iati', file)) continue;
    const result = await importIatiFile(orm, file, { limits: config.importLimits, workers: config.importWorkers, displayName: name });
    const c = result.counts;
    log(
      result.error
        ? `  ${name}: rejected (${result.error.code}) ${result.error.message}`
        : `  ${name}: ${c.loaded + c.updated} activities loaded, ${c.quarantined} quarantined`,
    );
  }
  for (const step of await financeDemoSteps(config, log)) {
    if (await alreadyLoaded(orm, step.source, step.path)) continue;
    const name = path.relative(process.cwd(), step.path);
    const result = await step.run(orm, name);
    const c = result.counts;
    log(
      result.error
        ? `  ${step.name}: rejected (${result.error.code}) ${result.error.message}`
        : `  ${step.name}: ${c.loaded} loaded, ${c.updated} updated, ${c.unchanged} unchanged of ${c.seen}`,
    );
  }
  await loadDemoRegistry(config, orm, log);
  await loadDemoMappings(orm, log);
}

/** The generated Malawi registry (no real one is public), written as a registry's CSV export and imported like one. */
async function loadDemoRegistry(config: Config, orm: Orm, log: (line: string) => void): Promise<void> {
  const hashKey = await secretOf(config.registry.idHashKey);
  if (hashKey === null || (await demoRegistryFacts(orm.em.fork(), DEMO_REGISTRY)).sourceHeld) return;
  const folder = path.join(projectRoot, 'data', 'demo-registry');
  const batch = generateRegistry();
  await writeRegistryCsv(batch, folder);
  const result = await importRegistry(
    orm,
    { source: DEMO_REGISTRY, input: path.relative(process.cwd(), folder), path: folder, hashKey },
    new RegistryFolderSource({ today: localToday() }),
  );
  log(
    result.error
      ? `  registry ${DEMO_REGISTRY}: rejected (${result.error.code}) ${result.error.message}`
      : `  registry ${DEMO_REGISTRY} (generated): ${batch.households.length} households, ${batch.individuals.length} people, ${batch.payments.length} payments`,
  );
}

/** The demo's organisation → vote sheet (once), then the rules applied to what was imported since. */
async function loadDemoMappings(orm: Orm, log: (line: string) => void): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    const mapping = await demoMappingFacts(em);
    if (!mapping.sheetRules) {
      const sheet = await applyMappingSheet(em, Buffer.from(demoMappingSheet()), 'demo-malawi-votes.csv', 'tributary demo');
      log(`  mapping sheet demo-malawi-votes.csv: ${sheet.created} rules created`);
    }
    // The area sheet once, and only over a registry whose areas it names (the rules are checked against them).
    if (!mapping.areaRules && (await demoRegistryFacts(em, DEMO_REGISTRY)).areasHeld) {
      const sheet = await applyMappingSheet(em, Buffer.from(demoAreaSheet()), 'demo-malawi-areas.csv', 'tributary demo');
      log(`  mapping sheet demo-malawi-areas.csv: ${sheet.created} rules created`);
    }
    const applied = await applyToActivities(em, await activitiesToApply(em, 'stale'));
    if (applied.activities > 0) log(`  mappings applied to ${applied.activities} activities`);
  });
}

const DEMO_REGISTRY = 'demo-mw-mis';
const DEMO_PUBLIC_DOMAINS = ['aid', 'finance', 'mapping', 'sync'];

const EXAMPLE = `{ activities(first: 5, filter: { recipientCountry: ["KE"] }) { totalCount nodes { iatiIdentifier title reportingOrg { name } transactionTotals { type currency value } } } }`;

const REGISTRY_EXAMPLE = `{ registryStatistics(measure: BENEFICIARIES, by: [PROGRAMME, SEX], to: "2025-09-30") { exact cells { programme sex count } } }`;

export async function demo(config: Config): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const orm = await openDatabase(config, log);
  await loadDemo(config, orm, log);
  // The demo's aid, finance and mapping data are public; TRIBUTARY_PUBLIC_DOMAINS overrides (a served hub's default is none).
  const publicDomains = config.auth.publicDomains ?? DEMO_PUBLIC_DOMAINS;
  const { url } = await serveHub({ ...config, auth: { ...config.auth, publicDomains } }, orm);
  log(`\ntributary is serving the graph at ${url} (open it in a browser for GraphiQL)`);
  log(`try:  curl -s ${url} -H 'content-type: application/json' -d '{"query":"{ activities(first: 1) { totalCount } }"}'`);
  log(`or, in GraphiQL:  ${EXAMPLE}`);
  log(`the registry answers signed-in callers only: TOKEN=$(npx tributary token --role analyst), then the header`);
  log(`  Authorization: Bearer $TOKEN  and  ${REGISTRY_EXAMPLE}`);
  log('stop with Ctrl-C');
}
