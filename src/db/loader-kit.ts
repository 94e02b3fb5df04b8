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

/**
 * Loaders of one kind that differ by a field's arguments: one loader per distinct arguments (made
 * on first use in the request), so every object asking the same field with the same arguments
 * shares one batch.
 */
export function perArguments<A, K, V>(make: (args: A) => DataLoader<K, V>): (args: A) => DataLoader<K, V> {
  const made = new Map<string, DataLoader<K, V>>();
  return (args) => {
    const id = JSON.stringify(args);
    let loader = made.get(id);
    if (!loader) {
      loader = make(args);
      made.set(id, loader);
    }
    return loader;
  };
}
