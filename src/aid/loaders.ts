import { sql, type SqlBool } from 'kysely';
import { grouped, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import { aidDb } from './db.js';
import { activityQuery, reportPartQuery, type ReportColumn } from './report-row.js';
import {
  budgetItemQuery,
  budgetQuery,
  codeNameQuery,
  codelistItemQuery,
  countryQuery,
  organisationQuery,
  participatingOrgQuery,
  plannedQuery,
  regionQuery,
  relatedQuery,
  sectorQuery,
  transactionQuery,
  transactionTotalQuery,
  transactionsFrom,
  type BudgetColumn,
  type ParticipatingOrgColumn,
  type SectorColumn,
  type TransactionColumn,
} from './rows.js';
import { ColumnLoader } from './column-loader.js';
import { locationQuery } from './locations.js';

const byReport = <R extends { reportId: number }>(row: R) => row.reportId;
const byId = <R extends { id: number }>(row: R) => row.id;

/** `= any($1)` over one array parameter: one plan whatever the number of keys. */
const ints = (keys: readonly number[]) => sql<number[]>`${[...keys]}::int[]`;
const texts = (keys: readonly string[]) => sql<string[]>`${[...keys]}::text[]`;

/**
 * The aid subgraph's loaders, created once per request: each batches the keys asked for in
 * one tick into a single `= any($1)` query and answers in key order, so the number of SQL
 * statements for a query does not grow with the number of activities it returns.
 */
export function createAidLoaders(em: EntityManager) {
  const db = aidDb(em);
  return {
    /** Only the report columns asked for (see activity-columns.ts), the union of a tick's loads. */
    activityByIdentifier: new ColumnLoader((columns: () => ReadonlySet<ReportColumn>) =>
      single(
        (keys: readonly string[]) =>
          activityQuery(db, columns())
            .where((eb) => eb('a.iati_identifier', '=', eb.fn.any(texts(keys))))
            .execute(),
        (row) => row.iatiIdentifier,
      ),
    ),
    reportsByActivity: grouped(
      (keys: readonly number[]) =>
        reportPartQuery(db)
          .where((eb) => eb('r.activity_id', '=', eb.fn.any(ints(keys))))
          .orderBy('r.id')
          .execute(),
      (row) => row.activityId,
    ),
    warningsByReport: single(
      (keys: readonly number[]) =>
        db
          .selectFrom('aid_activity_report')
          .select(['id as reportId', 'warnings'])
          .where((eb) => eb('id', '=', eb.fn.any(ints(keys))))
          .execute(),
      byReport,
    ),
    /** Only the columns asked for (see part-columns.ts), the union of a tick's loads. */
    transactionsByReport: new ColumnLoader((columns: () => ReadonlySet<TransactionColumn>) =>
      grouped(
        (keys: readonly number[]) =>
          transactionQuery(db, transactionsFrom(db), columns())
            .where((eb) => eb('t.report_id', '=', eb.fn.any(ints(keys))))
            .orderBy(['t.report_id', 't.seq'])
            .execute(),
        byReport,
      ),
    ),
    transactionById: single(
      (keys: readonly number[]) =>
        transactionQuery(db)
          .where((eb) => eb('t.id', '=', eb.fn.any(ints(keys))))
          .execute(),
      byId,
    ),
    sectorsByReport: new ColumnLoader((columns: () => ReadonlySet<SectorColumn>) =>
      grouped(
        (keys: readonly number[]) =>
          sectorQuery(db, columns())
            .where((eb) => eb('s.report_id', '=', eb.fn.any(ints(keys))))
            .orderBy('s.report_id')
            .orderBy('s.transaction_id', (ob) => ob.asc().nullsFirst())
            .orderBy('s.seq')
            .execute(),
        byReport,
      ),
    ),
    sectorsByTransaction: new ColumnLoader((columns: () => ReadonlySet<SectorColumn>) =>
      grouped(
        (keys: readonly number[]) =>
          sectorQuery(db, columns())
            .where((eb) => eb('s.transaction_id', '=', eb.fn.any(ints(keys))))
            .orderBy(['s.transaction_id', 's.seq'])
            .execute(),
        (row) => row.transactionId ?? 0,
      ),
    ),
    participatingOrgsByReport: new ColumnLoader((columns: () => ReadonlySet<ParticipatingOrgColumn>) =>
      grouped(
        (keys: readonly number[]) =>
          participatingOrgQuery(db, columns())
            .where((eb) => eb('o.report_id', '=', eb.fn.any(ints(keys))))
            .orderBy(['o.report_id', 'o.seq'])
            .execute(),
        byReport,
      ),
    ),
    countriesByReport: grouped(
      (keys: readonly number[]) =>
        countryQuery(db)
          .where((eb) => eb('c.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['c.report_id', 'c.seq'])
          .execute(),
      byReport,
    ),
    regionsByReport: grouped(
      (keys: readonly number[]) =>
        regionQuery(db)
          .where((eb) => eb('g.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['g.report_id', 'g.seq'])
          .execute(),
      byReport,
    ),
    budgetById: single(
      (keys: readonly number[]) =>
        budgetQuery(db)
          .where((eb) => eb('b.id', '=', eb.fn.any(ints(keys))))
          .execute(),
      byId,
    ),
    plannedById: single(
      (keys: readonly number[]) =>
        plannedQuery(db)
          .where((eb) => eb('p.id', '=', eb.fn.any(ints(keys))))
          .execute(),
      byId,
    ),
    budgetsByReport: new ColumnLoader((columns: () => ReadonlySet<BudgetColumn>) =>
      grouped(
        (keys: readonly number[]) =>
          budgetQuery(db, columns())
            .where((eb) => eb('b.report_id', '=', eb.fn.any(ints(keys))))
            .orderBy(['b.report_id', 'b.seq'])
            .execute(),
        byReport,
      ),
    ),
    plannedByReport: grouped(
      (keys: readonly number[]) =>
        plannedQuery(db)
          .where((eb) => eb('p.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['p.report_id', 'p.seq'])
          .execute(),
      byReport,
    ),
    budgetItemsByReport: grouped(
      (keys: readonly number[]) =>
        budgetItemQuery(db)
          .where((eb) => eb('i.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['i.report_id', 'i.seq'])
          .execute(),
      byReport,
    ),
    relatedByReport: grouped(
      (keys: readonly number[]) =>
        relatedQuery(db)
          .where((eb) => eb('r.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['r.report_id', 'r.seq'])
          .execute(),
      byReport,
    ),
    locationsByReport: grouped(
      (keys: readonly number[]) =>
        locationQuery(db)
          .where((eb) => eb('l.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['l.report_id', 'l.seq'])
          .execute(),
      byReport,
    ),
    locationById: single(
      (keys: readonly number[]) =>
        locationQuery(db)
          .where((eb) => eb('l.id', '=', eb.fn.any(ints(keys))))
          .execute(),
      byId,
    ),
    totalsByReport: grouped(
      (keys: readonly number[]) =>
        transactionTotalQuery(db)
          .where((eb) => eb('t.report_id', '=', eb.fn.any(ints(keys))))
          .orderBy(['t.report_id', 't.type', 't.currency'])
          .execute(),
      byReport,
    ),
    codelistItems: grouped(
      (keys: readonly string[]) =>
        codelistItemQuery(db)
          .where((eb) => eb('i.codelist', '=', eb.fn.any(texts(keys))))
          // Numeric codes in numeric order, before the others in text order.
          .orderBy('i.codelist')
          .orderBy(sql`(i.code ~ '^[0-9]+$')`, 'desc')
          .orderBy(sql`case when i.code ~ '^[0-9]+$' then lpad(i.code, 20, '0') else i.code end`)
          .execute(),
      (row) => row.codelist,
    ),
    organisationByKey: single(
      (keys: readonly string[]) =>
        organisationQuery(db)
          .where((eb) => eb('o.key', '=', eb.fn.any(texts(keys))))
          .execute(),
      (row) => row.key,
    ),
    /** Keyed by `codelist|code`. */
    codeName: single(
      (keys: readonly string[]) =>
        codeNameQuery(db)
          .where(sql<SqlBool>`i.codelist || '|' || i.code = any(${texts(keys)})`)
          .execute(),
      (row) => row.key,
    ),
  };
}

export type AidLoaders = ReturnType<typeof createAidLoaders>;
