import type { Writable } from 'node:stream';
import { countryReportsPage, reportContents, type ReportContents } from '../../aid/export-reports.js';
import { codelistNames } from '../../aid/facts.js';
import type { IatiPublisher } from '../../config.js';
import type { EntityManager } from '../../db/orm.js';
import { coaSegments } from '../../finance/coa-lookup.js';
import { activityChartPlacements } from '../../mapping/chart-placements.js';
import { write } from '../write.js';
import { activityXml, type ActivityParts } from './activity-xml.js';
import { attributes } from '../xml-text.js';

/**
 * `tributary export iati`: one recipient country's activities as an IATI 2.03 activity file, the
 * hub as secondary reporter and the chart codes the rules place each activity in as its
 * country-budget-items. Read a page of activities at a time and written as it goes (waiting for
 * the output to drain), so the memory it needs does not grow with the country.
 */

export type IatiExportErrorCode = 'NO_PUBLISHER' | 'UNKNOWN_COUNTRY' | 'NO_CHART' | 'UNKNOWN_SEGMENT' | 'NO_ACTIVITIES';

export class IatiExportError extends Error {
  constructor(
    readonly code: IatiExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface IatiExportOptions {
  /** ISO 3166-1 alpha-2 (any case). */
  readonly country: string;
  /**
   * The chart segment written as country-budget-items. By default its functional segment (where the
   * shipped sector rules place nearly all aid), else its administrative one, else its first.
   */
  readonly segment?: string | undefined;
  readonly publisher: IatiPublisher | null;
  /** Activities read per statement batch. */
  readonly pageSize?: number;
  readonly generatedAt?: Date;
  /** After each page is written: activities written so far. */
  readonly onProgress?: (written: number) => void;
}

export interface IatiExportSummary {
  readonly country: string;
  readonly segment: string;
  readonly activities: number;
  /** Activities written with the chart's codes as country-budget-items. */
  readonly withChartCodes: number;
  readonly transactions: number;
  /** Transactions left out: without a type, or with one outside the TransactionType codelist (IATI 2.03 requires one). */
  readonly untypedTransactions: number;
  /** Activities published without a description, whose title is written as their description. */
  readonly titleAsDescription: number;
  /** Codes outside today's IATI codelists (kept from 1.0x data), left out because a 2.03 reader refuses them. */
  readonly droppedCodes: number;
  /** Activities the schema cannot take: a required part is missing from what was published. */
  readonly leftOut: readonly { readonly iatiIdentifier: string; readonly missing: string }[];
}

const PAGE_SIZE = 200;

async function countryAndSegment(em: EntityManager, options: IatiExportOptions): Promise<{ country: string; segment: string }> {
  const country = options.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || (await codelistNames(em, 'Country', country)).length === 0) {
    throw new IatiExportError(
      'UNKNOWN_COUNTRY',
      `${options.country} is not a country code of the IATI Country codelist (ISO 3166-1 alpha-2, e.g. MW)`,
    );
  }
  const all = await coaSegments(em);
  const segments = all.filter((s) => s.country === country);
  if (segments.length === 0) {
    const charts = [...new Set(all.map((s) => s.country))].join(', ');
    throw new IatiExportError('NO_CHART', `${country} has no chart of accounts in the hub (charts: ${charts || 'none'})`);
  }
  const wanted =
    options.segment ??
    (segments.find((s) => s.kind === 'functional') ?? segments.find((s) => s.kind === 'administrative') ?? segments[0])?.segment;
  if (wanted === undefined || !segments.some((s) => s.segment === wanted)) {
    const names = segments.map((s) => s.segment).join(', ');
    throw new IatiExportError('UNKNOWN_SEGMENT', `${country}'s chart of accounts has no segment ${wanted ?? ''} (segments: ${names})`);
  }
  return { country, segment: wanted };
}

function partsByReport(contents: ReportContents): (reportId: number) => ActivityParts {
  const grouped = new Map<number, { [K in keyof ReportContents]: ReportContents[K][number][] }>();
  const entry = (reportId: number) => {
    let parts = grouped.get(reportId);
    if (!parts) {
      parts = {
        participants: [],
        countries: [],
        regions: [],
        sectors: [],
        budgetItems: [],
        budgets: [],
        planned: [],
        transactions: [],
        related: [],
      };
      grouped.set(reportId, parts);
    }
    return parts;
  };
  for (const key of Object.keys(contents) as (keyof ReportContents)[]) {
    for (const row of contents[key]) (entry(row.reportId)[key] as (typeof row)[]).push(row);
  }
  return entry;
}

/** Writes the file to `out` (not ended). Refuses, before writing anything, when there is nothing valid to write. */
export async function writeIatiExport(em: EntityManager, options: IatiExportOptions, out: Writable): Promise<IatiExportSummary> {
  const publisher = options.publisher;
  if (publisher === null) {
    throw new IatiExportError(
      'NO_PUBLISHER',
      'the hub has no IATI identity: set TRIBUTARY_IATI_ORG_REF and TRIBUTARY_IATI_ORG_NAME (and TRIBUTARY_IATI_ORG_TYPE) to the organisation running it',
    );
  }
  const { country, segment } = await countryAndSegment(em, options);
  const generated = (options.generatedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const header = `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities${attributes({ version: '2.03', 'generated-datetime': generated })}>\n`;
  const summary = {
    country,
    segment,
    activities: 0,
    withChartCodes: 0,
    transactions: 0,
    untypedTransactions: 0,
    titleAsDescription: 0,
    droppedCodes: 0,
  };
  const leftOut: { iatiIdentifier: string; missing: string }[] = [];
  let afterId = 0;
  for (;;) {
    const page = await countryReportsPage(em, country, afterId, options.pageSize ?? PAGE_SIZE);
    const last = page.at(-1);
    if (last === undefined) break;
    afterId = last.activityId;
    const ids = page.map((r) => r.activityId);
    const [contents, placements] = await Promise.all([
      reportContents(
        em,
        page.map((r) => r.reportId),
      ),
      activityChartPlacements(em, country, segment, ids),
    ]);
    const partsOf = partsByReport(contents);
    let text = '';
    for (const report of page) {
      const parts = partsOf(report.reportId);
      const codes = placements.get(report.activityId) ?? [];
      const activity = activityXml(report, parts, codes, publisher);
      if ('missing' in activity) {
        leftOut.push({ iatiIdentifier: report.iatiIdentifier, missing: activity.missing });
        continue;
      }
      if (summary.activities === 0) text += header;
      text += activity.xml;
      summary.activities += 1;
      summary.withChartCodes += codes.length > 0 ? 1 : 0;
      summary.transactions += parts.transactions.length - activity.skippedTransactions;
      summary.untypedTransactions += activity.skippedTransactions;
      summary.titleAsDescription += activity.titleAsDescription ? 1 : 0;
      summary.droppedCodes += activity.droppedCodes;
    }
    if (text !== '') await write(out, text);
    options.onProgress?.(summary.activities);
  }
  if (summary.activities === 0) {
    const why = leftOut.length === 0 ? '' : ` the IATI 2.03 schema can take (${leftOut.length} lack a part it requires)`;
    throw new IatiExportError('NO_ACTIVITIES', `the hub holds no activities in ${country}${why}: there is nothing to export`);
  }
  await write(out, '</iati-activities>\n');
  return { ...summary, leftOut };
}
