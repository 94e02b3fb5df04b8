import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { cast, columnList, columnValues, indexOf, type TableSpec } from '../../db/table-spec.js';
import { aidDb, type AidDB } from '../db.js';
import { resolveAuthority } from './authority.js';
import type { ReportRows } from './rows.js';
import { CHILD_SPECS, CHILD_TABLES, ORGANISATIONS, REPORT, REPORT_SOURCE, type ChildTable } from './tables.js';

/**
 * Writes batches of serialised reports (rows.ts) inside the caller's transaction, one statement
 * per table per batch: rows travel as one jsonb array parameter (see src/db/table-spec.ts).
 * Re-running an input changes nothing: a report is keyed by (iati-identifier, reporting org),
 * rewritten only when its content hash changed, and never replaced by an older version (by
 * last-updated-datetime).
 */
export interface BatchCounts {
  loaded: number;
  updated: number;
  unchanged: number;
  stale: number;
}

type Existing = Pick<
  Selectable<AidDB['aid_activity_report']>,
  'id' | 'activity_id' | 'iati_identifier' | 'reporting_org_key' | 'content_hash' | 'last_updated'
>;
type Written = { readonly id: number; readonly rows: ReportRows };

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

/** Runs one bulk statement the builder cannot say (jsonb array sources), typed at its result. */
async function bulk<R>(em: EntityManager, statement: RawBuilder<R>): Promise<R[]> {
  return (await statement.execute(aidDb(em))).rows;
}

async function existingReports(em: EntityManager, batch: readonly ReportRows[]): Promise<Map<string, Existing>> {
  const keys = JSON.stringify(batch.map((a) => ({ i: a.identifier, o: a.reportingOrgKey })));
  // The keys travel as one JSON parameter, whatever the batch size.
  const wanted = sql<{ i: string; o: string }>`json_to_recordset(${keys}::json)`.as<'x'>(sql`x(i text, o text)`);
  const found: Existing[] = await aidDb(em)
    .selectFrom('aid_activity_report as r')
    .innerJoin(wanted, (join) => join.onRef('r.iati_identifier', '=', 'x.i').onRef('r.reporting_org_key', '=', 'x.o'))
    .select(['r.id', 'r.activity_id', 'r.iati_identifier', 'r.reporting_org_key', 'r.content_hash', 'r.last_updated'])
    .execute();
  return new Map(found.map((r) => [keyOf(r.iati_identifier, r.reporting_org_key), r]));
}

async function ensureActivities(em: EntityManager, identifiers: readonly string[]): Promise<number[]> {
  if (identifiers.length === 0) return [];
  const created = await bulk(
    em,
    sql<Pick<Selectable<AidDB['aid_activity']>, 'id'>>`insert into aid_activity (iati_identifier)
      select distinct i from json_array_elements_text(${JSON.stringify(identifiers)}::json) as i
      on conflict (iati_identifier) do update set updated_at = now() returning id`,
  );
  return created.map((r) => r.id);
}

function reportsJson(reports: readonly ReportRows[]): string {
  return `[${reports.map((a) => a.report).join(',')}]`;
}

async function insertReports(em: EntityManager, runId: number, fresh: readonly ReportRows[]) {
  if (fresh.length === 0) return [];
  return bulk(
    em,
    sql<Pick<Existing, 'id' | 'iati_identifier' | 'reporting_org_key'>>`
      insert into aid_activity_report (activity_id, import_run_id, ${columnList(REPORT_ROW)})
      select a.id, ${runId}, ${columnValues(REPORT_ROW, 'r')}
      from jsonb_array_elements(${reportsJson(fresh)}::jsonb) as r
      join aid_activity a on a.iati_identifier = r->>${sql.lit(IDENTIFIER)}
      returning id, iati_identifier, reporting_org_key`,
  );
}

async function updateReports(em: EntityManager, runId: number, changed: readonly Written[]): Promise<void> {
  if (changed.length === 0) return;
  const set = sql.raw(
    REPORT_ROW.columns
      .map((c, i) => ({ c, i }))
      .filter(({ i }) => i !== IDENTIFIER && i !== ORG_KEY)
      .map(({ c, i }) => `"${c.name}" = ${cast('r', i, c.type)}`)
      .join(', '),
  );
  await bulk(
    em,
    sql<never>`update aid_activity_report t set ${set}, import_run_id = ${runId}, loaded_at = now()
      from jsonb_array_elements(${reportsJson(changed.map((c) => c.rows))}::jsonb) as r
      where t.iati_identifier = r->>${sql.lit(IDENTIFIER)} and t.reporting_org_key = r->>${sql.lit(ORG_KEY)}`,
  );
  const ids = sql<number[]>`${changed.map((c) => c.id)}::int[]`;
  // Transactions first: their sectors go with them (on delete cascade).
  const db = aidDb(em);
  for (const table of CHILD_TABLES)
    await db
      .deleteFrom(table)
      .where((eb) => eb('report_id', '=', eb.fn.any(ids)))
      .execute();
}

/** `[[reportId, [row, row…]], …]` for one child table, or null when no report has rows for it. */
function childJson(written: readonly Written[], table: ChildTable): string | null {
  const parts = written.filter((w) => w.rows.children[table] !== '[]').map((w) => `[${w.id},${w.rows.children[table]}]`);
  return parts.length > 0 ? `[${parts.join(',')}]` : null;
}

async function insertChildren(em: EntityManager, written: readonly Written[]): Promise<void> {
  for (const table of CHILD_TABLES) {
    const json = childJson(written, table);
    if (json === null) continue;
    const spec = CHILD_SPECS[table] as TableSpec<unknown>;
    const source = sql`jsonb_array_elements(${json}::jsonb) as g cross join lateral jsonb_array_elements(g->1) as r`;
    if (table === 'aid_sector') {
      // A transaction-level sector names its transaction by seq; swap in the transaction's id.
      const seq = indexOf(spec, 'transaction_id');
      const values = sql.raw(spec.columns.map((c, i) => (i === seq ? 't.id' : cast('r', i, c.type))).join(', '));
      await bulk(
        em,
        sql<never>`insert into aid_sector (report_id, ${columnList(spec)}) select (g->>0)::int, ${values}
          from ${source} left join aid_transaction t on t.report_id = (g->>0)::int and t.seq = (r->>${sql.lit(seq)})::int`,
      );
    } else {
      await bulk(
        em,
        sql<never>`insert into ${sql.table(table)} (report_id, ${columnList(spec)}) select (g->>0)::int, ${columnValues(spec, 'r')} from ${source}`,
      );
    }
  }
}

async function upsertOrganisations(em: EntityManager, reports: readonly ReportRows[]): Promise<void> {
  const parts = reports.map((a) => a.organisations.slice(1, -1)).filter((p) => p.length > 0);
  if (parts.length === 0) return;
  await bulk(
    em,
    sql<never>`insert into aid_organisation (${columnList(ORGANISATIONS)})
      select distinct on (key) * from (select ${columnValues(ORGANISATIONS, 'r')} from jsonb_array_elements(${`[${parts.join(',')}]`}::jsonb) as r) as o
      order by key, (name is null), (type is null)
      on conflict (key) do update set ref = coalesce(excluded.ref, aid_organisation.ref), name = coalesce(excluded.name, aid_organisation.name),
        type = coalesce(excluded.type, aid_organisation.type), last_seen_at = now()`,
  );
}

/**
 * Writes one batch of reports (new, changed, unchanged or stale) and re-picks the authoritative
 * report of every activity it touched. The caller holds the import's transaction.
 */
export async function writeReports(em: EntityManager, runId: number, batch: readonly ReportRows[]): Promise<BatchCounts> {
  const counts: BatchCounts = { loaded: 0, updated: 0, unchanged: 0, stale: 0 };
  if (batch.length === 0) return counts;
  const existing = await existingReports(em, batch);
  const fresh: ReportRows[] = [];
  const changed: (Written & { activityId: number })[] = [];
  for (const rows of batch) {
    const found = existing.get(keyOf(rows.identifier, rows.reportingOrgKey));
    if (!found) fresh.push(rows);
    else if (found.content_hash === rows.contentHash) counts.unchanged += 1;
    else if (isOlder(rows.lastUpdated, found.last_updated)) counts.stale += 1;
    else changed.push({ id: found.id, activityId: found.activity_id, rows });
  }
  counts.loaded = fresh.length;
  counts.updated = changed.length;
  if (fresh.length === 0 && changed.length === 0) return counts;

  const created = await ensureActivities(
    em,
    fresh.map((a) => a.identifier),
  );
  const touched = new Set<number>([...created, ...changed.map((c) => c.activityId)]);
  await updateReports(em, runId, changed);
  const inserted = await insertReports(em, runId, fresh);
  const freshByKey = new Map(fresh.map((a) => [keyOf(a.identifier, a.reportingOrgKey), a]));
  const written: Written[] = [...changed];
  for (const r of inserted) {
    const rows = freshByKey.get(keyOf(r.iati_identifier, r.reporting_org_key));
    if (rows) written.push({ id: r.id, rows });
  }
  await insertChildren(em, written);
  await upsertOrganisations(
    em,
    written.map((w) => w.rows),
  );
  await resolveAuthority(em, [...touched]);
  return counts;
}
