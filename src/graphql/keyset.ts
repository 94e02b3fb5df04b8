import { sql, type RawBuilder } from 'kysely';
import { registerEnumType } from 'type-graphql';
import type { Page, Position } from './pagination.js';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

/**
 * Keyset pagination in SQL: order by (sort, id) and continue from a cursor's (sort, id).
 * `sort` must be non-null (coalesce nullable columns) and `id` unique, so one row-value
 * comparison finds the next page.
 */
export interface Keyset {
  readonly where: RawBuilder<unknown>[];
  readonly orderBy: RawBuilder<unknown>;
}

export interface KeyTypes {
  /** SQL type of the sort expression (default text). */
  readonly sort?: 'text' | 'int';
  /** SQL type of the unique tie-breaker (default int). */
  readonly id?: 'text' | 'int';
}

function literal(value: string | number | null, type: 'text' | 'int'): RawBuilder<unknown> {
  return type === 'int' ? sql`${Number(value)}::int` : sql`${String(value ?? '')}::text`;
}

function compare(
  sort: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  op: '>' | '<',
  position: Position,
  types: KeyTypes,
): RawBuilder<unknown> {
  return sql`(${sort}, ${id}) ${sql.raw(op)} (${literal(position[0], types.sort ?? 'text')}, ${literal(position[1], types.id ?? 'int')})`;
}

export function keyset(
  sort: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  direction: OrderDirection,
  page: Page,
  types: KeyTypes = {},
): Keyset {
  const ascending = direction === OrderDirection.ASC;
  const where: RawBuilder<unknown>[] = [];
  if (page.after) where.push(compare(sort, id, ascending ? '>' : '<', page.after, types));
  if (page.before) where.push(compare(sort, id, ascending ? '<' : '>', page.before, types));
  const walk = ascending !== page.backwards ? sql.raw('asc') : sql.raw('desc');
  return { where, orderBy: sql`${sort} ${walk}, ${id} ${walk}` };
}

/** `a and b and c`, or `true` when there is nothing to check. */
export function and(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
}
