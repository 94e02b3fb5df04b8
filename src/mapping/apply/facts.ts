import { authoritativeReports, reportParts } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';

/**
 * What applying the rules reads of an activity: its authoritative report's sectors,
 * country-budget-items, participating organisations and transactions. Aid reads them for a set
 * of activities in a few batched queries (src/aid/facts.ts); the mapping domain only shapes them,
 * and its fact types are those rows' (aid's columns are described once, by aid's entities).
 */
type Parts = Awaited<ReturnType<typeof reportParts>>;
type Report = Awaited<ReturnType<typeof authoritativeReports>>[number];

export type SectorFact = Readonly<Pick<Parts[1][number], 'vocabulary' | 'code' | 'percentage'>>;

export type BudgetItemFact = Readonly<Pick<Parts[2][number], 'vocabulary' | 'code' | 'percentage'>>;

export type OrgFact = Readonly<Pick<Parts[3][number], 'role' | 'type' | 'ref' | 'name'>>;

export type TransactionFact = Readonly<
  Omit<Parts[4][number], 'reportId' | 'aidTypes'> & {
    /** DAC aid types (vocabulary 1) only. */
    aidTypes: readonly string[];
    /** Sectors reported on the transaction itself (USAID does): they replace the activity's. */
    sectors: SectorFact[];
  }
>;

export type ActivityFacts = Readonly<
  Omit<Report, 'reportId' | 'defaultAidTypes'> & {
    /** DAC aid types (vocabulary 1) only. */
    defaultAidTypes: readonly string[];
    recipientCountries: string[];
    sectors: SectorFact[];
    budgetItems: BudgetItemFact[];
    orgs: OrgFact[];
    transactions: TransactionFact[];
  }
>;

interface CodeRef {
  readonly vocabulary: string;
  readonly code: string;
}

/** DAC aid types only (vocabulary 1): the others are not what alignment rules read. */
function dacAidTypes(refs: readonly CodeRef[] | string | null): string[] {
  const list = typeof refs === 'string' ? (JSON.parse(refs) as CodeRef[]) : (refs ?? []);
  return list.filter((ref) => ref.vocabulary === '1').map((ref) => ref.code);
}

export async function loadActivityFacts(em: EntityManager, activityIds: readonly number[]): Promise<ActivityFacts[]> {
  if (activityIds.length === 0) return [];
  const activities = await authoritativeReports(em, activityIds);
  const [countries, sectors, items, orgs, transactions] = await reportParts(
    em,
    activities.map((a) => a.reportId),
  );
  const byReport = <T extends { reportId: number }>(rows: T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) {
      const list = map.get(row.reportId);
      if (list) list.push(row);
      else map.set(row.reportId, [row]);
    }
    return map;
  };
  const countriesOf = byReport(countries);
  const itemsOf = byReport(items);
  const orgsOf = byReport(orgs);
  const transactionsOf = byReport(transactions);
  const sectorsOfTransaction = new Map<number, SectorFact[]>();
  const sectorsOf = new Map<number, SectorFact[]>();
  for (const { reportId, transactionId, vocabulary, code, percentage } of sectors) {
    const target = transactionId === null ? sectorsOf : sectorsOfTransaction;
    const key = transactionId ?? reportId;
    const list = target.get(key);
    if (list) list.push({ vocabulary, code, percentage });
    else target.set(key, [{ vocabulary, code, percentage }]);
  }
  return activities.map((a) => ({
    activityId: a.activityId,
    iatiIdentifier: a.iatiIdentifier,
    reportingOrgRef: a.reportingOrgRef,
    reportingOrgName: a.reportingOrgName,
    defaultAidTypes: dacAidTypes(a.defaultAidTypes),
    defaultFinanceType: a.defaultFinanceType,
    defaultFlowType: a.defaultFlowType,
    recipientCountries: (countriesOf.get(a.reportId) ?? []).map((c) => c.code.toUpperCase()),
    sectors: sectorsOf.get(a.reportId) ?? [],
    budgetItems: (itemsOf.get(a.reportId) ?? []).map(({ vocabulary, code, percentage }) => ({ vocabulary, code, percentage })),
    orgs: (orgsOf.get(a.reportId) ?? []).map(({ role, type, ref, name }) => ({ role, type, ref, name })),
    transactions: (transactionsOf.get(a.reportId) ?? []).map(({ reportId: _report, aidTypes, ...t }) => ({
      ...t,
      aidTypes: dacAidTypes(aidTypes),
      sectors: sectorsOfTransaction.get(t.id) ?? [],
    })),
  }));
}
