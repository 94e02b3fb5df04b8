import type { ActivityFacts, OrgFact, TransactionFact } from './facts.js';
import { sameParts, type Part } from './parts.js';
import { resolveTarget, type ChartSegment, type Lookup, type Scope } from './resolve.js';
import type { RuleIndex, Target } from './rule-index.js';
import { overTime, type Validity } from './validity.js';

/** The charts of accounts resolution can reach: country → segment id → segment. */
export type Charts = ReadonlyMap<string, ReadonlyMap<string, ChartSegment>>;

export interface AssignmentRow {
  readonly activityId: number;
  readonly transactionId: number | null;
  readonly country: string | null;
  readonly targetScheme: string;
  readonly targetCode: string | null;
  readonly share: string;
  readonly validFrom: number | null;
  readonly validTo: number | null;
  readonly provenance: string;
  readonly ruleIds: readonly number[];
  readonly sourceScheme: string | null;
  readonly sourceCode: string | null;
}

type Resolution = { span: Validity; value: Part[] }[];

/** Implementers first, then the accountable organisation, then the extending one: who spends through a vote. */
const ORG_ROLES = ['4', '2', '3'];

function orgGroups(orgs: readonly OrgFact[]): OrgFact[][] {
  return ORG_ROLES.map((role) => orgs.filter((org) => org.role === role)).filter((group) => group.length > 0);
}

function segmentOf(charts: Charts, target: Target): ChartSegment | undefined {
  if (!target.country || !target.scheme.startsWith('coa:')) return undefined;
  return charts.get(target.country)?.get(target.scheme.slice(4));
}

/** COFOG always; then, in every country the activity is in whose chart the hub has, the segments some rule or reported item reaches. */
function targetsOf(facts: ActivityFacts, rules: RuleIndex, charts: Charts): Target[] {
  const targets = new Map<string, Target>();
  const add = (target: Target) => targets.set(`${target.country}:${target.scheme}`, target);
  add({ scheme: 'cofog', country: null });
  const activityTargets = rules.targetsOf('activity', facts.iatiIdentifier);
  const countries = new Set([
    ...facts.recipientCountries,
    ...facts.transactions.flatMap((t) => (t.recipientCountry ? [t.recipientCountry.toUpperCase()] : [])),
    ...activityTargets.flatMap((t) => (t.country ? [t.country] : [])),
  ]);
  for (const country of [...countries].sort()) {
    const chart = charts.get(country);
    if (!chart) continue;
    for (const segment of chart.values()) {
      const reported = facts.budgetItems.some((item) => item.vocabulary === '2' && segment.codes.has(item.code));
      if (segment.kind === 'functional' || segment.kind === 'administrative' || reported) add({ scheme: `coa:${segment.id}`, country });
    }
  }
  for (const target of activityTargets) if (target.scheme === 'cofog' || segmentOf(charts, target)) add(target);
  return [...targets.values()];
}

function resolveOverTime(rules: RuleIndex, charts: Charts, scope: Scope, target: Target): Resolution {
  return overTime<Part[]>(
    (valid, seen) => resolveTarget({ rules, valid, seen, segment: (t) => segmentOf(charts, t) } satisfies Lookup, scope, target),
    sameParts,
  );
}

function sameResolution(a: Resolution, b: Resolution): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.span.from === b[i]!.span.from && x.span.to === b[i]!.span.to && sameParts(x.value, b[i]!.value))
  );
}

function rows(activityId: number, transactionId: number | null, target: Target, resolution: Resolution): AssignmentRow[] {
  return resolution.flatMap(({ span, value }) =>
    value.map((part) => ({
      activityId,
      transactionId,
      country: target.country,
      targetScheme: target.scheme,
      targetCode: part.code,
      share: part.share.toString(),
      validFrom: span.from,
      validTo: span.to,
      provenance: part.provenance,
      ruleIds: part.ruleIds,
      sourceScheme: part.sourceScheme,
      sourceCode: part.sourceCode,
    })),
  );
}

/**
 * A transaction's own scope for one target, or null when nothing of its own can change it there:
 * only its own sectors change a functional (or COFOG) placement, only its receiver an
 * administrative one; for the rest it is its activity's.
 */
function transactionScope(
  facts: ActivityFacts,
  transaction: TransactionFact,
  activityOrgs: OrgFact[][],
  kind: string | undefined,
): Scope | null {
  const hasReceiver = Boolean(transaction.receiverRef || transaction.receiverName);
  if (kind === 'functional' ? transaction.sectors.length === 0 : kind !== 'administrative' || !hasReceiver) return null;
  const receiver: OrgFact = { role: null, type: transaction.receiverType, ref: transaction.receiverRef, name: transaction.receiverName };
  return {
    iatiIdentifier: facts.iatiIdentifier,
    sectors: transaction.sectors.length > 0 ? transaction.sectors : facts.sectors,
    budgetItems: facts.budgetItems,
    orgGroups: hasReceiver ? [[receiver], ...activityOrgs] : activityOrgs,
  };
}

/**
 * Every assignment of one activity: its own per target, and a transaction's own where its
 * sectors or its receiver make it differ from the activity's.
 */
export function assignActivity(facts: ActivityFacts, rules: RuleIndex, charts: Charts): AssignmentRow[] {
  const groups = orgGroups(facts.orgs);
  const scope: Scope = { iatiIdentifier: facts.iatiIdentifier, sectors: facts.sectors, budgetItems: facts.budgetItems, orgGroups: groups };
  const result: AssignmentRow[] = [];
  for (const target of targetsOf(facts, rules, charts)) {
    const own = resolveOverTime(rules, charts, scope, target);
    result.push(...rows(facts.activityId, null, target, own));
    const kind = target.scheme === 'cofog' ? 'functional' : segmentOf(charts, target)?.kind;
    for (const transaction of facts.transactions) {
      const local = transactionScope(facts, transaction, groups, kind);
      if (!local) continue;
      const resolved = resolveOverTime(rules, charts, local, target);
      if (!sameResolution(own, resolved)) result.push(...rows(facts.activityId, transaction.id, target, resolved));
    }
  }
  return result;
}
