import type { Kysely } from 'kysely';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { domainKysely, type AsStored, type EntityManager } from '../db/orm.js';
import type * as runs from './import-run.entity.js';
import type * as backups from './backup.entity.js';
import type * as sources from './source-run.entity.js';

/** The sync tables (import runs, sources' runs, backups) as Kysely sees them, inferred from the entities: the only tables this domain's queries can name. */
export type SyncDB = AsStored<
  InferKyselyDB<(typeof runs)[keyof typeof runs] | (typeof sources)[keyof typeof sources] | (typeof backups)[keyof typeof backups]>
>;

/** A typed query builder over the import-run tables, bound to `em` and its transaction. */
export function syncDb(em: EntityManager): Kysely<SyncDB> {
  return domainKysely<SyncDB>(em);
}
