import type { RegistryRead } from '../../../connectors/registry/read.js';
import { readWhole } from '../../../connectors/registry/source.js';
import type { Source } from '../../../connectors/source.js';
import type { RegistryProblem } from '../../../connectors/registry/types.js';
import type { Orm } from '../../db/orm.js';
import { runImport, type ImportResult } from '../../sync/run-import.js';
import { loadRegistryBatch } from './batch.js';
import { registryRefusal } from './refusal.js';

/** What a registry import or pull writes, ANALYZEd after it commits. */
export const REGISTRY_TABLES = [
  'reg_programme',
  'reg_programme_funding',
  'reg_area',
  'reg_household',
  'reg_individual',
  'reg_membership',
  'reg_enrolment',
  'reg_payment',
  'reg_grievance',
  'reg_household_change',
  'reg_source_sync',
] as const;

/**
 * One registry export import: read (the folder `options.path`, through `from`), refused whole with every problem listed, or
 * loaded in one transaction and logged as an import run. `source` names the registry, so two
 * registries can be held side by side and a re-import replaces only its own records.
 */
export async function importRegistry(
  orm: Orm,
  options: {
    readonly source: string;
    readonly input: string;
    readonly path: string;
    readonly hashKey: string;
    readonly signal?: AbortSignal;
  },
  from: Source<RegistryRead>,
): Promise<ImportResult & { problems: readonly RegistryProblem[] }> {
  let problems: readonly RegistryProblem[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const result = await runImport(
    orm,
    {
      source: 'registry',
      input: options.input,
      path: options.path,
      analyze: REGISTRY_TABLES,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    async (em, _runId, counts) => {
      const found = await readWhole(from, { path: options.path, displayName: options.input }, signal);
      problems = found.problems;
      if (problems.length > 0) throw registryRefusal(options.input, problems);
      const loaded = await loadRegistryBatch(em, options.source, found.batch, options.hashKey);
      counts.seen = loaded.households + loaded.individuals + loaded.payments + loaded.grievances;
      counts.loaded = counts.seen;
      counts.removed = loaded.removed;
    },
  );
  return { ...result, problems };
}
