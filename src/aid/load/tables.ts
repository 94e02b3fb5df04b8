import { entityTable, type TableSpec, type ValueOf } from '../../db/table-spec.js';
import { isFunder, preferredTitle, type Indexed, type SectorSource } from '../../../connectors/iati/rows.js';
import { orgKey } from '../../../connectors/iati/org-key.js';
import type {
  ActivityRecord,
  Budget as BudgetItem,
  CountryBudgetItem as BudgetItemRecord,
  Location as LocationRecord,
  OrgRef,
  ParticipatingOrg as ParticipatingOrgRecord,
  PlannedDisbursement as PlannedRecord,
  RecipientCountry as CountryRecord,
  RecipientRegion as RegionRecord,
  RelatedActivity as RelatedRecord,
  Transaction as TransactionRecord,
} from '../../../connectors/iati/types.js';
import {
  ActivityLocation,
  ActivityReport,
  Budget,
  CountryBudgetItem,
  Organisation,
  ParticipatingOrg,
  PlannedDisbursement,
  RecipientCountry,
  RecipientRegion,
  RelatedActivity,
  Sector,
  Transaction,
} from '../entities/index.js';

/**
 * How a normalised IATI activity maps onto the aid tables: column names and SQL types come from
 * the entities, only the values are read here. Links to other rows (`report_id`, `activity_id`,
 * `import_run_id`) are the writer's to fill in (see write.ts).
 */
function dateOfType(record: ActivityRecord, type: string): string | null {
  return record.dates.find((d) => d.type === type)?.date ?? null;
}

/** The report's content: every column but its links and where it was read from. */
export const REPORT: TableSpec<ActivityRecord> = entityTable(ActivityReport, {
  iatiIdentifier: (r) => r.identifier,
  reportingOrgKey: (r) => orgKey(r.reportingOrg) ?? '',
  identifierSynthesized: (r) => r.identifierSynthesized,
  reportingOrgRef: (r) => r.reportingOrg.ref,
  reportingOrgName: (r) => r.reportingOrg.name,
  reportingOrgType: (r) => r.reportingOrg.type,
  secondaryReporter: (r) => r.reportingOrg.secondaryReporter,
  reportingOrgIsFunder: isFunder,
  iatiVersion: (r) => r.version,
  versionSource: (r) => r.versionSource,
  lastUpdated: (r) => r.lastUpdated,
  defaultLang: (r) => r.defaultLang,
  defaultCurrency: (r) => r.defaultCurrency,
  hierarchy: (r) => r.hierarchy,
  humanitarian: (r) => r.humanitarian,
  status: (r) => r.status,
  collaborationType: (r) => r.collaborationType,
  defaultFlowType: (r) => r.defaultFlowType,
  defaultFinanceType: (r) => r.defaultFinanceType,
  defaultTiedStatus: (r) => r.defaultTiedStatus,
  defaultAidTypes: (r) => r.defaultAidTypes,
  title: preferredTitle,
  titleSearch: (r) => r.titles.map((t) => t.text.toLowerCase()).join('\n'),
  titles: (r) => r.titles,
  descriptions: (r) => r.descriptions,
  plannedStart: (r) => dateOfType(r, '1'),
  actualStart: (r) => dateOfType(r, '2'),
  plannedEnd: (r) => dateOfType(r, '3'),
  actualEnd: (r) => dateOfType(r, '4'),
  startDate: (r) => dateOfType(r, '2') ?? dateOfType(r, '1'),
  endDate: (r) => dateOfType(r, '4') ?? dateOfType(r, '3'),
  capitalSpend: (r) => r.capitalSpend,
  conditionsAttached: (r) => r.conditionsAttached,
  conditions: (r) => r.conditions,
  warnings: (r) => r.warnings,
});

export interface ReportSource {
  readonly contentHash: string;
  readonly file: string;
  readonly line: number;
}

/** Appended to the report's content row; not part of its content hash. */
export const REPORT_SOURCE: TableSpec<ReportSource> = entityTable(ActivityReport, {
  contentHash: (s) => s.contentHash,
  sourceFile: (s) => s.file,
  sourceLine: (s) => s.line,
});

type OrgValues<P extends string, S> = { [K in `${P}${'Ref' | 'Name' | 'Type' | 'ActivityId'}`]: ValueOf<S> };

function orgValues<P extends string, S>(prefix: P, pick: (source: S) => OrgRef | null): OrgValues<P, S> {
  return {
    [`${prefix}Ref`]: (s: S) => pick(s)?.ref,
    [`${prefix}Name`]: (s: S) => pick(s)?.name,
    [`${prefix}Type`]: (s: S) => pick(s)?.type,
    [`${prefix}ActivityId`]: (s: S) => pick(s)?.activityId,
  } as OrgValues<P, S>;
}

export const TRANSACTIONS: TableSpec<Indexed<TransactionRecord>> = entityTable(Transaction, {
  seq: (x) => x.seq,
  ref: (x) => x.item.ref,
  type: (x) => x.item.type,
  typeOriginal: (x) => x.item.typeOriginal,
  date: (x) => x.item.date,
  value: (x) => x.item.value,
  currency: (x) => x.item.currency,
  valueDate: (x) => x.item.valueDate,
  description: (x) => x.item.description,
  ...orgValues('provider', (x: Indexed<TransactionRecord>) => x.item.provider),
  providerKey: (x) => orgKey(x.item.provider),
  ...orgValues('receiver', (x: Indexed<TransactionRecord>) => x.item.receiver),
  receiverKey: (x) => orgKey(x.item.receiver),
  disbursementChannel: (x) => x.item.disbursementChannel,
  aidTypes: (x) => x.item.aidTypes,
  financeType: (x) => x.item.financeType,
  flowType: (x) => x.item.flowType,
  tiedStatus: (x) => x.item.tiedStatus,
  humanitarian: (x) => x.item.humanitarian,
  recipientCountry: (x) => x.item.recipientCountry,
  recipientRegion: (x) => x.item.recipientRegion,
});

/** `transaction_id` holds the transaction's seq (null at activity level); the writer swaps in its id. */
export const SECTORS: TableSpec<SectorSource> = entityTable(Sector, {
  transaction: (x) => x.transactionSeq,
  seq: (x) => x.seq,
  vocabulary: (x) => x.item.vocabulary,
  code: (x) => x.item.code,
  percentage: (x) => x.item.percentage,
  name: (x) => x.item.name,
});

export const PARTICIPATING_ORGS: TableSpec<Indexed<ParticipatingOrgRecord>> = entityTable(ParticipatingOrg, {
  seq: (x) => x.seq,
  role: (x) => x.item.role,
  type: (x) => x.item.type,
  ref: (x) => x.item.ref,
  name: (x) => x.item.name,
  orgKey: (x) => orgKey(x.item),
  activityId: (x) => x.item.activityId,
  crsChannelCode: (x) => x.item.crsChannelCode,
});

export const COUNTRIES: TableSpec<Indexed<CountryRecord>> = entityTable(RecipientCountry, {
  seq: (x) => x.seq,
  code: (x) => x.item.code,
  percentage: (x) => x.item.percentage,
});

export const REGIONS: TableSpec<Indexed<RegionRecord>> = entityTable(RecipientRegion, {
  seq: (x) => x.seq,
  vocabulary: (x) => x.item.vocabulary,
  code: (x) => x.item.code,
  percentage: (x) => x.item.percentage,
});

export const BUDGETS: TableSpec<Indexed<BudgetItem>> = entityTable(Budget, {
  seq: (x) => x.seq,
  type: (x) => x.item.type,
  status: (x) => x.item.status,
  periodStart: (x) => x.item.periodStart,
  periodEnd: (x) => x.item.periodEnd,
  value: (x) => x.item.value,
  currency: (x) => x.item.currency,
  valueDate: (x) => x.item.valueDate,
});

export const PLANNED_DISBURSEMENTS: TableSpec<Indexed<PlannedRecord>> = entityTable(PlannedDisbursement, {
  seq: (x) => x.seq,
  type: (x) => x.item.type,
  periodStart: (x) => x.item.periodStart,
  periodEnd: (x) => x.item.periodEnd,
  value: (x) => x.item.value,
  currency: (x) => x.item.currency,
  valueDate: (x) => x.item.valueDate,
  ...orgValues('provider', (x: Indexed<PlannedRecord>) => x.item.provider),
  ...orgValues('receiver', (x: Indexed<PlannedRecord>) => x.item.receiver),
});

export const BUDGET_ITEMS: TableSpec<Indexed<BudgetItemRecord>> = entityTable(CountryBudgetItem, {
  seq: (x) => x.seq,
  vocabulary: (x) => x.item.vocabulary,
  code: (x) => x.item.code,
  percentage: (x) => x.item.percentage,
  description: (x) => x.item.description,
});

export const RELATED: TableSpec<Indexed<RelatedRecord>> = entityTable(RelatedActivity, {
  seq: (x) => x.seq,
  type: (x) => x.item.type,
  ref: (x) => x.item.ref,
});

export const LOCATIONS: TableSpec<Indexed<LocationRecord>> = entityTable(ActivityLocation, {
  seq: (x) => x.seq,
  ref: (x) => x.item.ref,
  reach: (x) => x.item.reach,
  locationIds: (x) => x.item.locationIds,
  name: (x) => x.item.name,
  description: (x) => x.item.description,
  activityDescription: (x) => x.item.activityDescription,
  administrative: (x) => x.item.administrative,
  latitude: (x) => x.item.latitude,
  longitude: (x) => x.item.longitude,
  exactness: (x) => x.item.exactness,
  locationClass: (x) => x.item.locationClass,
  featureDesignation: (x) => x.item.featureDesignation,
});

export const ORGANISATIONS: TableSpec<OrgRef> = entityTable(Organisation, {
  key: (o) => orgKey(o),
  ref: (o) => o.ref,
  name: (o) => o.name,
  type: (o) => o.type,
});

/** Child tables in the order they are written (sectors after transactions: they point to them). */
export const CHILD_SPECS = {
  aid_transaction: TRANSACTIONS,
  aid_sector: SECTORS,
  aid_participating_org: PARTICIPATING_ORGS,
  aid_recipient_country: COUNTRIES,
  aid_recipient_region: REGIONS,
  aid_budget: BUDGETS,
  aid_planned_disbursement: PLANNED_DISBURSEMENTS,
  aid_country_budget_item: BUDGET_ITEMS,
  aid_related_activity: RELATED,
  aid_location: LOCATIONS,
} as const;
export type ChildTable = keyof typeof CHILD_SPECS;
export const CHILD_TABLES = Object.keys(CHILD_SPECS) as ChildTable[];
/**
 * Tables added after the first imports: they count in a report's content hash only when the
 * report has rows in them, so reports without such rows keep their hash (a re-import after the
 * upgrade leaves them unchanged) and those with rows are rewritten once, filling the new table.
 */
export const LATER_TABLES: ReadonlySet<ChildTable> = new Set(['aid_location']);

/** Every table an IATI import writes: ANALYZEd once the import commits. */
export const IMPORT_TABLES: readonly string[] = ['aid_activity', REPORT.table, ...CHILD_TABLES, ORGANISATIONS.table];
