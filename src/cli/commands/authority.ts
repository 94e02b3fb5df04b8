import { sql } from 'kysely';
import { resolveAuthority } from '../../../connectors/iati/load.js';
import type { Config } from '../../config.js';
import { kysely } from '../../db/orm.js';
import { openDatabase } from '../database.js';

/**
 * An administrator's choice of which publisher's report of an activity the hub shows, kept until
 * cleared (re-imports do not undo it). `reportingOrg` is the publisher's IATI org identifier.
 */
export async function setAuthority(
  config: Config,
  identifier: string,
  reportingOrg: string | null,
  reason: string,
  by: string,
): Promise<number> {
  const orm = await openDatabase(config);
  try {
    return await orm.em.fork().transactional(async (em) => {
      const db = kysely(em);
      const reports = (
        await sql<{ activityId: number; key: string }>`select activity_id as "activityId", reporting_org_key as key from aid_activity_report
          where iati_identifier = ${identifier} order by id`.execute(db)
      ).rows;
      if (reports.length === 0) {
        process.stderr.write(`no activity ${identifier} in the hub\n`);
        return 1;
      }
      if (reportingOrg === null) {
        await sql`delete from aid_authority_override where iati_identifier = ${identifier}`.execute(db);
      } else if (!reports.some((r) => r.key === reportingOrg)) {
        process.stderr.write(
          `${identifier} has no report by ${reportingOrg}; it has reports by: ${reports.map((r) => r.key).join(', ')}\n`,
        );
        return 1;
      } else {
        await sql`insert into aid_authority_override (iati_identifier, reporting_org_key, reason, set_by) values (${identifier}, ${reportingOrg}, ${reason}, ${by})
          on conflict (iati_identifier) do update set reporting_org_key = excluded.reporting_org_key, reason = excluded.reason, set_by = excluded.set_by, set_at = now()`.execute(
          db,
        );
      }
      await resolveAuthority(em, [reports[0]?.activityId ?? 0]);
      process.stdout.write(
        reportingOrg === null ? `${identifier}: override cleared\n` : `${identifier}: the report by ${reportingOrg} is now authoritative\n`,
      );
      return 0;
    });
  } finally {
    await orm.close();
  }
}
