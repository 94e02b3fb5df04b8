import { createHash } from 'node:crypto';
import type { Rejected } from '../source.js';
import type { ActivityChunk } from './split.js';
import { parseActivityXml } from './xml-node.js';
import { normaliseActivity } from './normalise.js';
import { validateActivity } from './validate.js';
import { lineOf } from './locate.js';
import { toRow, type TableSpec } from '../../src/db/table-spec.js';
import {
  BUDGET_ITEMS,
  BUDGETS,
  COUNTRIES,
  indexed,
  ORGANISATIONS,
  organisationsOf,
  PARTICIPATING_ORGS,
  PLANNED_DISBURSEMENTS,
  REGIONS,
  RELATED,
  REPORT,
  REPORT_SOURCE,
  SECTORS,
  sectorSources,
  TRANSACTIONS,
} from './rows.js';
import { orgKey } from './org-key.js';
import type { Codelists } from './codelists.js';
import type { Problem } from './problems.js';
import type { ActivityRecord } from './types.js';

/**
 * Chunk → normalised record → table rows, serialised as JSON fragments. This is the CPU-heavy
 * half of an import and runs in worker threads; the loader only concatenates the fragments
 * into one parameter per table. Pure apart from hashing.
 */
export interface PreparedActivity {
  readonly kind: 'activity';
  readonly file: string;
  readonly line: number;
  readonly identifier: string;
  readonly reportingOrgKey: string;
  readonly lastUpdated: string | null;
  readonly contentHash: string;
  readonly warnings: number;
  /** JSON array: the report row in `REPORT` then `REPORT_SOURCE` column order. */
  readonly report: string;
  /** JSON array of rows (arrays in the table's column order) per child table. */
  readonly children: Readonly<Record<ChildTable, string>>;
  /** JSON array of organisation rows. */
  readonly organisations: string;
}

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
} as const;
export type ChildTable = keyof typeof CHILD_SPECS;
export const CHILD_TABLES = Object.keys(CHILD_SPECS) as ChildTable[];

const EXCERPT_CHARS = 64 * 1024;

function describe(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  if (problems.length > 5) shown.push(`and ${problems.length - 5} more`);
  return shown.join('; ');
}

/**
 * Serialises the record's rows. The content hash covers every stored value but not where the
 * activity sat in the file, so moving it within a file is not a change.
 */
export function toPrepared(record: ActivityRecord, file: string, line: number): PreparedActivity {
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
  };
  const content = JSON.stringify(toRow(REPORT, record));
  const hash = createHash('sha256').update(content);
  for (const table of CHILD_TABLES) hash.update(children[table]);
  const contentHash = hash.digest('hex');
  const source = JSON.stringify(toRow(REPORT_SOURCE, { contentHash, file, line }));
  return {
    kind: 'activity',
    file,
    line,
    identifier: record.identifier,
    reportingOrgKey: orgKey(record.reportingOrg) ?? '',
    lastUpdated: record.lastUpdated,
    contentHash,
    warnings: record.warnings.length,
    report: `${content.slice(0, -1)},${source.slice(1)}`,
    children,
    organisations: rows(ORGANISATIONS, organisationsOf(record)),
  };
}

/** One activity chunk → a prepared activity, or a rejection naming the line and field. */
export function prepareChunk(
  chunk: ActivityChunk,
  file: string,
  fileVersion: string | null,
  codelists: Codelists,
): PreparedActivity | Rejected {
  const { record, problems } = normaliseActivity(parseActivityXml(chunk.text), fileVersion);
  if (record) validateActivity(record, codelists, problems);
  const [first] = problems.errors;
  if (first || !record) {
    const field = first?.field ?? 'iati-identifier';
    return {
      kind: 'rejected',
      file,
      line: lineOf(chunk.text, field, chunk.line),
      recordId: record?.identifier ?? null,
      field,
      code: first?.code ?? 'MISSING_FIELD',
      reason: describe(problems.errors),
      excerpt: chunk.text.slice(0, EXCERPT_CHARS),
    };
  }
  return toPrepared(record, file, chunk.line);
}
