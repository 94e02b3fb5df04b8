import { sql, type RawBuilder } from 'kysely';
import { Field, InputType } from 'type-graphql';
import { kysely, type EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import type { OrganisationRow } from './rows.js';

@InputType()
export class OrganisationFilter {
  @Field(() => String, { nullable: true, description: 'Text found in the name or the identifier, ignoring case.' })
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'OrganisationType codes (10 government, 21 international NGO, 40 multilateral…).' })
  type?: string[] | null;
}

export interface OrganisationListRow extends OrganisationRow {
  readonly sortKey: string;
}

/** Organisations sorted by name, then id. */
export async function findOrganisations(
  em: EntityManager,
  filter: OrganisationFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<OrganisationRow>> {
  const page = pageOf(args);
  const conditions: RawBuilder<unknown>[] = [];
  if (filter?.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(lower(coalesce(o.name, '')) like ${pattern} or lower(o.key) like ${pattern})`);
  }
  if (filter?.type?.length) conditions.push(sql`o.type = any(${filter.type}::text[])`);
  const sort = sql`lower(coalesce(o.name, o.key))`;
  const walk = keyset(sort, sql`o.key`, OrderDirection.ASC, page, { id: 'text' });
  const db = kysely(em);
  const { rows } = await sql<OrganisationListRow>`select o.key, o.ref, o.name, o.type, ${sort} as "sortKey"
    from aid_organisation o where ${and([...conditions, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(db);
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from aid_organisation o where ${and(conditions)}`.execute(db)).rows[0]?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.sortKey, row.key], count);
}
