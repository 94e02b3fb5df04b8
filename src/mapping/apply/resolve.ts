import type { Decimal } from 'decimal.js';
import type { BudgetItemFact, OrgFact, SectorFact } from './facts.js';
import { HUNDRED, mergeParts, percentages, type Part, type Provenance } from './parts.js';
import type { Rule, RuleIndex, Target } from './rule-index.js';

/** What resolution needs to know of a country's chart of accounts. */
export interface ChartSegment {
  readonly id: string;
  readonly kind: string;
  /** `cofog` where the segment is COFOG itself (its codes are COFOG codes). */
  readonly classification: string | null;
  readonly codes: ReadonlySet<string>;
}

/** What one resolution looks at: an activity, or a transaction with its own sectors or receiver. */
export interface Scope {
  readonly iatiIdentifier: string;
  readonly sectors: readonly SectorFact[];
  readonly budgetItems: readonly BudgetItemFact[];
  /** Organisations to look for an administrative code, in order of preference (a receiver, then implementers…). */
  readonly orgGroups: readonly (readonly OrgFact[])[];
}

export interface Lookup {
  readonly rules: RuleIndex;
  /** The segment a `coa:<segment>` target names, in its country's chart. */
  readonly segment: (target: Target) => ChartSegment | undefined;
  readonly valid: (rule: Rule) => boolean;
  readonly seen: (rules: Rule[]) => Rule[];
}

function ruleParts(
  rules: readonly Rule[],
  weight: Decimal,
  provenance: Provenance,
  via: readonly number[],
  source: [string, string],
): Part[] {
  const parts: Part[] = rules.map((rule) => ({
    code: rule.targetCode,
    share: weight.times(rule.share).div(HUNDRED),
    provenance,
    ruleIds: [...via, rule.id],
    sourceScheme: source[0],
    sourceCode: source[1],
  }));
  const mapped = rules.reduce((sum, rule) => sum.plus(rule.share), weight.minus(weight));
  if (mapped.lt(HUNDRED)) parts.push(unmapped(weight.times(HUNDRED.minus(mapped)).div(HUNDRED), source));
  return parts;
}

function unmapped(share: Decimal, source: [string, string] | null): Part {
  return { code: null, share, provenance: 'unmapped', ruleIds: [], sourceScheme: source?.[0] ?? null, sourceCode: source?.[1] ?? null };
}

function find(lookup: Lookup, scheme: string, code: string, target: Target): Rule[] {
  return lookup.seen(lookup.rules.find(scheme, code, target)).filter(lookup.valid);
}

const SECTOR_SCHEME: Readonly<Record<string, string>> = { '1': 'dac5', '2': 'dac3' };

/** The sectors resolution reads: DAC 5-digit if reported, else DAC 3-digit, else the first other vocabulary. */
function chosenSectors(sectors: readonly SectorFact[]): SectorFact[] {
  const vocabularies = [...new Set(sectors.map((s) => s.vocabulary))].sort(
    (a, b) => (SECTOR_SCHEME[b] ? 1 : 0) - (SECTOR_SCHEME[a] ? 1 : 0) || a.localeCompare(b),
  );
  const chosen = vocabularies[0];
  return sectors.filter((s) => s.vocabulary === chosen);
}

/** COFOG class → group → division: the most specific one a national rule exists for. */
function cofogAncestors(code: string): string[] {
  const [division, group] = code.split('.');
  return [code, ...(group ? [`${division}.${group}`] : []), ...(division && division !== code ? [division] : [])].filter(
    (c, i, all) => all.indexOf(c) === i,
  );
}

/** A COFOG code in a national functional segment: itself where the segment is COFOG, else by `cofog` rules. */
function cofogToNational(lookup: Lookup, cofog: string, target: Target): { code: string; share: string; ruleId: number | null }[] {
  const segment = lookup.segment(target);
  if (segment?.classification === 'cofog' && segment.codes.has(cofog)) return [{ code: cofog, share: '100', ruleId: null }];
  for (const code of cofogAncestors(cofog)) {
    const rules = find(lookup, 'cofog', code, target);
    if (rules.length > 0) return rules.map((rule) => ({ code: rule.targetCode, share: rule.share, ruleId: rule.id }));
  }
  return [];
}

function sectorParts(lookup: Lookup, sector: SectorFact, weight: Decimal, target: Target): Part[] {
  const scheme = SECTOR_SCHEME[sector.vocabulary] ?? `sector:${sector.vocabulary}`;
  const sources: [string, string][] = [[scheme, sector.code]];
  if (scheme === 'dac5' && sector.code.length === 5) sources.push(['dac3', sector.code.slice(0, 3)]);
  for (const source of sources) {
    const direct = find(lookup, source[0], source[1], target);
    if (direct.length > 0) return ruleParts(direct, weight, 'sector-rule', [], [scheme, sector.code]);
  }
  if (target.scheme === 'cofog' || lookup.segment(target)?.kind !== 'functional') return [unmapped(weight, [scheme, sector.code])];
  for (const source of sources) {
    const viaCofog = find(lookup, source[0], source[1], { scheme: 'cofog', country: null });
    if (viaCofog.length === 0) continue;
    const parts: Part[] = [];
    for (const rule of viaCofog) {
      const toCofog = weight.times(rule.share).div(HUNDRED);
      const national = cofogToNational(lookup, rule.targetCode, target);
      const placed = national.reduce((sum, n) => sum.plus(n.share), toCofog.minus(toCofog));
      for (const n of national) {
        parts.push({
          code: n.code,
          share: toCofog.times(n.share).div(HUNDRED),
          provenance: 'sector-rule',
          ruleIds: n.ruleId === null ? [rule.id] : [rule.id, n.ruleId],
          sourceScheme: scheme,
          sourceCode: sector.code,
        });
      }
      if (placed.lt(HUNDRED)) parts.push(unmapped(toCofog.times(HUNDRED.minus(placed)).div(HUNDRED), ['cofog', rule.targetCode]));
    }
    const mapped = viaCofog.reduce((sum, rule) => sum.plus(rule.share), weight.minus(weight));
    if (mapped.lt(HUNDRED)) parts.push(unmapped(weight.times(HUNDRED.minus(mapped)).div(HUNDRED), [scheme, sector.code]));
    return parts;
  }
  return [unmapped(weight, [scheme, sector.code])];
}

/** Country-budget-items the publisher reported: vocabulary 2 codes of this chart, or budget identifiers by rule. */
function reportedParts(lookup: Lookup, items: readonly BudgetItemFact[], target: Target): Part[] {
  const weights = percentages(items);
  const parts: Part[] = [];
  items.forEach((item, i) => {
    const weight = weights[i]!;
    if (item.vocabulary === '2' && lookup.segment(target)?.codes.has(item.code)) {
      parts.push({
        code: item.code,
        share: weight,
        provenance: 'reported-budget-item',
        ruleIds: [],
        sourceScheme: 'country-budget-item',
        sourceCode: item.code,
      });
    } else if (item.vocabulary === '1') {
      const rules = find(lookup, 'budget-identifier', item.code, target);
      if (rules.length > 0) parts.push(...ruleParts(rules, weight, 'reported-budget-item', [], ['budget-identifier', item.code]));
      else parts.push(unmapped(weight, ['budget-identifier', item.code]));
    }
  });
  return parts.some((part) => part.code !== null) ? parts : [];
}

function orgSource(org: OrgFact): [string, string][] {
  return [
    ...(org.ref ? [['org-ref', org.ref] as [string, string]] : []),
    ...(org.name ? [['org-name', org.name] as [string, string]] : []),
  ];
}

function orgParts(lookup: Lookup, groups: readonly (readonly OrgFact[])[], target: Target): Part[] {
  for (const group of groups) {
    const mapped = group.flatMap((org) => {
      for (const source of orgSource(org)) {
        const rules = find(lookup, source[0], source[1], target);
        if (rules.length > 0) return [{ rules, source }];
      }
      return [];
    });
    if (mapped.length === 0) continue;
    const weight = HUNDRED.div(mapped.length);
    return mapped.flatMap(({ rules, source }) => ruleParts(rules, weight, 'organisation-rule', [], source));
  }
  const first = groups.flat()[0];
  return [unmapped(HUNDRED, first ? (orgSource(first)[0] ?? null) : null)];
}

/**
 * Resolves one scope into one target for the rules valid now, in order of precedence: a rule for
 * the activity itself (programme mapping, override), then what the publisher reported in
 * country-budget-items, then sector rules (functional, COFOG) or organisation rules
 * (administrative). Whatever no rule places is returned as unmapped, with its source.
 */
export function resolveTarget(lookup: Lookup, scope: Scope, target: Target): Part[] {
  const parts = placed(lookup, scope, target);
  const total = parts.reduce((sum, part) => sum.plus(part.share), HUNDRED.minus(HUNDRED));
  // Percentages reported short of 100: what they leave out is unmapped too.
  return total.lt(HUNDRED) ? mergeParts([...parts, unmapped(HUNDRED.minus(total), null)]) : parts;
}

function placed(lookup: Lookup, scope: Scope, target: Target): Part[] {
  const own = find(lookup, 'activity', scope.iatiIdentifier, target);
  if (own.length > 0) return mergeParts(ruleParts(own, HUNDRED, 'activity-rule', [], ['activity', scope.iatiIdentifier]));
  const reported = reportedParts(lookup, scope.budgetItems, target);
  if (reported.length > 0) return mergeParts(reported);
  const kind = target.scheme === 'cofog' ? 'functional' : lookup.segment(target)?.kind;
  if (kind === 'functional') {
    const sectors = chosenSectors(scope.sectors);
    if (sectors.length === 0) return [unmapped(HUNDRED, null)];
    const weights = percentages(sectors);
    return mergeParts(sectors.flatMap((sector, i) => sectorParts(lookup, sector, weights[i]!, target)));
  }
  if (kind === 'administrative') return mergeParts(orgParts(lookup, scope.orgGroups, target));
  return [unmapped(HUNDRED, null)];
}
