import type { Kysely } from 'kysely';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { domainKysely, type AsStored, type EntityManager } from '../db/orm.js';
import type * as entities from './entities/index.js';

/** The mapping tables as Kysely sees them, inferred from the entities: the only tables this domain's queries can name. */
export type MappingDB = AsStored<InferKyselyDB<(typeof entities)[keyof typeof entities]>>;

/** A typed query builder over the mapping tables, bound to `em` and its transaction. */
export function mappingDb(em: EntityManager): Kysely<MappingDB> {
  return domainKysely<MappingDB>(em);
}
