import { sql, type RawBuilder } from 'kysely';
import { kysely, type EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { RULE_SELECT, type StoredRule } from './rules/rule-row.js';
import type { MappingRuleFilter } from './types/rule.type.js';

/** Rules by id (the order they were created in), active ones unless asked otherwise. */
export async function findRules(
  em: EntityManager,
  filter: MappingRuleFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<StoredRule>> {
  const page = pageOf(args);
  const f = filter ?? {};
  const where: RawBuilder<unknown>[] = [sql`status = any(${sql.val(f.status?.length ? f.status : ['active'])}::text[])`];
  const list = (column: string, values: string[] | null | undefined) => {
    if (values?.length) where.push(sql`${sql.ref(column)} = any(${sql.val(values)}::text[])`);
  };
  list(
    'country',
    f.country?.map((c) => c.toUpperCase()),
  );
  list('source_scheme', f.sourceScheme);
  list('source_code', f.sourceCode);
  list('target_scheme', f.targetScheme);
  list('target_code', f.targetCode);
  list('origin', f.origin);
  if (f.fiscalYear != null)
    where.push(sql`(valid_from is null or valid_from <= ${f.fiscalYear}) and (valid_to is null or valid_to >= ${f.fiscalYear})`);
  const walk = keyset(sql`(id * 0)`, sql`id`, OrderDirection.ASC, page, { sort: 'int' });
  const db = kysely(em);
  const { rows } =
    await sql<StoredRule>`select ${RULE_SELECT} from map_rule where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(
      db,
    );
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from map_rule where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
  return connectionOf(rows, page, (row) => [0, row.id], count);
}
