import type { GraphQLResolveInfo } from 'graphql';
import type { AidContext } from '../context.js';
import type { ReportRow } from '../report-row.js';
import type { SectorRow } from '../rows.js';
import { sectorColumnsAsked, transactionColumnsAsked } from '../part-columns.js';
import type { ReportingOrg } from '../types/report.type.js';

/**
 * What an activity and each of its reports share: lists read through the request's loaders,
 * keyed by report id.
 */
export function reportingOrgOf(
  row: Pick<ReportRow, 'reportingOrgRef' | 'reportingOrgName' | 'reportingOrgType' | 'reportingOrgKey' | 'secondaryReporter'>,
): ReportingOrg {
  return {
    ref: row.reportingOrgRef,
    name: row.reportingOrgName,
    typeCode: row.reportingOrgType,
    key: row.reportingOrgKey,
    secondaryReporter: row.secondaryReporter,
  };
}

/** The report's transactions (of `types`, if given), with the columns `info`'s selection needs. */
export async function transactionsOf(
  row: Pick<ReportRow, 'reportId'>,
  ctx: AidContext,
  info: GraphQLResolveInfo,
  types: readonly string[] | null | undefined,
) {
  const all = await ctx.loaders.transactionsByReport.load(row.reportId, transactionColumnsAsked(info));
  return types?.length ? all.filter((t) => t.type !== null && types.includes(t.type)) : all;
}

/**
 * Activity-level sectors; with `includeTransactionLevel`, also the sectors publishers (USAID,
 * for one) give only on transactions, each once per vocabulary and code.
 */
export async function sectorsOf(
  row: ReportRow,
  ctx: AidContext,
  info: GraphQLResolveInfo,
  vocabulary: string | null | undefined,
  includeTransactionLevel: boolean,
) {
  const all = await ctx.loaders.sectorsByReport.load(row.reportId, sectorColumnsAsked(info));
  const keyOf = (s: SectorRow): string => `${s.vocabulary}|${s.code}`;
  const seen = new Set(all.filter((s) => s.transactionId === null).map(keyOf));
  const picked: SectorRow[] = [];
  for (const sector of all) {
    if (vocabulary && sector.vocabulary !== vocabulary) continue;
    if (sector.transactionId === null) picked.push(sector);
    else if (includeTransactionLevel && !seen.has(keyOf(sector))) {
      seen.add(keyOf(sector));
      picked.push({ ...sector, percentage: null });
    }
  }
  return picked;
}
