import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { financeDb } from './db.js';
import { projectIdOf } from './loan-query.js';

/**
 * The loan ↔ IATI activity links an administrator keeps by hand (`tributary loan link`), for the
 * loans whose activities the project-id rule (44000-<P-code>) cannot find.
 */

/** The row id of the loan whose graph id is `<source>:<loan number>`, or null. */
export async function loanRowId(em: EntityManager, loanId: string): Promise<number | null> {
  const colon = loanId.indexOf(':');
  if (colon < 0) return null;
  const loan = await financeDb(em)
    .selectFrom('fin_loan')
    .select('id')
    .where('source', '=', loanId.slice(0, colon))
    .where('loan_number', '=', loanId.slice(colon + 1))
    .executeTakeFirst();
  return loan?.id ?? null;
}

export interface LoanLink {
  readonly loanRowId: number;
  readonly iatiIdentifier: string;
  readonly reason: string;
  readonly by: string;
}

/** Links a loan to an activity, or re-states an existing link's reason (and who, and when). */
export async function linkLoanActivity(em: EntityManager, link: LoanLink): Promise<void> {
  await financeDb(em)
    .insertInto('fin_loan_activity_link')
    .values({ loan_id: link.loanRowId, iati_identifier: link.iatiIdentifier, reason: link.reason, created_by: link.by })
    .onConflict((oc) =>
      oc.columns(['loan_id', 'iati_identifier']).doUpdateSet((eb) => ({
        reason: eb.ref('excluded.reason'),
        created_by: eb.ref('excluded.created_by'),
        created_at: sql<string>`now()`,
      })),
    )
    .execute();
}

/** Removes a link; false when there was none. */
export async function unlinkLoanActivity(em: EntityManager, loanRowId: number, iatiIdentifier: string): Promise<boolean> {
  const result = await financeDb(em)
    .deleteFrom('fin_loan_activity_link')
    .where('loan_id', '=', loanRowId)
    .where('iati_identifier', '=', iatiIdentifier)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every hand-made link, by loan id then activity. */
export function loanActivityLinks(em: EntityManager) {
  return financeDb(em)
    .selectFrom('fin_loan_activity_link as k')
    .innerJoin('fin_loan as l', 'l.id', 'k.loan_id')
    .select([
      sql<string>`l.source || ':' || l.loan_number`.as('loan'),
      'k.iati_identifier as activity',
      'k.reason',
      'k.created_by as by',
      // Timestamps come back as the database's text (the drivers' parsers keep them raw), not `Date`.
      sql<string>`k.created_at`.as('at'),
    ])
    .orderBy('loan')
    .orderBy('activity')
    .execute();
}

/**
 * Which of these activities finance knows a loan of: by the creditor's project id in the
 * identifier (44000-<P-code>) or by a hand-made link.
 */
export async function loanFinancedActivities(em: EntityManager, iatiIdentifiers: readonly string[]): Promise<Set<string>> {
  const db = financeDb(em);
  const identifiers = sql<string[]>`${sql.val([...iatiIdentifiers])}::text[]`;
  const projects = iatiIdentifiers.flatMap((id) => projectIdOf(id) ?? []);
  const rows = await db
    .selectFrom('fin_loan_activity_link')
    .select('iati_identifier as id')
    .where((eb) => eb('iati_identifier', '=', eb.fn.any(identifiers)))
    .union(
      db
        .selectFrom('fin_loan')
        .select(sql<string>`'44000-' || project_id`.as('id'))
        .where((eb) => eb('project_id', '=', eb.fn.any(sql<string[]>`${sql.val(projects)}::text[]`))),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
