import { sql, type AliasedRawBuilder, type ExpressionBuilder, type Kysely } from 'kysely';
import type { AidDB } from './db.js';

/**
 * The rows the aid loaders and queries return: camelCase, money and dates as exact text. Each row
 * type is the inferred result of its query here (column types from the entities), not a second
 * description of the table.
 */
export interface OrgColumns {
  readonly ref: string | null;
  readonly name: string | null;
  readonly type: string | null;
  readonly activityId: string | null;
  readonly key: string | null;
}

type Db = Kysely<AidDB>;
/** One row of a query's result. */
type RowOf<Q extends (db: Db) => { execute(): Promise<unknown[]> }> = Awaited<ReturnType<ReturnType<Q>['execute']>>[number];

/** `<expression>::text as "<alias>"`: numeric and date columns as exact text on both databases. */
function text<A extends string>(expression: string, alias: A): AliasedRawBuilder<string, A> {
  return sql<string>`${sql.raw(expression)}::text`.as(alias);
}
function textOrNull<A extends string>(expression: string, alias: A): AliasedRawBuilder<string | null, A> {
  return sql<string | null>`${sql.raw(expression)}::text`.as(alias);
}
function org<A extends string>(prefix: string, alias: A, key: string): AliasedRawBuilder<OrgColumns, A> {
  const p = sql.raw(prefix);
  return sql<OrgColumns>`json_build_object('ref', ${p}_ref, 'name', ${p}_name, 'type', ${p}_type, 'activityId', ${p}_activity_id, 'key', ${sql.raw(key)})`.as(
    alias,
  );
}

/** The selections of a column table for `columns` and `keys`, in the table's order. */
function pick<T extends Record<string, unknown>>(table: T, keys: readonly (keyof T)[], columns: Iterable<keyof T>): T[keyof T][] {
  const wanted = new Set<keyof T>([...keys, ...columns]);
  return (Object.keys(table) as (keyof T)[]).filter((column) => wanted.has(column)).map((column) => table[column]);
}

export function transactionsFrom(db: Db) {
  return db.selectFrom('aid_transaction as t');
}

/**
 * Each column of a transaction `t` as the graph reads it, by its row property. Provider and
 * receiver are built as JSON objects and the identifier comes from the report: a query reads
 * them only when asked (see part-columns.ts).
 */
const TRANSACTION_COLUMNS = {
  id: 't.id',
  reportId: 't.report_id as reportId',
  seq: 't.seq',
  ref: 't.ref',
  type: 't.type',
  typeOriginal: 't.type_original as typeOriginal',
  date: text('t.date', 'date'),
  value: text('t.value', 'value'),
  currency: 't.currency',
  valueDate: textOrNull('t.value_date', 'valueDate'),
  description: 't.description',
  provider: org('t.provider', 'provider', 't.provider_key'),
  receiver: org('t.receiver', 'receiver', 't.receiver_key'),
  disbursementChannel: 't.disbursement_channel as disbursementChannel',
  aidTypes: 't.aid_types as aidTypes',
  financeType: 't.finance_type as financeType',
  flowType: 't.flow_type as flowType',
  tiedStatus: 't.tied_status as tiedStatus',
  humanitarian: 't.humanitarian',
  recipientCountry: 't.recipient_country as recipientCountry',
  recipientRegion: 't.recipient_region as recipientRegion',
  iatiIdentifier: (eb: ExpressionBuilder<AidDB & { t: AidDB['aid_transaction'] }, 't'>) =>
    eb
      .selectFrom('aid_activity_report as x')
      .select('x.iati_identifier')
      .whereRef('x.id', '=', 't.report_id')
      .$asScalar()
      .$notNull()
      .as('iatiIdentifier'),
} as const;

export type TransactionColumn = keyof typeof TRANSACTION_COLUMNS;
export const ALL_TRANSACTION_COLUMNS = Object.keys(TRANSACTION_COLUMNS) as TransactionColumn[];
/** Always read: the keys of the loaders and the `type` filter. */
const TRANSACTION_KEYS: readonly TransactionColumn[] = ['id', 'reportId', 'type'];

/**
 * Transactions `t` (of `from`, a filtered `transactionsFrom`) with `columns` (every one by
 * default); the identifier comes from their report. The row type names every column: a row
 * holds those asked for.
 */
export function transactionQuery(db: Db, from = transactionsFrom(db), columns: Iterable<TransactionColumn> = ALL_TRANSACTION_COLUMNS) {
  return from.select(pick(TRANSACTION_COLUMNS, TRANSACTION_KEYS, columns));
}
export type TransactionRow = RowOf<typeof transactionQuery>;

const BUDGET_COLUMNS = {
  id: 'b.id',
  reportId: 'b.report_id as reportId',
  type: 'b.type',
  status: 'b.status',
  periodStart: text('b.period_start', 'periodStart'),
  periodEnd: text('b.period_end', 'periodEnd'),
  value: text('b.value', 'value'),
  currency: 'b.currency',
  valueDate: textOrNull('b.value_date', 'valueDate'),
} as const;
export type BudgetColumn = keyof typeof BUDGET_COLUMNS;
export const ALL_BUDGET_COLUMNS = Object.keys(BUDGET_COLUMNS) as BudgetColumn[];

/** Budgets `b` with `columns` (every one by default) and their keys. */
export function budgetQuery(db: Db, columns: Iterable<BudgetColumn> = ALL_BUDGET_COLUMNS) {
  return db.selectFrom('aid_budget as b').select(pick(BUDGET_COLUMNS, ['id', 'reportId'], columns));
}
export type BudgetRow = RowOf<typeof budgetQuery>;

export function plannedQuery(db: Db) {
  return db
    .selectFrom('aid_planned_disbursement as p')
    .select([
      'p.id',
      'p.report_id as reportId',
      'p.type',
      text('p.period_start', 'periodStart'),
      textOrNull('p.period_end', 'periodEnd'),
      text('p.value', 'value'),
      'p.currency',
      textOrNull('p.value_date', 'valueDate'),
      org('p.provider', 'provider', 'null'),
      org('p.receiver', 'receiver', 'null'),
    ]);
}
export type PlannedDisbursementRow = RowOf<typeof plannedQuery>;

const SECTOR_COLUMNS = {
  reportId: 's.report_id as reportId',
  transactionId: 's.transaction_id as transactionId',
  vocabulary: 's.vocabulary',
  code: 's.code',
  percentage: textOrNull('s.percentage', 'percentage'),
  name: 's.name',
} as const;
export type SectorColumn = keyof typeof SECTOR_COLUMNS;
export const ALL_SECTOR_COLUMNS = Object.keys(SECTOR_COLUMNS) as SectorColumn[];

/** Sectors `s` with `columns` (every one by default), their keys and what picking them compares. */
export function sectorQuery(db: Db, columns: Iterable<SectorColumn> = ALL_SECTOR_COLUMNS) {
  return db.selectFrom('aid_sector as s').select(pick(SECTOR_COLUMNS, ['reportId', 'transactionId', 'vocabulary', 'code'], columns));
}
export type SectorRow = RowOf<typeof sectorQuery>;

const PARTICIPATING_ORG_COLUMNS = {
  reportId: 'o.report_id as reportId',
  role: 'o.role',
  type: 'o.type',
  ref: 'o.ref',
  name: 'o.name',
  orgKey: 'o.org_key as orgKey',
  activityId: 'o.activity_id as activityId',
  crsChannelCode: 'o.crs_channel_code as crsChannelCode',
} as const;
export type ParticipatingOrgColumn = keyof typeof PARTICIPATING_ORG_COLUMNS;
export const ALL_PARTICIPATING_ORG_COLUMNS = Object.keys(PARTICIPATING_ORG_COLUMNS) as ParticipatingOrgColumn[];

/** Participating organisations `o` with `columns` (every one by default), their report and role (the `role` filter). */
export function participatingOrgQuery(db: Db, columns: Iterable<ParticipatingOrgColumn> = ALL_PARTICIPATING_ORG_COLUMNS) {
  return db.selectFrom('aid_participating_org as o').select(pick(PARTICIPATING_ORG_COLUMNS, ['reportId', 'role'], columns));
}
export type ParticipatingOrgRow = RowOf<typeof participatingOrgQuery>;

export function countryQuery(db: Db) {
  return db
    .selectFrom('aid_recipient_country as c')
    .select(['c.report_id as reportId', 'c.code', textOrNull('c.percentage', 'percentage')]);
}
export type RecipientCountryRow = RowOf<typeof countryQuery>;

export function regionQuery(db: Db) {
  return db
    .selectFrom('aid_recipient_region as g')
    .select(['g.report_id as reportId', 'g.vocabulary', 'g.code', textOrNull('g.percentage', 'percentage')]);
}
export type RecipientRegionRow = RowOf<typeof regionQuery>;

export function budgetItemQuery(db: Db) {
  return db
    .selectFrom('aid_country_budget_item as i')
    .select(['i.report_id as reportId', 'i.vocabulary', 'i.code', textOrNull('i.percentage', 'percentage'), 'i.description']);
}
export type CountryBudgetItemRow = RowOf<typeof budgetItemQuery>;

export function relatedQuery(db: Db) {
  return db.selectFrom('aid_related_activity as r').select(['r.report_id as reportId', 'r.type', 'r.ref']);
}
export type RelatedActivityRow = RowOf<typeof relatedQuery>;

export function organisationQuery(db: Db) {
  return db.selectFrom('aid_organisation as o').select(['o.key', 'o.ref', 'o.name', 'o.type']);
}
export type OrganisationRow = RowOf<typeof organisationQuery>;

/** Money per report, transaction type and currency: exact sums as text. */
export function transactionTotalQuery(db: Db) {
  return db
    .selectFrom('aid_transaction as t')
    .select([
      't.report_id as reportId',
      't.type',
      't.currency',
      sql<string>`sum(t.value)::text`.as('value'),
      sql<number>`count(*)::int`.as('count'),
    ])
    .groupBy(['t.report_id', 't.type', 't.currency']);
}
export type TransactionTotalRow = RowOf<typeof transactionTotalQuery>;

export function codelistItemQuery(db: Db) {
  return db
    .selectFrom('aid_codelist_item as i')
    .select([
      'i.codelist',
      'i.code',
      'i.name',
      'i.name_fr as nameFr',
      sql<string | null>`nullif(i.category, '')`.as('category'),
      'i.withdrawn',
    ]);
}
export type CodelistItemRow = RowOf<typeof codelistItemQuery>;

/** A code's names, keyed `codelist|code`. */
export function codeNameQuery(db: Db) {
  return db
    .selectFrom('aid_codelist_item as i')
    .select([sql<string>`i.codelist || '|' || i.code`.as('key'), 'i.name', 'i.name_fr as nameFr', 'i.withdrawn']);
}
export type CodeNameRow = RowOf<typeof codeNameQuery>;
