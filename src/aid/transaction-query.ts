import { sql, type RawBuilder } from 'kysely';
import { Field, InputType } from 'type-graphql';
import { kysely, type EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { LocalDate } from '../graphql/scalars.js';
import { TRANSACTION_SELECT, type TransactionRow } from './rows.js';

@InputType({ description: 'Every condition given must hold. Lists match any of their values.' })
export class TransactionFilter {
  @Field(() => [String], { nullable: true, description: 'TransactionType codes (2 commitment, 3 disbursement, 4 expenditure…).' })
  type?: string[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'On or after this transaction date.' })
  dateFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'On or before this transaction date.' })
  dateTo?: string | null;

  @Field(() => [String], { nullable: true, description: 'Provider organisations (organisation ids).' })
  provider?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Receiver organisations (organisation ids).' })
  receiver?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO 4217 currency codes of the value.' })
  currency?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only transactions of these activities.' })
  iatiIdentifier?: string[] | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Include transactions of non-authoritative reports too (the same money may then appear twice, once per publisher).',
  })
  includeAllReports?: boolean;
}

export async function findTransactions(
  em: EntityManager,
  filter: TransactionFilter | null | undefined,
  direction: OrderDirection,
  args: PageArgs,
): Promise<Connection<TransactionRow>> {
  const page = pageOf(args);
  const f = filter ?? {};
  const where: RawBuilder<unknown>[] = [];
  if (!f.includeAllReports) where.push(sql`exists (select 1 from aid_activity a where a.authoritative_report_id = t.report_id)`);
  if (f.type?.length) where.push(sql`t.type = any(${f.type}::text[])`);
  if (f.dateFrom) where.push(sql`t.date >= ${f.dateFrom}::date`);
  if (f.dateTo) where.push(sql`t.date <= ${f.dateTo}::date`);
  if (f.provider?.length) where.push(sql`t.provider_key = any(${f.provider}::text[])`);
  if (f.receiver?.length) where.push(sql`t.receiver_key = any(${f.receiver}::text[])`);
  if (f.currency?.length) where.push(sql`t.currency = any(${f.currency.map((c) => c.toUpperCase())}::text[])`);
  if (f.iatiIdentifier?.length) {
    where.push(sql`t.report_id in (select id from aid_activity_report where iati_identifier = any(${f.iatiIdentifier}::text[]))`);
  }
  const sort = sql`t.date::text`;
  const walk = keyset(sort, sql`t.id`, direction, page);
  const db = kysely(em);
  const { rows } = await sql<TransactionRow>`select ${TRANSACTION_SELECT} from aid_transaction t
    where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(db);
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from aid_transaction t where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.date, row.id], count);
}
