import type { Kysely } from 'kysely';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { domainKysely, type AsStored, type EntityManager } from '../db/orm.js';
import type * as entities from './entities/index.js';

/** The finance tables as Kysely sees them, inferred from the entities: the only tables this domain's queries can name. */
export type FinanceDB = AsStored<InferKyselyDB<(typeof entities)[keyof typeof entities]>>;

/** A typed query builder over the finance tables, bound to `em` and its transaction. */
export function financeDb(em: EntityManager): Kysely<FinanceDB> {
  return domainKysely<FinanceDB>(em);
}
