import type { StoredRule } from '../rules/rule-row.js';
import { orgNameKey } from './org-name-key.js';

/** An active rule as applying reads it: what places money, not who changed it. */
export type Rule = Pick<
  StoredRule,
  'id' | 'country' | 'sourceScheme' | 'sourceCode' | 'targetScheme' | 'targetCode' | 'share' | 'validFrom' | 'validTo'
>;

/** Where a resolution is going: COFOG, or one segment of one country's chart of accounts. */
export interface Target {
  readonly scheme: string;
  readonly country: string | null;
}

/** Organisation names are matched on a normalised key, so the rule and the data may differ in case or spacing. */
function sourceKey(scheme: string, code: string): string {
  return `${scheme}\u0000${scheme === 'org-name' ? orgNameKey(code) : code}`;
}

/** The active rules, by source, for lookups while applying. */
export class RuleIndex {
  private readonly bySource = new Map<string, Rule[]>();

  constructor(rules: Iterable<Rule>) {
    for (const rule of rules) {
      const key = sourceKey(rule.sourceScheme, rule.sourceCode);
      const list = this.bySource.get(key);
      if (list) list.push(rule);
      else this.bySource.set(key, [rule]);
    }
  }

  /** Every rule from this source to this target, whatever its validity. */
  find(scheme: string, code: string, target: Target): Rule[] {
    return (this.bySource.get(sourceKey(scheme, code)) ?? []).filter(
      (rule) => rule.targetScheme === target.scheme && rule.country === target.country,
    );
  }

  /** Every target some rule from this source reaches (an activity rule brings its country and segment into scope). */
  targetsOf(scheme: string, code: string): Target[] {
    const targets = new Map<string, Target>();
    for (const rule of this.bySource.get(sourceKey(scheme, code)) ?? []) {
      targets.set(`${rule.country}:${rule.targetScheme}`, { scheme: rule.targetScheme, country: rule.country });
    }
    return [...targets.values()];
  }
}
