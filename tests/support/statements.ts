import { expect } from 'vitest';
import { statements } from '../../src/db/orm.js';
import type { TestHub } from './hub.js';

interface Counted {
  readonly statements: number;
  readonly rows: number;
  readonly texts: readonly string[];
}

/** The SQL statements one query sends (after a warm-up query, outside the count), and the rows of `list`. */
async function countStatements(t: TestHub, query: string, first: number, list: string, warmUp: string): Promise<Counted> {
  await t.query(warmUp);
  const before = statements.count;
  statements.texts = [];
  const data = await t.query<Record<string, { nodes: unknown[] }>>(query, { first });
  const texts = statements.texts;
  delete statements.texts;
  return { statements: statements.count - before, rows: data[list]?.nodes.length ?? 0, texts };
}

/**
 * A query asked for 10 rows of `list` and for `many` sends the same statements (same texts, same
 * number, fewer than `bound`): a loader missing anywhere would add one per row.
 */
export async function expectStatementsNotToGrow(
  t: TestHub,
  { query, list, many, bound, warmUp }: { query: string; list: string; many: number; bound: number; warmUp: string },
): Promise<void> {
  const ten = await countStatements(t, query, 10, list, warmUp);
  const more = await countStatements(t, query, many, list, warmUp);
  expect(ten.rows).toBe(10);
  expect(more.rows).toBe(many);
  const heads = (counted: Counted) => counted.texts.map((text) => text.slice(0, 60)).sort();
  expect(heads(more)).toEqual(heads(ten));
  expect(more.statements).toBe(ten.statements);
  expect(ten.statements).toBeLessThan(bound);
}
