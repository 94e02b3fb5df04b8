import { sql } from 'kysely';
import { Field, InputType, Int } from 'type-graphql';
import type { EntityManager } from '../../db/orm.js';
import { and, keyset, OrderDirection } from '../../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../../graphql/pagination.js';
import { DateTime, isoInstant } from '../../graphql/scalars.js';
import type { PersonalDataRead } from '../types/audit.type.js';
import { registryDb } from '../db.js';

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

/** Newest first. */
export async function findPersonalReads(
  em: EntityManager,
  filter: PersonalReadFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<PersonalDataRead>> {
  const page = pageOf(args);
  const { subject, from, to, individual } = filter ?? {};
  const instant = (value: string | null | undefined) => sql<string>`${value ?? null}::timestamptz`;
  const reads = registryDb(em)
    .selectFrom('reg_personal_read')
    .$if(Boolean(subject), (query) => query.where('subject', '=', subject ?? ''))
    .$if(Boolean(from), (query) => query.where('read_at', '>=', instant(from)))
    .$if(Boolean(to), (query) => query.where('read_at', '<', instant(to)))
    .$if(individual != null, (query) => query.where(sql<boolean>`records->'Individual' @> ${JSON.stringify([individual])}::jsonb`));
  const walk = keyset(sql`id`, sql`id`, OrderDirection.DESC, page, { sort: 'int' });
  const rows = await reads
    .select((eb) => [
      'id',
      eb.cast<string>('read_at', 'text').as('readAt'),
      'subject',
      'roles',
      'operation as operationName',
      'query',
      'fields',
      'records',
      'search',
    ])
    .where(sql<boolean>`${and(walk.where)}`)
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await reads.select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).executeTakeFirst())?.n ?? 0;
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
