import { sql, type RawBuilder } from 'kysely';
import { Field, InputType } from 'type-graphql';
import { kysely, type EntityManager } from '../db/orm.js';
import { and, keyset, OrderDirection } from '../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../graphql/pagination.js';
import { LOAN_SELECT, type LoanRow } from './loaders.js';

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

/** Loans by loan number, then id. */
export async function findLoans(em: EntityManager, filter: LoanFilter | null | undefined, args: PageArgs): Promise<Connection<LoanRow>> {
  const page = pageOf(args);
  const f = filter ?? {};
  const where: RawBuilder<unknown>[] = [];
  if (f.country?.length) where.push(sql`l.country = any(${f.country.map((c) => c.toUpperCase())}::text[])`);
  if (f.creditor) where.push(sql`position(lower(${f.creditor}) in lower(l.creditor)) > 0`);
  if (f.creditorCategory?.length) where.push(sql`l.creditor_category = any(${f.creditorCategory}::text[])`);
  if (f.status?.length) where.push(sql`l.status = any(${f.status}::text[])`);
  if (f.instrument?.length) where.push(sql`l.instrument = any(${f.instrument}::text[])`);
  if (f.projectId?.length) where.push(sql`l.project_id = any(${f.projectId}::text[])`);
  if (f.source?.length) where.push(sql`l.source = any(${f.source}::text[])`);
  const walk = keyset(sql`l.loan_number`, sql`l.id`, OrderDirection.ASC, page);
  const db = kysely(em);
  const { rows } =
    await sql<LoanRow>`select ${LOAN_SELECT} from fin_loan l where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`.execute(
      db,
    );
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from fin_loan l where ${and(where)}`.execute(db)).rows[0]?.n ?? 0;
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
