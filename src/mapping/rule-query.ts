import { sql, type RawBuilder } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { mappingDb } from './db.js';
import { RULE_COLUMNS, type StoredRule } from './rules/rule-row.js';
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
  const matching = mappingDb(em)
    .selectFrom('map_rule')
    .where(sql<boolean>`${and(where)}`);
  const rows = await matching
    .select(RULE_COLUMNS)
    .$if(walk.where.length > 0, (qb) => qb.where(sql<boolean>`${and(walk.where)}`))
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst())?.n ?? 0;
  return connectionOf(rows, page, (row) => [0, row.id], count);
}
