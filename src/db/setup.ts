import { sql } from 'kysely';
import { loadCodelistTables } from '../aid/codelists-table.js';
import { loadCoaTables } from '../finance/coa/table.js';
import { loadMappingReference } from '../mapping/reference.js';
import { interruptAbandonedRuns } from '../sync/run-claim.js';
import { kysely, migrate, type Orm } from './orm.js';
import { referenceFingerprint } from './reference-fingerprint.js';

const REFERENCE = 'mappings';

/**
 * Brings a database up to date: pending migrations, then the reference tables every domain
 * ships as CSV under `mappings/` — reloaded only when those files changed since the last load
 * (or a migration ran, or `force`). Safe to run at every start. Import runs left `running` by a
 * process that is gone become `interrupted` (their ids are returned).
 */
export async function prepareDatabase(
  orm: Orm,
  options: { readonly force?: boolean } = {},
): Promise<{ migrations: string[]; referenceReloaded: boolean; interruptedRuns: number[] }> {
  // The files are hashed while the database answers the migration check and the sweep.
  const hashing = referenceFingerprint();
  hashing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const migrations = await migrate(orm);
  const interruptedRuns = await interruptAbandonedRuns(orm);
  const fingerprint = await hashing;
  const db = kysely(orm.em.fork());
  const { rows } = await sql<{ fingerprint: string }>`select fingerprint from reference_load where name = ${REFERENCE}`.execute(db);
  if (!options.force && migrations.length === 0 && rows[0]?.fingerprint === fingerprint)
    return { migrations, referenceReloaded: false, interruptedRuns };
  await loadCodelistTables(orm.em.fork());
  await loadCoaTables(orm.em.fork());
  await loadMappingReference(orm.em.fork());
  await sql`insert into reference_load (name, fingerprint) values (${REFERENCE}, ${fingerprint})
    on conflict (name) do update set fingerprint = excluded.fingerprint, loaded_at = now()`.execute(db);
  return { migrations, referenceReloaded: true, interruptedRuns };
}
