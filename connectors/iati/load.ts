import { sql, type RawBuilder } from 'kysely';
import { kysely, type EntityManager } from '../../src/db/orm.js';
import { cast, columnList, columnValues, indexOf, type TableSpec } from '../../src/db/table-spec.js';
import type { Rejected } from '../source.js';
import { CHILD_SPECS, CHILD_TABLES, type ChildTable, type PreparedActivity } from './prepare.js';
import { ORGANISATIONS, REPORT, REPORT_SOURCE } from './rows.js';

/**
 * Writes batches of prepared activities inside the caller's transaction, one statement per
 * table per batch. Re-running an input changes nothing: a report is keyed by (iati-identifier,
 * reporting org), rewritten only when its content hash changed, and never replaced by an
 * older version (by last-updated-datetime).
 */
export interface BatchCounts {
  loaded: number;
  updated: number;
  unchanged: number;
  stale: number;
}

interface Existing {
  id: number;
  activity_id: number;
  iati_identifier: string;
  reporting_org_key: string;
  content_hash: string;
  last_updated: string | Date | null;
}

/** The report row as written: its content, then where it was read from. */
const REPORT_ROW: TableSpec<unknown> = {
  table: REPORT.table,
  columns: [...REPORT.columns, ...REPORT_SOURCE.columns],
} as TableSpec<unknown>;
const IDENTIFIER = indexOf(REPORT_ROW, 'iati_identifier');
const ORG_KEY = indexOf(REPORT_ROW, 'reporting_org_key');

function keyOf(identifier: string, reportingOrgKey: string): string {
  return `${identifier}\u0000${reportingOrgKey}`;
}

function isOlder(incoming: string | null, stored: string | Date | null): boolean {
  if (!incoming || !stored) return false;
  return new Date(incoming).getTime() < new Date(stored).getTime();
}

async function rows<R>(em: EntityManager, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(kysely(em))).rows;
}

async function existingReports(em: EntityManager, batch: readonly PreparedActivity[]): Promise<Map<string, Existing>> {
  const keys = JSON.stringify(batch.map((a) => ({ i: a.identifier, o: a.reportingOrgKey })));
  const found = await rows(
    em,
    sql<Existing>`select r.id, r.activity_id, r.iati_identifier, r.reporting_org_key, r.content_hash, r.last_updated
      from aid_activity_report r join json_to_recordset(${keys}::json) as x(i text, o text)
      on r.iati_identifier = x.i and r.reporting_org_key = x.o`,
  );
  return new Map(found.map((r) => [keyOf(r.iati_identifier, r.reporting_org_key), r]));
}

async function ensureActivities(em: EntityManager, identifiers: readonly string[]): Promise<number[]> {
  if (identifiers.length === 0) return [];
  const created = await rows(
    em,
    sql<{
      id: number;
    }>`insert into aid_activity (iati_identifier) select distinct i from json_array_elements_text(${JSON.stringify(identifiers)}::json) as i
      on conflict (iati_identifier) do update set updated_at = now() returning id`,
  );
  return created.map((r) => r.id);
}

function reportsJson(activities: readonly PreparedActivity[]): string {
  return `[${activities.map((a) => a.report).join(',')}]`;
}

async function insertReports(em: EntityManager, runId: number, fresh: readonly PreparedActivity[]) {
  if (fresh.length === 0) return [];
  return rows(
    em,
    sql<{ id: number; iati_identifier: string; reporting_org_key: string }>`
      insert into aid_activity_report (activity_id, import_run_id, ${columnList(REPORT_ROW)})
      select a.id, ${runId}, ${columnValues(REPORT_ROW, 'r')}
      from jsonb_array_elements(${reportsJson(fresh)}::jsonb) as r
      join aid_activity a on a.iati_identifier = r->>${sql.lit(IDENTIFIER)}
      returning id, iati_identifier, reporting_org_key`,
  );
}

async function updateReports(
  em: EntityManager,
  runId: number,
  changed: readonly { id: number; activity: PreparedActivity }[],
): Promise<void> {
  if (changed.length === 0) return;
  const set = sql.raw(
    REPORT_ROW.columns
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i !== IDENTIFIER && i !== ORG_KEY)
      .map(({ c, i }) => `"${c.name}" = ${cast('r', i, c.type)}`)
      .join(', '),
  );
  await rows(
    em,
    sql`update aid_activity_report t set ${set}, import_run_id = ${runId}, loaded_at = now()
      from jsonb_array_elements(${reportsJson(changed.map((c) => c.activity))}::jsonb) as r
      where t.iati_identifier = r->>${sql.lit(IDENTIFIER)} and t.reporting_org_key = r->>${sql.lit(ORG_KEY)}`,
  );
  const ids = changed.map((c) => c.id);
  // Transactions first: their sectors go with them (on delete cascade).
  for (const table of CHILD_TABLES) await rows(em, sql`delete from ${sql.table(table)} where report_id = any(${ids}::int[])`);
}

/** `[[reportId, [row, row…]], …]` for one child table, or null when no report has rows for it. */
function childJson(written: readonly { id: number; activity: PreparedActivity }[], table: ChildTable): string | null {
  const parts = written.filter((w) => w.activity.children[table] !== '[]').map((w) => `[${w.id},${w.activity.children[table]}]`);
  return parts.length > 0 ? `[${parts.join(',')}]` : null;
}

async function insertChildren(em: EntityManager, written: readonly { id: number; activity: PreparedActivity }[]): Promise<void> {
  for (const table of CHILD_TABLES) {
    const json = childJson(written, table);
    if (json === null) continue;
    const spec = CHILD_SPECS[table] as TableSpec<unknown>;
    const source = sql`jsonb_array_elements(${json}::jsonb) as g cross join lateral jsonb_array_elements(g->1) as r`;
    if (table === 'aid_sector') {
      // A transaction-level sector names its transaction by seq; swap in the transaction's id.
      const seq = indexOf(spec, 'transaction_id');
      const values = sql.raw(spec.columns.map((c, i) => (i === seq ? 't.id' : cast('r', i, c.type))).join(', '));
      await rows(
        em,
        sql`insert into aid_sector (report_id, ${columnList(spec)}) select (g->>0)::int, ${values}
          from ${source} left join aid_transaction t on t.report_id = (g->>0)::int and t.seq = (r->>${sql.lit(seq)})::int`,
      );
    } else {
      await rows(
        em,
        sql`insert into ${sql.table(table)} (report_id, ${columnList(spec)}) select (g->>0)::int, ${columnValues(spec, 'r')} from ${source}`,
      );
    }
  }
}

async function upsertOrganisations(em: EntityManager, activities: readonly PreparedActivity[]): Promise<void> {
  const parts = activities.map((a) => a.organisations.slice(1, -1)).filter((p) => p.length > 0);
  if (parts.length === 0) return;
  await rows(
    em,
    sql`insert into aid_organisation (${columnList(ORGANISATIONS)})
      select distinct on (key) * from (select ${columnValues(ORGANISATIONS, 'r')} from jsonb_array_elements(${`[${parts.join(',')}]`}::jsonb) as r) as o
      order by key, (name is null), (type is null)
      on conflict (key) do update set ref = coalesce(excluded.ref, aid_organisation.ref), name = coalesce(excluded.name, aid_organisation.name),
        type = coalesce(excluded.type, aid_organisation.type), last_seen_at = now()`,
  );
}

/**
 * Picks each activity's authoritative report: an administrator's override, else the report by
 * the activity's own funding organisation, else a primary (not secondary) reporter, else the
 * most recently updated.
 */
export async function resolveAuthority(em: EntityManager, activityIds: readonly number[]): Promise<void> {
  if (activityIds.length === 0) return;
  await rows(
    em,
    sql`with ranked as (
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
       from ranked where a.id = ranked.activity_id`,
  );
}

export async function loadBatch(em: EntityManager, runId: number, batch: readonly PreparedActivity[]): Promise<BatchCounts> {
  const counts: BatchCounts = { loaded: 0, updated: 0, unchanged: 0, stale: 0 };
  if (batch.length === 0) return counts;
  const existing = await existingReports(em, batch);
  const fresh: PreparedActivity[] = [];
  const changed: { id: number; activityId: number; activity: PreparedActivity }[] = [];
  for (const activity of batch) {
    const found = existing.get(keyOf(activity.identifier, activity.reportingOrgKey));
    if (!found) fresh.push(activity);
    else if (found.content_hash === activity.contentHash) counts.unchanged += 1;
    else if (isOlder(activity.lastUpdated, found.last_updated)) counts.stale += 1;
    else changed.push({ id: found.id, activityId: found.activity_id, activity });
  }
  counts.loaded = fresh.length;
  counts.updated = changed.length;
  if (fresh.length === 0 && changed.length === 0) return counts;

  const touched = new Set<number>([
    ...(await ensureActivities(
      em,
      fresh.map((a) => a.identifier),
    )),
    ...changed.map((c) => c.activityId),
  ]);
  await updateReports(em, runId, changed);
  const inserted = await insertReports(em, runId, fresh);
  const freshByKey = new Map(fresh.map((a) => [keyOf(a.identifier, a.reportingOrgKey), a]));
  const written: { id: number; activity: PreparedActivity }[] = [...changed];
  for (const r of inserted) {
    const activity = freshByKey.get(keyOf(r.iati_identifier, r.reporting_org_key));
    if (activity) written.push({ id: r.id, activity });
  }
  await insertChildren(em, written);
  await upsertOrganisations(
    em,
    written.map((w) => w.activity),
  );
  await resolveAuthority(em, [...touched]);
  return counts;
}

export async function quarantine(em: EntityManager, runId: number, rejected: readonly Rejected[]): Promise<void> {
  if (rejected.length === 0) return;
  const json = JSON.stringify(
    rejected.map((r) => ({
      line: r.line,
      record_id: r.recordId,
      field: r.field,
      code: r.code,
      reason: r.reason,
      excerpt: r.excerpt,
      input: r.file,
    })),
  );
  await rows(
    em,
    sql`insert into import_quarantine (import_run_id, input, line, record_id, field, code, reason, excerpt)
      select ${runId}, input, line, record_id, field, code, reason, excerpt
      from json_to_recordset(${json}::json) as x(input text, line int, record_id text, field text, code text, reason text, excerpt text)`,
  );
}
