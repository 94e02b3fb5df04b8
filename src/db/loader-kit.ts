import DataLoader from 'dataloader';
import type { RawBuilder } from 'kysely';
import { domainKysely, type EntityManager } from './orm.js';

/** Runs one raw SQL query, typed at its result by kysely's `sql<Row>` tag, on the request's entity manager. */
export async function select<R>(em: EntityManager, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(domainKysely<unknown>(em))).rows;
}

/** A loader answering each key with every row whose `keyOf` is that key (possibly none). */
export function grouped<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> {
  return new DataLoader<K, R[]>(async (keys) => {
    const byKey = new Map<K, R[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) byKey.get(keyOf(row))?.push(row);
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

/** A loader answering each key with the one row whose `keyOf` is that key, or null. */
export function single<K, R>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> {
  return new DataLoader<K, R | null>(async (keys) => {
    const byKey = new Map<K, R>();
    for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
    return keys.map((k) => byKey.get(k) ?? null);
  });
}
