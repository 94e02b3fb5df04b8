import { sql } from 'kysely';
import { readWhole, type RegistryPullSource } from '../../../connectors/registry/source.js';
import type { RegistryProblem } from '../../../connectors/registry/types.js';
import type { Orm } from '../../db/orm.js';
import { runImport, type ImportResult } from '../../sync/run-import.js';
import { registryDb } from '../db.js';
import { conflictsWithHub } from './conflicts.js';
import { knownRegistryKeys, mergeRegistryChanges } from './merge.js';
import { registryRefusal } from './refusal.js';
import { REGISTRY_TABLES } from './import.js';

export interface PullImportOptions {
  readonly source: string;
  /** How the run is named in the import log, e.g. `openimis https://…/api/graphql`. */
  readonly input: string;
  readonly hashKey: string;
  /** Ignore the watermark and pull everything again (still a merge: nothing else is lost). */
  readonly full?: boolean;
  /**
   * Leave the watermark where it is (a pushed notification: what it brings is merged, but the next
   * pull must still ask for everything changed since the last one).
   */
  readonly keepWatermark?: boolean;
  /** Stops the pull: it rolls back and its run ends `interrupted`. */
  readonly signal?: AbortSignal;
}

/**
 * One pull from a registry API (`from`: openIMIS, DCI, a received notification), as one import: from the source's last watermark, the changes are
 * refused whole with every problem listed, or merged in one transaction with the new watermark.
 * A failed pull leaves the data and the watermark as they were, so the next run asks again.
 */
export async function importRegistryPull(
  orm: Orm,
  options: PullImportOptions,
  from: RegistryPullSource,
): Promise<ImportResult & { problems: readonly RegistryProblem[]; since: string | null; watermark: string | null }> {
  let problems: readonly RegistryProblem[] = [];
  let since: string | null = null;
  let watermark: string | null = null;
  const signal = options.signal ?? new AbortController().signal;
  const result = await runImport(
    orm,
    { source: 'registry', input: options.input, path: '', analyze: REGISTRY_TABLES, ...(options.signal ? { signal: options.signal } : {}) },
    async (em, _runId, counts) => {
      const db = registryDb(em);
      const state = await db.selectFrom('reg_source_sync').select('watermark').where('source', '=', options.source).executeTakeFirst();
      since = options.full ? null : (state?.watermark ?? null);
      const known = await knownRegistryKeys(em, options.source);
      const found = await readWhole(from, { since, known, displayName: options.input }, signal);
      problems = [...found.problems, ...(await conflictsWithHub(em, options.source, found.changes, options.hashKey))];
      if (problems.length > 0) throw registryRefusal(options.input, problems);
      const merged = await mergeRegistryChanges(em, options.source, found.changes, options.hashKey);
      watermark = options.keepWatermark ? (state?.watermark ?? null) : (found.changes.watermark ?? since);
      if (!options.keepWatermark)
        await db
          .insertInto('reg_source_sync')
          .values({ source: options.source, watermark, pulled_at: sql<string>`now()` })
          .onConflict((conflict) =>
            conflict
              .column('source')
              .doUpdateSet((eb) => ({ watermark: eb.ref('excluded.watermark'), pulled_at: eb.ref('excluded.pulled_at') })),
          )
          .execute();
      counts.seen = merged.households + merged.individuals + merged.payments + merged.grievances;
      counts.loaded = counts.seen;
      counts.removed = merged.deleted;
    },
  );
  return { ...result, problems, since, watermark };
}
