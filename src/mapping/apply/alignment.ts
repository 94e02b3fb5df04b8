import {
  aggregateAlignment,
  applyOverride,
  type AlignmentComponent,
  type AlignmentOverride,
  type DimensionAlignment,
} from '../alignment/aggregate.js';
import { evaluateAlignment, type AlignmentResult } from '../alignment/evaluate.js';
import type { AlignmentFacts, AlignmentRule } from '../alignment/rules.js';
import { ALIGNMENT_DIMENSIONS, type AlignmentDimension, type DimensionValue } from '../types.js';
import type { ActivityFacts, TransactionFact } from './facts.js';

/** The alignment of one activity (transactionId null) or one transaction: every dimension in one row. */
export interface AlignmentRow {
  readonly activityId: number;
  readonly transactionId: number | null;
  readonly weighting: string | null;
  readonly dimensions: Record<AlignmentDimension, DimensionValue>;
}

/** IATI organisation types of the public sector: government, local government, other public sector. */
const PUBLIC_SECTOR = new Set(['10', '11', '15']);

function receiverIsGovernment(transaction: TransactionFact | null, facts: ActivityFacts): boolean | null {
  if (transaction && (transaction.receiverRef || transaction.receiverName || transaction.receiverType)) {
    return transaction.receiverType ? PUBLIC_SECTOR.has(transaction.receiverType) : null;
  }
  const implementers = facts.orgs.filter((org) => org.role === '4' && org.type);
  return implementers.length ? implementers.some((org) => PUBLIC_SECTOR.has(org.type!)) : null;
}

function factsOf(facts: ActivityFacts, transaction: TransactionFact | null): AlignmentFacts {
  return {
    aidTypes: transaction?.aidTypes.length ? transaction.aidTypes : facts.defaultAidTypes,
    financeType: transaction?.financeType ?? facts.defaultFinanceType,
    flowType: transaction?.flowType ?? facts.defaultFlowType,
    disbursementChannel: transaction?.disbursementChannel ?? null,
    transactionType: transaction?.type ?? null,
    receiverIsGovernment: receiverIsGovernment(transaction, facts),
    hasCountryBudgetItems: facts.budgetItems.length > 0,
    reportedOnBudget: facts.budgetItems.some((item) => item.vocabulary === '1' || item.vocabulary === '2'),
  };
}

/** Money spent (disbursements, expenditures), else committed, is what an activity's alignment weighs. */
function weighed(transactions: readonly TransactionFact[]): TransactionFact[] {
  const spent = transactions.filter((t) => t.type === '3' || t.type === '4');
  return spent.length > 0 ? spent : transactions.filter((t) => t.type === '2');
}

function activityValue(result: DimensionAlignment): DimensionValue {
  return {
    status: result.status,
    share: result.share,
    ruleId: result.reasons.length === 1 ? (result.reasons[0]!.ruleIds[0] ?? null) : null,
    reasons: result.reasons.map((r) => ({ reason: r.reason, share: r.share })),
    overridden: result.override !== null,
    derived: result.derived ? { ...result.derived } : null,
  };
}

function transactionValues(
  result: AlignmentResult,
  overrides: ReadonlyMap<string, AlignmentOverride>,
): Record<AlignmentDimension, DimensionValue> {
  const values = {} as Record<AlignmentDimension, DimensionValue>;
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    const derived = result[dimension];
    const override = overrides.get(dimension);
    const value = override ? override.value : derived.value;
    values[dimension] = {
      status: value === null ? 'UNKNOWN' : value ? 'YES' : 'NO',
      share: null,
      ruleId: override ? null : derived.ruleId,
      reasons: [{ reason: override ? `${override.reason} (override by ${override.by})` : derived.reason, share: null }],
      overridden: Boolean(override),
      derived: override ? { ...derived } : null,
    };
  }
  return values;
}

/**
 * The CABRI/Mokoro dimensions of one activity and each of its transactions, from the rules; an
 * administrator's override of a dimension replaces the derived value on the activity and its
 * transactions, with what the rules said kept beside it. `'activity'` gives the activity's row
 * alone, evaluating only the transactions it weighs.
 */
export function alignActivity(
  facts: ActivityFacts,
  rules: readonly AlignmentRule[],
  overrides: ReadonlyMap<string, AlignmentOverride>,
  rows: 'activity' | 'all' = 'all',
): AlignmentRow[] {
  const counted = weighed(facts.transactions);
  const evaluated = rows === 'all' ? facts.transactions : counted;
  const results = new Map(evaluated.map((t) => [t.id, evaluateAlignment(factsOf(facts, t), rules)]));
  const components: AlignmentComponent[] =
    counted.length > 0
      ? counted.map((t) => ({ value: t.value, currency: t.currency, result: results.get(t.id)! }))
      : [{ value: '1', currency: 'XXX', result: evaluateAlignment(factsOf(facts, null), rules) }];
  const aggregate = aggregateAlignment(components);
  const weighting =
    counted.length === 0
      ? 'no transactions: the activity’s own data'
      : aggregate.weighting.by === 'value'
        ? `value in ${aggregate.weighting.currency}`
        : `count: ${aggregate.weighting.why}`;
  const dimensions = {} as Record<AlignmentDimension, DimensionValue>;
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    const override = overrides.get(dimension);
    const derived = aggregate.dimensions[dimension];
    dimensions[dimension] = activityValue(override ? applyOverride(derived, override) : derived);
  }
  const result: AlignmentRow[] = [{ activityId: facts.activityId, transactionId: null, weighting, dimensions }];
  if (rows === 'activity') return result;
  for (const [transactionId, transaction] of results) {
    result.push({ activityId: facts.activityId, transactionId, weighting: null, dimensions: transactionValues(transaction, overrides) });
  }
  return result;
}
