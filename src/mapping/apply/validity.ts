import type { Rule } from './rule-index.js';

/** Fiscal years (start years, inclusive); null is open-ended. */
export interface Validity {
  readonly from: number | null;
  readonly to: number | null;
}

export function covers(rule: Rule, span: Validity): boolean {
  return (
    (rule.validFrom === null || (span.from !== null && rule.validFrom <= span.from)) &&
    (rule.validTo === null || (span.to !== null && rule.validTo >= span.to))
  );
}

/** The spans over which the set of valid rules does not change: cut at every rule's first and after its last year. */
export function spans(rules: Iterable<Rule>): Validity[] {
  const cuts = new Set<number>();
  for (const rule of rules) {
    if (rule.validFrom !== null) cuts.add(rule.validFrom);
    if (rule.validTo !== null) cuts.add(rule.validTo + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  if (points.length === 0) return [{ from: null, to: null }];
  const result: Validity[] = [{ from: null, to: points[0]! - 1 }];
  for (let i = 0; i < points.length; i++) result.push({ from: points[i]!, to: i + 1 < points.length ? points[i + 1]! - 1 : null });
  return result;
}

/**
 * Resolves something that depends on which rules are valid, once per span of fiscal years.
 * `compute` looks rules up through `seen`; a span may reveal rules the earlier spans did not
 * look up (a fallback taken only when another rule has lapsed), so it repeats until no new rule
 * appears. Adjacent spans with the same result are merged.
 */
export function overTime<T>(
  compute: (valid: (rule: Rule) => boolean, seen: (rules: Rule[]) => Rule[]) => T,
  same: (a: T, b: T) => boolean,
) {
  const known = new Set<Rule>();
  const seen = (rules: Rule[]) => {
    for (const rule of rules) known.add(rule);
    return rules;
  };
  let results: { span: Validity; value: T }[] = [];
  let size = -1;
  while (size !== known.size) {
    size = known.size;
    results = spans(known).map((span) => ({ span, value: compute((rule) => covers(rule, span), seen) }));
  }
  const merged: { span: Validity; value: T }[] = [];
  for (const result of results) {
    const last = merged.at(-1);
    if (last && same(last.value, result.value))
      merged[merged.length - 1] = { span: { from: last.span.from, to: result.span.to }, value: last.value };
    else merged.push(result);
  }
  return merged;
}
