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

const AUDIT_WRITE = 'InsertQueryNode reg_personal_read';

/**
 * A query asked for 10 rows of `list` and for `many` sends the same statements (same texts, same
 * number, fewer than `bound`): a loader missing anywhere would add one per row. Personal-read audit
 * entries are written once per I/O turn in which personal fields resolve — how many turns a page
 * takes depends on when the database answers, not on the rows — so with `auditWrites` each run
 * writes at least one and at most that many, and the rest must match exactly.
 */
export async function expectStatementsNotToGrow(
  t: TestHub,
  {
    query,
    list,
    many,
    bound,
    warmUp,
    auditWrites = 0,
  }: { query: string; list: string; many: number; bound: number; warmUp: string; auditWrites?: number },
): Promise<void> {
  const ten = await countStatements(t, query, 10, list, warmUp);
  const more = await countStatements(t, query, many, list, warmUp);
  expect(ten.rows).toBe(10);
  expect(more.rows).toBe(many);
  const audits = (counted: Counted) => counted.texts.filter((text) => text === AUDIT_WRITE).length;
  for (const counted of [ten, more]) {
    expect(audits(counted)).toBeGreaterThanOrEqual(auditWrites > 0 ? 1 : 0);
    expect(audits(counted)).toBeLessThanOrEqual(auditWrites);
  }
  const heads = (counted: Counted) =>
    counted.texts
      .filter((text) => text !== AUDIT_WRITE)
      .map((text) => text.slice(0, 60))
      .sort();
  expect(heads(more)).toEqual(heads(ten));
  expect(more.statements - audits(more)).toBe(ten.statements - audits(ten));
  expect(ten.statements).toBeLessThan(bound);
}
