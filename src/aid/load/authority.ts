import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { aidDb } from '../db.js';

/**
 * Picks each activity's authoritative report: an administrator's override, else the report by
 * the activity's own funding organisation, else a primary (not secondary) reporter, else the
 * most recently updated. One statement: the reports ranked per activity (`distinct on`), the
 * activities updated from the ranking.
 */
export async function resolveAuthority(em: EntityManager, activityIds: readonly number[]): Promise<void> {
  if (activityIds.length === 0) return;
  const overridden = sql<boolean>`o.reporting_org_key = r.reporting_org_key`;
  await aidDb(em)
    .with('ranked', (db) =>
      db
        .selectFrom('aid_activity_report as r')
        .leftJoin('aid_authority_override as o', 'o.iati_identifier', 'r.iati_identifier')
        .distinctOn('r.activity_id')
        .select((eb) => [
          'r.activity_id',
          'r.id as report_id',
          eb
            .case()
            .when(overridden)
            .then(sql.lit('override'))
            .when(eb.ref('r.reporting_org_is_funder'))
            .then(sql.lit('funding-org'))
            .when(sql<boolean>`count(*) over (partition by r.activity_id) = 1`)
            .then(sql.lit('only-report'))
            .when(eb.not(eb.ref('r.secondary_reporter')))
            .then(sql.lit('primary-reporter'))
            .else(sql.lit('latest'))
            .end()
            .as('rule'),
        ])
        .where((eb) => eb('r.activity_id', '=', eb.fn.any(sql<number[]>`${[...activityIds]}::int[]`)))
        .orderBy('r.activity_id')
        .orderBy(overridden, (ob) => ob.desc().nullsLast())
        .orderBy('r.reporting_org_is_funder', 'desc')
        .orderBy('r.secondary_reporter')
        .orderBy('r.last_updated', (ob) => ob.desc().nullsLast())
        .orderBy('r.id'),
    )
    .updateTable('aid_activity as a')
    .from('ranked')
    .set((eb) => ({
      authoritative_report_id: eb.ref('ranked.report_id'),
      authority_rule: eb.ref('ranked.rule'),
      updated_at: sql<string>`now()`,
    }))
    .whereRef('a.id', '=', 'ranked.activity_id')
    .execute();
}

export interface AuthorityChoice {
  readonly iatiIdentifier: string;
  /** The publisher whose report becomes authoritative, or null to clear the override. */
  readonly reportingOrgKey: string | null;
  readonly reason: string;
  readonly setBy: string;
}

export type AuthorityOutcome =
  | { readonly kind: 'set' | 'cleared' }
  | { readonly kind: 'no-activity' }
  | { readonly kind: 'no-such-report'; readonly reporters: readonly string[] };

/**
 * Records (or clears) an administrator's choice of which publisher's report of an activity is
 * authoritative, kept across re-imports, and re-picks the activity's authoritative report.
 * The caller holds the transaction.
 */
export async function chooseAuthority(em: EntityManager, choice: AuthorityChoice): Promise<AuthorityOutcome> {
  const db = aidDb(em);
  const reports = await db
    .selectFrom('aid_activity_report')
    .select(['activity_id', 'reporting_org_key'])
    .where('iati_identifier', '=', choice.iatiIdentifier)
    .orderBy('id')
    .execute();
  const [first] = reports;
  if (!first) return { kind: 'no-activity' };
  const key = choice.reportingOrgKey;
  if (key === null) {
    await db.deleteFrom('aid_authority_override').where('iati_identifier', '=', choice.iatiIdentifier).execute();
  } else if (!reports.some((r) => r.reporting_org_key === key)) {
    return { kind: 'no-such-report', reporters: reports.map((r) => r.reporting_org_key) };
  } else {
    const row = { iati_identifier: choice.iatiIdentifier, reporting_org_key: key, reason: choice.reason, set_by: choice.setBy };
    await db
      .insertInto('aid_authority_override')
      .values(row)
      .onConflict((oc) =>
        oc.column('iati_identifier').doUpdateSet((eb) => ({
          reporting_org_key: eb.ref('excluded.reporting_org_key'),
          reason: eb.ref('excluded.reason'),
          set_by: eb.ref('excluded.set_by'),
          set_at: sql<string>`now()`,
        })),
      )
      .execute();
  }
  await resolveAuthority(em, [first.activity_id]);
  return { kind: key === null ? 'cleared' : 'set' };
}
