import { createHash } from 'node:crypto';
import { toRow, type TableSpec } from '../../db/table-spec.js';
import { indexed, organisationsOf, sectorSources } from '../../../connectors/iati/rows.js';
import { orgKey } from '../../../connectors/iati/org-key.js';
import type { ActivityRecord } from '../../../connectors/iati/types.js';
import {
  BUDGET_ITEMS,
  BUDGETS,
  CHILD_TABLES,
  LATER_TABLES,
  LOCATIONS,
  COUNTRIES,
  ORGANISATIONS,
  PARTICIPATING_ORGS,
  PLANNED_DISBURSEMENTS,
  REGIONS,
  RELATED,
  REPORT,
  REPORT_SOURCE,
  SECTORS,
  TRANSACTIONS,
  type ChildTable,
} from './tables.js';

/**
 * One activity report's rows, serialised as JSON fragments ready for the bulk writer: the
 * CPU-heavy half of an import, run in the connector's worker threads; the writer only
 * concatenates the fragments into one parameter per table.
 */
export interface ReportRows {
  readonly identifier: string;
  readonly reportingOrgKey: string;
  readonly lastUpdated: string | null;
  readonly contentHash: string;
  /** JSON array: the report row in `REPORT` then `REPORT_SOURCE` column order. */
  readonly report: string;
  /** JSON array of rows (arrays in the table's column order) per child table. */
  readonly children: Readonly<Record<ChildTable, string>>;
  /** JSON array of organisation rows. */
  readonly organisations: string;
}

/**
 * Serialises the record's rows. The content hash covers every stored value but not where the
 * activity sat in the file, so moving it within a file is not a change.
 */
export function reportRows(record: ActivityRecord, file: string, line: number): ReportRows {
  const rows = <T>(spec: TableSpec<T>, sources: readonly T[]): string => JSON.stringify(sources.map((source) => toRow(spec, source)));
  const children: Record<ChildTable, string> = {
    aid_transaction: rows(TRANSACTIONS, indexed(record.transactions)),
    aid_sector: rows(SECTORS, sectorSources(record)),
    aid_participating_org: rows(PARTICIPATING_ORGS, indexed(record.participatingOrgs)),
    aid_recipient_country: rows(COUNTRIES, indexed(record.recipientCountries)),
    aid_recipient_region: rows(REGIONS, indexed(record.recipientRegions)),
    aid_budget: rows(BUDGETS, indexed(record.budgets)),
    aid_planned_disbursement: rows(PLANNED_DISBURSEMENTS, indexed(record.plannedDisbursements)),
    aid_country_budget_item: rows(BUDGET_ITEMS, indexed(record.countryBudgetItems)),
    aid_related_activity: rows(RELATED, indexed(record.relatedActivities)),
    aid_location: rows(LOCATIONS, indexed(record.locations)),
  };
  const content = JSON.stringify(toRow(REPORT, record));
  const hash = createHash('sha256').update(content);
  for (const table of CHILD_TABLES) if (!LATER_TABLES.has(table) || children[table] !== '[]') hash.update(children[table]);
  const contentHash = hash.digest('hex');
  const source = JSON.stringify(toRow(REPORT_SOURCE, { contentHash, file, line }));
  return {
    identifier: record.identifier,
    reportingOrgKey: orgKey(record.reportingOrg) ?? '',
    lastUpdated: record.lastUpdated,
    contentHash,
    report: `${content.slice(0, -1)},${source.slice(1)}`,
    children,
    organisations: rows(ORGANISATIONS, organisationsOf(record)),
  };
}
