import { ALIGNMENT_DIMENSIONS, type AlignmentDimension } from '../types.js';
import { ruleBefore, type AlignmentFacts, type AlignmentRule, type Clause, type CodeFact } from './rules.js';

/** One dimension of one transaction: the value, the rule that set it, and that rule's reason. */
export interface DimensionResult {
  readonly value: boolean | null;
  readonly ruleId: string | null;
  readonly reason: string;
}

export type AlignmentResult = Readonly<Record<AlignmentDimension, DimensionResult>>;

export const NO_RULE_REASON = 'no alignment rule applies';

function codesOf(fact: CodeFact, facts: AlignmentFacts): readonly string[] {
  if (fact === 'aidType') return facts.aidTypes;
  const code = facts[fact];
  return code === null ? [] : [code];
}

/**
 * A clause about a fact the data does not give (no aid type, no channel, receiver unknown) never
 * holds, whatever its operator: `disbursementChannel != 1` says nothing about a transaction that
 * reports no channel.
 */
function holds(clause: Clause, facts: AlignmentFacts): boolean {
  if ('value' in clause) {
    const fact = facts[clause.fact];
    if (fact === null) return false;
    return clause.op === '=' ? fact === clause.value : fact !== clause.value;
  }
  const codes = codesOf(clause.fact, facts);
  if (codes.length === 0) return false;
  // With several aid types, `=` and `in` ask whether any is listed, `!=` whether none is.
  if (clause.op === '!=') return !codes.includes(clause.values[0] ?? '');
  return codes.some((code) => clause.values.includes(code));
}

/**
 * For each dimension, the matching rule of lowest priority (then earliest row) decides. Rules may
 * come in any order; a dimension no rule matches is unknown.
 */
export function evaluateAlignment(facts: AlignmentFacts, rules: readonly AlignmentRule[]): AlignmentResult {
  const winners = new Map<AlignmentDimension, AlignmentRule>();
  for (const rule of rules) {
    if (!rule.condition.every((clause) => holds(clause, facts))) continue;
    for (const dimension of rule.dimensions) {
      const current = winners.get(dimension);
      if (!current || ruleBefore(rule, current)) winners.set(dimension, rule);
    }
  }
  const result = {} as Record<AlignmentDimension, DimensionResult>;
  for (const dimension of ALIGNMENT_DIMENSIONS) {
    const rule = winners.get(dimension);
    result[dimension] = rule
      ? { value: rule.value, ruleId: rule.id, reason: rule.reason }
      : { value: null, ruleId: null, reason: NO_RULE_REASON };
  }
  return result;
}
