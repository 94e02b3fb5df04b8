import type { Kysely } from 'kysely';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { domainKysely, type EntityManager } from './orm.js';
import type { ReferenceLoad } from './reference-load.entity.js';

/** The database layer's own table (which reference version is loaded), inferred from its entity. */
export type SetupDB = InferKyselyDB<typeof ReferenceLoad>;

/** A typed query builder over `reference_load` only, bound to `em` and its transaction. */
export function setupDb(em: EntityManager): Kysely<SetupDB> {
  return domainKysely<SetupDB>(em);
}
