import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.js';
import { kysely } from '../../db/orm.js';
import { openDatabase } from '../database.js';

/**
 * The loan ↔ IATI activity link table an administrator keeps by hand, for the loans whose
 * activities the project-id rule (44000-<P-code>) cannot find. `loanId` is the graph's Loan id,
 * `<source>:<loan number>`.
 */
export interface LinkChange {
  readonly loanId: string;
  readonly iatiIdentifier: string;
  readonly reason: string;
  readonly by: string;
}

async function findLoan(db: Kysely<unknown>, loanId: string): Promise<number | null> {
  const colon = loanId.indexOf(':');
  if (colon < 0) return null;
  const { rows } = await sql<{
    id: number;
  }>`select id from fin_loan where source = ${loanId.slice(0, colon)} and loan_number = ${loanId.slice(colon + 1)}`.execute(db);
  return rows[0]?.id ?? null;
}

async function withLoan(config: Config, loanId: string, work: (db: Kysely<unknown>, id: number) => Promise<number>): Promise<number> {
  const orm = await openDatabase(config);
  try {
    return await orm.em.fork().transactional(async (em) => {
      const db = kysely(em);
      const id = await findLoan(db, loanId);
      if (id === null) {
        process.stderr.write(`no loan ${loanId} in the hub (a loan id is <source>:<loan number>, e.g. ibrd-statement:IBRD90550)\n`);
        return 1;
      }
      return work(db, id);
    });
  } finally {
    await orm.close();
  }
}

export function linkLoan(config: Config, change: LinkChange): Promise<number> {
  return withLoan(config, change.loanId, async (db, id) => {
    await sql`insert into fin_loan_activity_link (loan_id, iati_identifier, reason, created_by) values (${id}, ${change.iatiIdentifier}, ${change.reason}, ${change.by})
      on conflict (loan_id, iati_identifier) do update set reason = excluded.reason, created_by = excluded.created_by, created_at = now()`.execute(
      db,
    );
    const known = await sql<{
      n: number;
    }>`select count(*)::int as n from aid_activity where iati_identifier = ${change.iatiIdentifier}`.execute(db);
    const note = (known.rows[0]?.n ?? 0) > 0 ? '' : ' (the hub holds no such activity yet: the link shows once it is imported)';
    process.stdout.write(`${change.loanId} now finances ${change.iatiIdentifier}${note}\n`);
    return 0;
  });
}

export function unlinkLoan(config: Config, loanId: string, iatiIdentifier: string): Promise<number> {
  return withLoan(config, loanId, async (db, id) => {
    const result = await sql`delete from fin_loan_activity_link where loan_id = ${id} and iati_identifier = ${iatiIdentifier}`.execute(db);
    if (Number(result.numAffectedRows ?? 0) === 0) {
      process.stderr.write(`${loanId} has no link to ${iatiIdentifier}\n`);
      return 1;
    }
    process.stdout.write(`${loanId} no longer linked to ${iatiIdentifier}\n`);
    return 0;
  });
}

/** Every hand-made link, as tab-separated lines an administrator can paste into a sheet. */
export async function listLoanLinks(config: Config): Promise<number> {
  const orm = await openDatabase(config);
  try {
    const { rows } = await sql<{ loan: string; activity: string; reason: string; by: string; at: Date }>`
      select l.source || ':' || l.loan_number as loan, k.iati_identifier as activity, k.reason, k.created_by as by, k.created_at as at
      from fin_loan_activity_link k join fin_loan l on l.id = k.loan_id order by loan, activity`.execute(kysely(orm.em.fork()));
    process.stdout.write('loan\tactivity\treason\tby\tat\n');
    for (const r of rows) process.stdout.write(`${r.loan}\t${r.activity}\t${r.reason}\t${r.by}\t${new Date(r.at).toISOString()}\n`);
    return 0;
  } finally {
    await orm.close();
  }
}
