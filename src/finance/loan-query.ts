import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { Field, InputType } from 'type-graphql';
import type { EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { financeDb, type FinanceDB } from './db.js';
import { anyText, loans, type LoanRow } from './rows.js';

@InputType({ description: 'Every condition given must hold; lists match any of their values.' })
export class LoanFilter {
  @Field(() => [String], { nullable: true, description: 'Borrowing countries, ISO 3166 alpha-2.' })
  country?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Text in the creditor’s name, ignoring case.' })
  creditor?: string | null;

  @Field(() => [String], { nullable: true })
  creditorCategory?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'pipeline, signed, effective, disbursing, repaying, fully-disbursed, fully-repaid, cancelled, terminated, other.',
  })
  status?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'loan, credit, grant, guarantee, bond, other.' })
  instrument?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Creditor project ids (World Bank P-codes).' })
  projectId?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Sources: ibrd-statement, dmfas…' })
  source?: string[] | null;
}

type LoanTable = FinanceDB & { l: FinanceDB['fin_loan'] };

function matching(eb: ExpressionBuilder<LoanTable, 'l'>, f: LoanFilter): Expression<SqlBool> {
  const where: Expression<SqlBool>[] = [];
  if (f.country?.length) where.push(eb('l.country', '=', anyText(f.country.map((c) => c.toUpperCase()))));
  if (f.creditor) where.push(sql<SqlBool>`position(lower(${f.creditor}) in lower(l.creditor)) > 0`);
  if (f.creditorCategory?.length) where.push(eb('l.creditor_category', '=', anyText(f.creditorCategory)));
  if (f.status?.length) where.push(eb('l.status', '=', anyText(f.status)));
  if (f.instrument?.length) where.push(eb('l.instrument', '=', anyText(f.instrument)));
  if (f.projectId?.length) where.push(eb('l.project_id', '=', anyText(f.projectId)));
  if (f.source?.length) where.push(eb('l.source', '=', anyText(f.source)));
  return eb.and(where);
}

/** Loans by loan number, then id. */
export async function findLoans(em: EntityManager, filter: LoanFilter | null | undefined, args: PageArgs): Promise<Connection<LoanRow>> {
  const page = pageOf(args);
  const f = filter ?? {};
  const walk = keyset(sql`l.loan_number`, sql`l.id`, OrderDirection.ASC, page);
  const db = financeDb(em);
  const rows = await loans(db)
    .where((eb) => matching(eb, f))
    .$if(walk.where.length > 0, (qb) => qb.where(sql<SqlBool>`${and(walk.where)}`))
    .orderBy(walk.orderBy)
    .limit(page.limit)
    .execute();
  const count = async () =>
    (
      await db
        .selectFrom('fin_loan as l')
        .select(sql<number>`count(*)::int`.as('n'))
        .where((eb) => matching(eb, f))
        .executeTakeFirst()
    )?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.loanNumber, row.loanId], count);
}

/** The World Bank's IATI activities are `44000-<project id>`. */
const WORLD_BANK = /^44000-(P\d{6})(?:$|[^\d])/;

export function projectIdOf(iatiIdentifier: string): string | null {
  return WORLD_BANK.exec(iatiIdentifier)?.[1] ?? null;
}

export function iatiIdentifierFor(projectId: string | null): string | null {
  return projectId && /^P\d{6}$/.test(projectId) ? `44000-${projectId}` : null;
}
