import type { SearchCriteria } from '../../../connectors/registry/dci/envelope.js';
import type { Json } from './records.js';

/**
 * Just enough of a DCI query engine for the double: `predicate` (and `expression`) lists of
 * `{ expression1, condition, expression2 }` comparing a record's top-level (or `member.`) value as
 * text, ISO dates comparing as text. A record that lacks the attribute is kept: the published
 * example records leave last_updated blank, and the double should still serve them. Any other
 * query (idtype-value, a NoSql template) selects everything.
 */
type Predicate = { attribute_name?: unknown; operator?: unknown; attribute_value?: unknown };

const ALIASES: Record<string, string[]> = { last_updated: ['last_updated', 'last_update'] };

function valueOf(record: Json, attribute: string): string | null {
  for (const name of ALIASES[attribute] ?? [attribute]) {
    for (const source of [record, record.member]) {
      const v = typeof source === 'object' && source !== null ? (source as Json)[name] : undefined;
      if (typeof v === 'string' && v.trim() !== '') return v.trim();
      if (typeof v === 'number') return String(v);
    }
  }
  return null;
}

function holds(record: Json, p: unknown): boolean {
  if (typeof p !== 'object' || p === null) return true;
  const { attribute_name, operator, attribute_value } = p as Predicate;
  if (typeof attribute_name !== 'string') return true;
  const have = valueOf(record, attribute_name);
  if (have === null) return true;
  const want = String(attribute_value);
  switch (operator) {
    case 'eq':
      return have === want;
    case 'gt':
      return have > want;
    case 'ge':
      return have >= want;
    case 'lt':
      return have < want;
    case 'le':
      return have <= want;
    default:
      return true;
  }
}

export function selectRecords(records: readonly Json[], criteria: SearchCriteria): Json[] {
  if (!Array.isArray(criteria.query)) return [...records];
  const clauses = criteria.query as { expression1?: unknown; condition?: unknown; expression2?: unknown }[];
  return records.filter((record) =>
    clauses.every((c) => {
      const a = holds(record, c.expression1);
      if (!c.expression2 || typeof c.expression2 !== 'object') return a;
      const b = holds(record, c.expression2);
      return c.condition === 'or' ? a || b : a && b;
    }),
  );
}
