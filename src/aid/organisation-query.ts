import { sql, type Expression, type SqlBool } from 'kysely';
import { Field, InputType } from 'type-graphql';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';
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
  const organisations = aidDb(em)
    .selectFrom('aid_organisation as o')
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [];
      if (filter?.search) {
        const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(
          eb.or([
            eb(eb.fn('lower', [eb.fn.coalesce('o.name', sql.lit(''))]), 'like', pattern),
            eb(eb.fn('lower', ['o.key']), 'like', pattern),
          ]),
        );
      }
      if (filter?.type?.length) conditions.push(eb('o.type', '=', eb.fn.any(sql<string[]>`${filter.type}::text[]`)));
      return eb.and(conditions);
    });
  const sort = sql<string>`lower(coalesce(o.name, o.key))`;
  const walk = keyset(sort, sql`o.key`, OrderDirection.ASC, page, { id: 'text' });
  const rows: OrganisationListRow[] = await organisations
    .select(['o.key', 'o.ref', 'o.name', 'o.type', sort.as('sortKey')])
    .where(sql<SqlBool>`${and(walk.where)}`)
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await organisations.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst())?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.sortKey, row.key], count);
}
