import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { InferKyselyDB } from '@mikro-orm/sql';
import { domainKysely, type AsStored, type EntityManager } from '../db/orm.js';
import type * as entities from './entities/index.js';

/** The registry tables as Kysely sees them, inferred from the entities: the only tables this domain's queries can name. */
export type RegistryDB = AsStored<InferKyselyDB<(typeof entities)[keyof typeof entities]>>;

/** A typed query builder over the registry tables, bound to `em` and its transaction. */
export function registryDb(em: EntityManager): Kysely<RegistryDB> {
  return domainKysely<RegistryDB>(em);
}

/**
 * `any($1::int[])`: one array parameter for a batch of keys, whatever its length (the right side of
 * `.where(column, '=', anyOf(keys, 'int'))`); `in (…)` would send one parameter per key.
 */
export function anyOf<T extends string | number>(values: readonly T[], type: 'int' | 'text'): RawBuilder<T> {
  return sql<T>`any(${sql.val([...values])}::${sql.raw(type)}[])`;
}

/** `all($1::text[])`: the right side of `.where(column, '<>', allOf(keys, 'text'))`, one parameter for every key. */
export function allOf<T extends string | number>(values: readonly T[], type: 'int' | 'text'): RawBuilder<T> {
  return sql<T>`all(${sql.val([...values])}::${sql.raw(type)}[])`;
}
