import { readFile } from 'node:fs/promises';
import { readColumnMap } from '../../../connectors/debt/column-map-check.js';
import { importDebtFile } from '../../../connectors/debt/import.js';
import { importIatiFile } from '../../../connectors/iati/import.js';
import { importBudgetFile, resolveColumnMap } from '../../../connectors/ifmis/import.js';
import { importRatesFile, type RatesFormat } from '../../../connectors/rates/import.js';
import type { RatesColumnMap } from '../../../connectors/rates/types.js';
import { secretOf } from '../../auth/jwt.js';
import { localToday } from '../../cli/commands/import-registry.js';
import { pullSourceOf } from '../../cli/commands/registry-pullers.js';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { importRegistryPull } from '../../registry/load/pull.js';
import { loadRegistrySources } from '../../registry/sources.js';
import type { ImportResult } from '../run-import.js';
import type { ConfiguredSource } from './source-config.js';

/** The files a folder source picks up, by kind (compressed or not, as each connector reads them). */
export const FOLDER_FILES: Record<string, RegExp> = {
  'iati-folder': /\.xml(\.gz)?$/i,
  'ifmis-folder': /\.(csv|csv\.zip|zip|xlsx)$/i,
  'debt-folder': /\.(csv|zip)$/i,
  'rates-folder': /\.(csv|json)$/i,
};

export interface InputToImport {
  readonly path: string;
  /** How the import run names it: the URL, or the path under the source's folder. */
  readonly displayName: string;
}

async function ratesFormat(source: { map?: string | undefined }, file: string): Promise<RatesFormat> {
  if (source.map) return { format: 'csv', map: JSON.parse(await readFile(source.map, 'utf8')) as RatesColumnMap };
  if (file.toLowerCase().endsWith('.csv')) throw new TributaryError('BAD_USER_INPUT', `${file}: a rates CSV needs the source's map`);
  return { format: 'imf-monthly' };
}

/** One input of a file source through its connector's import: one import run, whole or not at all. */
export async function importInput(
  orm: Orm,
  config: Config,
  source: ConfiguredSource,
  input: InputToImport,
  signal: AbortSignal,
  onStart?: (importRunId: number) => void,
): Promise<ImportResult> {
  const { path, displayName } = input;
  const whole = { path, displayName, signal };
  switch (source.kind) {
    case 'iati-url':
    case 'iati-dataset-list':
    case 'iati-folder':
      return importIatiFile(orm, path, {
        limits: config.importLimits,
        workers: config.importWorkers,
        displayName,
        signal,
        ...(onStart ? { onStart } : {}),
      });
    case 'ifmis-folder':
      return importBudgetFile(orm, whole, { map: await resolveColumnMap(source.map), ...(source.fy ? { fiscalYear: source.fy } : {}) });
    case 'debt-folder':
      return importDebtFile(orm, whole, source.map ? { map: await readColumnMap(source.map) } : {});
    case 'rates-url':
    case 'rates-folder':
      return importRatesFile(orm, path, await ratesFormat(source, path), displayName, signal);
    case 'registry':
      throw new Error('a registry source has no files: see pullRegistry');
  }
}

/** A registry source: one watermark pull (openIMIS, DCI) of the registry named in TRIBUTARY_REGISTRIES. */
export async function pullRegistry(
  orm: Orm,
  config: Config,
  source: Extract<ConfiguredSource, { kind: 'registry' }>,
  signal: AbortSignal,
): Promise<ImportResult> {
  const where = { record: source.name, recordType: 'source', field: 'registry' };
  if (!config.registry.sourcesFile)
    throw new TributaryError('BAD_USER_INPUT', `source ${source.name}: TRIBUTARY_REGISTRIES names no registry file`, where);
  const registry = (await loadRegistrySources(config.registry.sourcesFile)).get(source.registry);
  if (!registry)
    throw new TributaryError(
      'BAD_USER_INPUT',
      `source ${source.name}: no registry ${source.registry} in ${config.registry.sourcesFile}`,
      where,
    );
  const hashKey = await secretOf(config.registry.idHashKey);
  if (hashKey === null) throw new TributaryError('BAD_USER_INPUT', 'set TRIBUTARY_ID_HASH_KEY: national IDs are stored only as hashes');
  const from = await pullSourceOf(registry, config, localToday());
  return importRegistryPull(
    orm,
    { source: registry.name, input: `${registry.kind} ${registry.name}`, hashKey, full: source.full, signal },
    from,
  );
}
