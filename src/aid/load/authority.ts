import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { aidDb } from '../db.js';

/**
 * Picks each activity's authoritative report: an administrator's override, else the report by
 * the activity's own funding organisation, else a primary (not secondary) reporter, else the
 * most recently updated. One statement (a window over the reports, `distinct on`, an update
 * from it), which the builder cannot say.
 */
export async function resolveAuthority(em: EntityManager, activityIds: readonly number[]): Promise<void> {
  if (activityIds.length === 0) return;
  await sql<never>`with ranked as (
       select distinct on (r.activity_id) r.activity_id, r.id as report_id,
         case when o.reporting_org_key = r.reporting_org_key then 'override'
              when r.reporting_org_is_funder then 'funding-org'
              when count(*) over (partition by r.activity_id) = 1 then 'only-report'
              when not r.secondary_reporter then 'primary-reporter'
              else 'latest' end as rule
       from aid_activity_report r
       left join aid_authority_override o on o.iati_identifier = r.iati_identifier
       where r.activity_id = any(${[...activityIds]}::int[])
       order by r.activity_id, (o.reporting_org_key = r.reporting_org_key) desc nulls last, r.reporting_org_is_funder desc,
                r.secondary_reporter, r.last_updated desc nulls last, r.id)
     update aid_activity a set authoritative_report_id = ranked.report_id, authority_rule = ranked.rule, updated_at = now()
       from ranked where a.id = ranked.activity_id`.execute(aidDb(em));
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
          set_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
  await resolveAuthority(em, [first.activity_id]);
  return { kind: key === null ? 'cleared' : 'set' };
}
