import { sql } from 'kysely';
import { interruptAbandonedRuns } from '../sync/run-claim.js';
import { setupDb } from './db.js';
import { migrate, type EntityManager, type Orm } from './orm.js';
import { referenceFingerprint } from './reference-fingerprint.js';
import { underStartUpLock } from './start-up-lock.js';

const REFERENCE = 'mappings';

/**
 * One domain's part of the reference tables shipped as CSV under `mappings/`. The domains' loaders
 * are listed by the composition root (src/reference.ts), so this layer imports no domain.
 */
export interface ReferenceLoader {
  /** The domain or table set it loads, for messages. */
  readonly name: string;
  /** The folders under `mappings/` it reads: a change in their files reloads every loader. */
  readonly folders: readonly string[];
  /** Replaces its tables' contents from the files (in its own transaction). */
  load(em: EntityManager): Promise<unknown>;
}

/**
 * Brings a database up to date: pending migrations, then the reference tables `references` load
 * (in their order) — reloaded only when their files changed since the last load (or a migration
 * ran, or `force`). Safe to run at every start. Import runs left `running` by a process that is
 * gone become `interrupted` (their ids are returned).
 */
export async function prepareDatabaseWith(
  orm: Orm,
  references: readonly ReferenceLoader[],
  options: { readonly force?: boolean } = {},
): Promise<{ migrations: string[]; referenceReloaded: boolean; interruptedRuns: number[] }> {
  // The files are hashed while the database answers the migration check and the sweep.
  const hashing = referenceFingerprint(references.flatMap((reference) => reference.folders));
  hashing.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const migrations = await migrate(orm);
  const interruptedRuns = await interruptAbandonedRuns(orm);
  const fingerprint = await hashing;
  const db = setupDb(orm.em.fork());
  const upToDate = async (): Promise<boolean> => {
    const stored = await db.selectFrom('reference_load').select('fingerprint').where('name', '=', REFERENCE).executeTakeFirst();
    return !options.force && migrations.length === 0 && stored?.fingerprint === fingerprint;
  };
  if (await upToDate()) return { migrations, referenceReloaded: false, interruptedRuns };
  // Asked again under the lock: a start running at the same moment may have just loaded them.
  const referenceReloaded = await underStartUpLock(orm, async () => {
    if (await upToDate()) return false;
    for (const reference of references) await reference.load(orm.em.fork());
    await db
      .insertInto('reference_load')
      .values({ name: REFERENCE, fingerprint })
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet({ fingerprint: (eb) => eb.ref('excluded.fingerprint'), loaded_at: sql<string>`now()` }),
      )
      .execute();
    return true;
  });
  return { migrations, referenceReloaded, interruptedRuns };
}
