import { DefaultQueryCompiler } from 'kysely';
import { vi } from 'vitest';

/**
 * Runs `run`, collecting the SQL of every statement the query builder compiles meanwhile (raw
 * and built alike, as sent, with `$n` parameters): what a test checks a query reads.
 */
export async function compiled<T>(run: () => Promise<T>): Promise<{ data: T; texts: string[] }> {
  const texts: string[] = [];
  const original = DefaultQueryCompiler.prototype.compileQuery;
  const spy = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery').mockImplementation(function (this: DefaultQueryCompiler, ...args) {
    const query = original.apply(this, args);
    texts.push(query.sql);
    return query;
  });
  try {
    return { data: await run(), texts };
  } finally {
    spy.mockRestore();
  }
}
