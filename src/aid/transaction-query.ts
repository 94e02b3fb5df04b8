import { sql, type Expression, type SqlBool } from 'kysely';
import { Field, InputType } from 'type-graphql';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { LocalDate } from '../graphql/scalars.js';
import { ALL_TRANSACTION_COLUMNS, transactionQuery, transactionsFrom, type TransactionColumn, type TransactionRow } from './rows.js';

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
  columns: Iterable<TransactionColumn> = ALL_TRANSACTION_COLUMNS,
): Promise<Connection<TransactionRow>> {
  const page = pageOf(args);
  const f = filter ?? {};
  const anyOf = (values: readonly string[]) => sql<string[]>`${values}::text[]`;
  const db = aidDb(em);
  const transactions = transactionsFrom(db).where((eb) => {
    const where: Expression<SqlBool>[] = [];
    if (!f.includeAllReports) {
      where.push(
        eb.exists(
          eb.selectFrom('aid_activity as a').select(sql.lit(1).as('one')).whereRef('a.authoritative_report_id', '=', 't.report_id'),
        ),
      );
    }
    if (f.type?.length) where.push(eb('t.type', '=', eb.fn.any(anyOf(f.type))));
    if (f.dateFrom) where.push(eb('t.date', '>=', sql<string>`${f.dateFrom}::date`));
    if (f.dateTo) where.push(eb('t.date', '<=', sql<string>`${f.dateTo}::date`));
    if (f.provider?.length) where.push(eb('t.provider_key', '=', eb.fn.any(anyOf(f.provider))));
    if (f.receiver?.length) where.push(eb('t.receiver_key', '=', eb.fn.any(anyOf(f.receiver))));
    if (f.currency?.length) where.push(eb('t.currency', '=', eb.fn.any(anyOf(f.currency.map((c) => c.toUpperCase())))));
    if (f.iatiIdentifier?.length) {
      const reports = eb
        .selectFrom('aid_activity_report')
        .select('id')
        .where('iati_identifier', '=', eb.fn.any(anyOf(f.iatiIdentifier)));
      where.push(eb('t.report_id', 'in', reports));
    }
    return eb.and(where);
  });
  const sort = sql<string>`t.date::text`;
  const walk = keyset(sort, sql`t.id`, direction, page);
  const rows: TransactionRow[] = await transactionQuery(db, transactions, [...columns, 'date'])
    .where(sql<SqlBool>`${and(walk.where)}`)
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () => (await transactions.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst())?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.date, row.id], count);
}
