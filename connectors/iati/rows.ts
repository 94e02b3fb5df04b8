import { column as c, type TableSpec } from '../../src/db/table-spec.js';
import { orgKey } from './org-key.js';
import type {
  ActivityRecord,
  Budget,
  CountryBudgetItem,
  OrgRef,
  ParticipatingOrg,
  PlannedDisbursement,
  RecipientCountry,
  RecipientRegion,
  RelatedActivity,
  Sector,
  Transaction,
} from './types.js';

/**
 * How a normalised activity maps onto the aid tables. Links to other rows (`report_id`,
 * `activity_id`, `import_run_id`) are the loader's to fill in.
 */
function dateOfType(record: ActivityRecord, type: string): string | null {
  return record.dates.find((d) => d.type === type)?.date ?? null;
}

/** The title shown: English if the publisher gave one, else the activity's language, else the first. */
export function preferredTitle(record: ActivityRecord): string | null {
  const titles = record.titles;
  const pick = titles.find((t) => t.lang?.toLowerCase() === 'en') ?? titles.find((t) => t.lang === record.defaultLang) ?? titles[0];
  return pick?.text ?? null;
}

/** The reporting organisation also appears as a funding participant (role 1). */
export function isFunder(record: ActivityRecord): boolean {
  const key = orgKey(record.reportingOrg);
  return key !== null && record.participatingOrgs.some((o) => o.role === '1' && orgKey(o) === key);
}

/** The report's content: every column but its links and where it was read from. */
export const REPORT: TableSpec<ActivityRecord> = {
  table: 'aid_activity_report',
  columns: [
    c('iati_identifier', 'text', (r) => r.identifier),
    c('reporting_org_key', 'text', (r) => orgKey(r.reportingOrg) ?? ''),
    c('identifier_synthesized', 'boolean', (r) => r.identifierSynthesized),
    c('reporting_org_ref', 'text', (r) => r.reportingOrg.ref),
    c('reporting_org_name', 'text', (r) => r.reportingOrg.name),
    c('reporting_org_type', 'text', (r) => r.reportingOrg.type),
    c('secondary_reporter', 'boolean', (r) => r.reportingOrg.secondaryReporter),
    c('reporting_org_is_funder', 'boolean', isFunder),
    c('iati_version', 'text', (r) => r.version),
    c('version_source', 'text', (r) => r.versionSource),
    c('last_updated', 'timestamptz', (r) => r.lastUpdated),
    c('default_lang', 'text', (r) => r.defaultLang),
    c('default_currency', 'text', (r) => r.defaultCurrency),
    c('hierarchy', 'int', (r) => r.hierarchy),
    c('humanitarian', 'boolean', (r) => r.humanitarian),
    c('status', 'text', (r) => r.status),
    c('collaboration_type', 'text', (r) => r.collaborationType),
    c('default_flow_type', 'text', (r) => r.defaultFlowType),
    c('default_finance_type', 'text', (r) => r.defaultFinanceType),
    c('default_tied_status', 'text', (r) => r.defaultTiedStatus),
    c('default_aid_types', 'json', (r) => r.defaultAidTypes),
    c('title', 'text', preferredTitle),
    c('title_search', 'text', (r) => r.titles.map((t) => t.text.toLowerCase()).join('\n')),
    c('titles', 'json', (r) => r.titles),
    c('descriptions', 'json', (r) => r.descriptions),
    c('planned_start', 'date', (r) => dateOfType(r, '1')),
    c('actual_start', 'date', (r) => dateOfType(r, '2')),
    c('planned_end', 'date', (r) => dateOfType(r, '3')),
    c('actual_end', 'date', (r) => dateOfType(r, '4')),
    c('start_date', 'date', (r) => dateOfType(r, '2') ?? dateOfType(r, '1')),
    c('end_date', 'date', (r) => dateOfType(r, '4') ?? dateOfType(r, '3')),
    c('capital_spend', 'numeric', (r) => r.capitalSpend),
    c('conditions_attached', 'boolean', (r) => r.conditionsAttached),
    c('conditions', 'json', (r) => r.conditions),
    c('warnings', 'json', (r) => r.warnings),
  ],
};

export interface ReportSource {
  readonly contentHash: string;
  readonly file: string;
  readonly line: number;
}

/** Appended to the report's content row; not part of its content hash. */
export const REPORT_SOURCE: TableSpec<ReportSource> = {
  table: 'aid_activity_report',
  columns: [
    c('content_hash', 'text', (s) => s.contentHash),
    c('source_file', 'text', (s) => s.file),
    c('source_line', 'int', (s) => s.line),
  ],
};

type Indexed<T> = { readonly item: T; readonly seq: number };

function orgColumns<T>(prefix: string, pick: (source: T) => OrgRef | null) {
  return [
    c<T>(`${prefix}_ref`, 'text', (s) => pick(s)?.ref),
    c<T>(`${prefix}_name`, 'text', (s) => pick(s)?.name),
    c<T>(`${prefix}_type`, 'text', (s) => pick(s)?.type),
    c<T>(`${prefix}_activity_id`, 'text', (s) => pick(s)?.activityId),
  ];
}

export const TRANSACTIONS: TableSpec<Indexed<Transaction>> = {
  table: 'aid_transaction',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('ref', 'text', (x) => x.item.ref),
    c('type', 'text', (x) => x.item.type),
    c('type_original', 'text', (x) => x.item.typeOriginal),
    c('date', 'date', (x) => x.item.date),
    c('value', 'numeric', (x) => x.item.value),
    c('currency', 'text', (x) => x.item.currency),
    c('value_date', 'date', (x) => x.item.valueDate),
    c('description', 'text', (x) => x.item.description),
    ...orgColumns<Indexed<Transaction>>('provider', (x) => x.item.provider),
    c('provider_key', 'text', (x) => orgKey(x.item.provider)),
    ...orgColumns<Indexed<Transaction>>('receiver', (x) => x.item.receiver),
    c('receiver_key', 'text', (x) => orgKey(x.item.receiver)),
    c('disbursement_channel', 'text', (x) => x.item.disbursementChannel),
    c('aid_types', 'json', (x) => x.item.aidTypes),
    c('finance_type', 'text', (x) => x.item.financeType),
    c('flow_type', 'text', (x) => x.item.flowType),
    c('tied_status', 'text', (x) => x.item.tiedStatus),
    c('humanitarian', 'boolean', (x) => x.item.humanitarian),
    c('recipient_country', 'text', (x) => x.item.recipientCountry),
    c('recipient_region', 'text', (x) => x.item.recipientRegion),
  ],
};

/** `transaction_id` holds the transaction's seq (null at activity level); the loader swaps in its id. */
export const SECTORS: TableSpec<Indexed<Sector> & { readonly transactionSeq: number | null }> = {
  table: 'aid_sector',
  columns: [
    c('transaction_id', 'int', (x) => x.transactionSeq),
    c('seq', 'int', (x) => x.seq),
    c('vocabulary', 'text', (x) => x.item.vocabulary),
    c('code', 'text', (x) => x.item.code),
    c('percentage', 'numeric', (x) => x.item.percentage),
    c('name', 'text', (x) => x.item.name),
  ],
};

export const PARTICIPATING_ORGS: TableSpec<Indexed<ParticipatingOrg>> = {
  table: 'aid_participating_org',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('role', 'text', (x) => x.item.role),
    c('type', 'text', (x) => x.item.type),
    c('ref', 'text', (x) => x.item.ref),
    c('name', 'text', (x) => x.item.name),
    c('org_key', 'text', (x) => orgKey(x.item)),
    c('activity_id', 'text', (x) => x.item.activityId),
    c('crs_channel_code', 'text', (x) => x.item.crsChannelCode),
  ],
};

export const COUNTRIES: TableSpec<Indexed<RecipientCountry>> = {
  table: 'aid_recipient_country',
  columns: [c('seq', 'int', (x) => x.seq), c('code', 'text', (x) => x.item.code), c('percentage', 'numeric', (x) => x.item.percentage)],
};

export const REGIONS: TableSpec<Indexed<RecipientRegion>> = {
  table: 'aid_recipient_region',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('vocabulary', 'text', (x) => x.item.vocabulary),
    c('code', 'text', (x) => x.item.code),
    c('percentage', 'numeric', (x) => x.item.percentage),
  ],
};

export const BUDGETS: TableSpec<Indexed<Budget>> = {
  table: 'aid_budget',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('type', 'text', (x) => x.item.type),
    c('status', 'text', (x) => x.item.status),
    c('period_start', 'date', (x) => x.item.periodStart),
    c('period_end', 'date', (x) => x.item.periodEnd),
    c('value', 'numeric', (x) => x.item.value),
    c('currency', 'text', (x) => x.item.currency),
    c('value_date', 'date', (x) => x.item.valueDate),
  ],
};

export const PLANNED_DISBURSEMENTS: TableSpec<Indexed<PlannedDisbursement>> = {
  table: 'aid_planned_disbursement',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('type', 'text', (x) => x.item.type),
    c('period_start', 'date', (x) => x.item.periodStart),
    c('period_end', 'date', (x) => x.item.periodEnd),
    c('value', 'numeric', (x) => x.item.value),
    c('currency', 'text', (x) => x.item.currency),
    c('value_date', 'date', (x) => x.item.valueDate),
    ...orgColumns<Indexed<PlannedDisbursement>>('provider', (x) => x.item.provider),
    ...orgColumns<Indexed<PlannedDisbursement>>('receiver', (x) => x.item.receiver),
  ],
};

export const BUDGET_ITEMS: TableSpec<Indexed<CountryBudgetItem>> = {
  table: 'aid_country_budget_item',
  columns: [
    c('seq', 'int', (x) => x.seq),
    c('vocabulary', 'text', (x) => x.item.vocabulary),
    c('code', 'text', (x) => x.item.code),
    c('percentage', 'numeric', (x) => x.item.percentage),
    c('description', 'text', (x) => x.item.description),
  ],
};

export const RELATED: TableSpec<Indexed<RelatedActivity>> = {
  table: 'aid_related_activity',
  columns: [c('seq', 'int', (x) => x.seq), c('type', 'text', (x) => x.item.type), c('ref', 'text', (x) => x.item.ref)],
};

export const ORGANISATIONS: TableSpec<OrgRef> = {
  table: 'aid_organisation',
  columns: [
    c('key', 'text', (o) => orgKey(o)),
    c('ref', 'text', (o) => o.ref),
    c('name', 'text', (o) => o.name),
    c('type', 'text', (o) => o.type),
  ],
};

export function indexed<T>(items: readonly T[]): Indexed<T>[] {
  return items.map((item, i) => ({ item, seq: i + 1 }));
}

/** Activity-level sectors, then each transaction's, numbered within their parent. */
export function sectorSources(record: ActivityRecord): (Indexed<Sector> & { transactionSeq: number | null })[] {
  return [
    ...record.sectors.map((item, i) => ({ item, seq: i + 1, transactionSeq: null })),
    ...record.transactions.flatMap((t, ti) => t.sectors.map((item, i) => ({ item, seq: i + 1, transactionSeq: ti + 1 }))),
  ];
}

/** Every organisation the activity names, once each, for the organisation directory. */
export function organisationsOf(record: ActivityRecord): OrgRef[] {
  const orgs: (OrgRef | null)[] = [record.reportingOrg, ...record.participatingOrgs];
  for (const t of record.transactions) orgs.push(t.provider, t.receiver);
  for (const p of record.plannedDisbursements) orgs.push(p.provider, p.receiver);
  const byKey = new Map<string, OrgRef>();
  for (const org of orgs) {
    const key = orgKey(org);
    if (!org || key === null) continue;
    const known = byKey.get(key);
    byKey.set(
      key,
      known ? { ref: known.ref ?? org.ref, name: known.name ?? org.name, type: known.type ?? org.type, activityId: null } : org,
    );
  }
  return [...byKey.values()];
}
