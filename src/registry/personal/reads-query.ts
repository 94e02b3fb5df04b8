import { sql, type RawBuilder } from 'kysely';
import { Field, InputType, Int } from 'type-graphql';
import { select } from '../../db/loader-kit.js';
import { kysely, type EntityManager } from '../../db/orm.js';
import { and, keyset, OrderDirection } from '../../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../../graphql/pagination.js';
import { DateTime, isoInstant } from '../../graphql/scalars.js';
import type { PersonalDataRead } from '../types/audit.type.js';
import type { SearchTerms } from './search.js';

@InputType()
export class PersonalReadFilter {
  @Field(() => String, { nullable: true, description: 'Who read.' })
  subject?: string | null;

  @Field(() => DateTime, { nullable: true })
  from?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Exclusive.' })
  to?: string | null;

  @Field(() => Int, { nullable: true, description: 'Reads that touched this individual (hub id).' })
  individual?: number | null;
}

interface Row {
  id: number;
  readAt: string;
  subject: string;
  roles: string[];
  operationName: string | null;
  query: string;
  fields: string[];
  records: Record<string, number[]>;
  search: SearchTerms | null;
}

/** Newest first. */
export async function findPersonalReads(
  em: EntityManager,
  filter: PersonalReadFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<PersonalDataRead>> {
  const page = pageOf(args);
  const where: RawBuilder<unknown>[] = [];
  if (filter?.subject) where.push(sql`subject = ${filter.subject}`);
  if (filter?.from) where.push(sql`read_at >= ${filter.from}::timestamptz`);
  if (filter?.to) where.push(sql`read_at < ${filter.to}::timestamptz`);
  if (filter?.individual != null) where.push(sql`records->'Individual' @> ${JSON.stringify([filter.individual])}::jsonb`);
  const walk = keyset(sql`id`, sql`id`, OrderDirection.DESC, page, { sort: 'int' });
  const rows = await select(
    em,
    sql<Row>`select id, read_at::text as "readAt", subject, roles, operation as "operationName", query, fields, records, search
      from reg_personal_read where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`,
  );
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from reg_personal_read where ${and(where)}`.execute(kysely(em))).rows[0]?.n ?? 0;
  return connectionOf(
    rows.map((row) => ({
      ...row,
      readAt: isoInstant(row.readAt) ?? row.readAt,
      records: Object.entries(row.records).map(([type, ids]) => ({ type, ids })),
      // The personal filters of a search are its fields; those, and only those, were kept hashed.
      search:
        row.search &&
        Object.entries(row.search).map(([filter, value]) => ({
          filter,
          value,
          hashed: row.fields.some((f) => f.endsWith(`.filter.${filter}`)),
        })),
    })),
    page,
    (read) => [read.id, read.id],
    count,
  );
}
