import { orgNameKey } from '../apply/org-name-key.js';
import type { MappingProblem, MappingRuleFields } from '../types.js';
import { ShareDecimal, type SheetAction } from './fields.js';
import { problem, quote, rowName, sortProblems } from './problems.js';
import type { UnreadRow } from './rule.js';

/**
 * The rules of one group — the same money (country, source scheme and code) into the same target
 * scheme — must say one thing per fiscal year: rules with the same validity are one split, whose
 * shares sum to 100; rules with different validity must not overlap.
 */
export interface GroupRule extends MappingRuleFields {
  /** The sheet row, or null for a rule that is not from a sheet (a mutation, a stored rule). */
  readonly row?: number | null;
  /** Retired rules end a mapping: they take no part in sums and overlaps. Default `set`. */
  readonly action?: SheetAction;
}

/**
 * `exact`: every split sums to exactly 100 (a sheet states whole splits). `at-most`: a split may
 * be incomplete but never over 100 (a mutation changes one rule of a split at a time).
 */
export type GroupMode = 'exact' | 'at-most';

export interface GroupOptions {
  /** Rows of the sheet that could not be read: the splits they may belong to are not added up. */
  readonly unread?: readonly UnreadRow[];
}

/**
 * Checks the rules of one or more groups (they are grouped here) and returns every problem:
 * DUPLICATE_ROW, SHARES_NOT_100 (exact) or SHARES_OVER_100 (at-most), OVERLAPPING_VALIDITY.
 */
export function checkGroup(rules: readonly GroupRule[], mode: GroupMode, options: GroupOptions = {}): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const group of groupRules(rules).values()) {
    const splits = splitByValidity(group);
    const settled = !(options.unread ?? []).some((unread) => mayBelongTo(unread, group[0]));
    for (const split of splits) {
      const kept = checkDuplicates(split, problems);
      const set = kept.filter((rule) => (rule.action ?? 'set') === 'set');
      // A repeated row is fixed first: which of the two stays decides the sum.
      if (set.length > 0 && settled && kept.length === split.length) checkSum(set, mode, problems);
    }
    checkOverlaps(splits, problems);
  }
  return sortProblems(problems);
}

/** Organisation names are compared case- and accent-insensitively (types.ts), so they group so. */
export function sourceKey(scheme: string, code: string): string {
  return scheme === 'org-name' ? orgNameKey(code) : code;
}

function groupKey(rule: Pick<MappingRuleFields, 'country' | 'sourceScheme' | 'sourceCode' | 'targetScheme'>): string {
  return JSON.stringify([rule.country, rule.sourceScheme, sourceKey(rule.sourceScheme, rule.sourceCode), rule.targetScheme]);
}

function groupRules(rules: readonly GroupRule[]): Map<string, GroupRule[]> {
  const groups = new Map<string, GroupRule[]>();
  for (const rule of rules) {
    const key = groupKey(rule);
    const group = groups.get(key);
    if (group) group.push(rule);
    else groups.set(key, [rule]);
  }
  return groups;
}

function splitByValidity(group: readonly GroupRule[]): GroupRule[][] {
  const splits = new Map<string, GroupRule[]>();
  for (const rule of group) {
    const key = `${rule.validFrom ?? ''}..${rule.validTo ?? ''}`;
    const split = splits.get(key);
    if (split) split.push(rule);
    else splits.set(key, [rule]);
  }
  return [...splits.values()];
}

function mayBelongTo(unread: UnreadRow, rule: GroupRule | undefined): boolean {
  if (!rule) return false;
  if (unread.country !== undefined && unread.country !== rule.country) return false;
  if (unread.sourceScheme !== undefined && unread.sourceScheme !== rule.sourceScheme) return false;
  if (unread.targetScheme !== undefined && unread.targetScheme !== rule.targetScheme) return false;
  if (unread.sourceCode === undefined) return true;
  return sourceKey(rule.sourceScheme, unread.sourceCode) === sourceKey(rule.sourceScheme, rule.sourceCode);
}

/** The rules of one split without their repeats; each repeat is a DUPLICATE_ROW. */
function checkDuplicates(split: readonly GroupRule[], problems: MappingProblem[]): GroupRule[] {
  const first = new Map<string, GroupRule>();
  for (const rule of split) {
    const earlier = first.get(rule.targetCode);
    if (!earlier) {
      first.set(rule.targetCode, rule);
      continue;
    }
    const actions =
      (earlier.action ?? 'set') === (rule.action ?? 'set') ? '' : ` (${earlier.action ?? 'set'} there, ${rule.action ?? 'set'} here)`;
    problems.push(
      problem(
        rule.row ?? null,
        'target_code',
        'DUPLICATE_ROW',
        `${rowName(rule.row, rule)}, target_code ${quote(rule.targetCode)}: ${rowName(earlier.row, earlier)} already maps ${describeGroup(rule)} ` +
          `to ${rule.targetCode} ${describeYears(rule)}${actions}; keep one of the two rows`,
      ),
    );
  }
  return [...first.values()];
}

function checkSum(set: readonly GroupRule[], mode: GroupMode, problems: MappingProblem[]): void {
  const sum = set.reduce((total, rule) => total.plus(rule.share), new ShareDecimal(0));
  const over = sum.gt(100);
  if (mode === 'at-most' ? !over : sum.eq(100)) return;
  const first = set[0];
  if (!first) return;
  const rows = set.some((rule) => rule.row !== null && rule.row !== undefined);
  const parts = set.map((rule) => (rows ? `${rule.row ?? '?'} (${rule.targetCode}: ${rule.share})` : `${rule.targetCode}: ${rule.share}`));
  const who = rows ? `${set.length === 1 ? 'row' : 'rows'} ${parts.join(', ')}` : `the rules (${parts.join(', ')})`;
  const gap = sum.minus(100).abs().toFixed();
  const fix =
    mode === 'at-most'
      ? `together they may not exceed 100; lower them by ${gap}`
      : `a split must sum to exactly 100: ${over ? `lower the shares by ${gap}` : `${gap} is missing; raise a share or add a row for the rest`}`;
  problems.push(
    problem(
      first.row ?? null,
      'share',
      mode === 'at-most' ? 'SHARES_OVER_100' : 'SHARES_NOT_100',
      `${who}: the shares of ${describeGroup(first)} ${describeYears(first)} sum to ${sum.toFixed()}; ${fix}`,
    ),
  );
}

function checkOverlaps(splits: readonly GroupRule[][], problems: MappingProblem[]): void {
  const live = splits.map((split) => split.find((rule) => (rule.action ?? 'set') === 'set')).filter((rule) => rule !== undefined);
  for (const [index, later] of live.entries()) {
    for (const earlier of live.slice(0, index)) {
      if (!overlaps(earlier, later)) continue;
      problems.push(
        problem(
          later.row ?? null,
          'valid_from',
          'OVERLAPPING_VALIDITY',
          `${rowName(later.row, later)} (${describeYears(later)}) and ${rowName(earlier.row, earlier)} (${describeYears(earlier)}) both map ` +
            `${describeGroup(later)} in the same fiscal years; end one before the other begins, or give both the same years to make one split`,
        ),
      );
    }
  }
}

function overlaps(a: GroupRule, b: GroupRule): boolean {
  const from = (rule: GroupRule): number => rule.validFrom ?? -Infinity;
  const to = (rule: GroupRule): number => rule.validTo ?? Infinity;
  return from(a) <= to(b) && from(b) <= to(a);
}

/** "MW dac5 12220 → coa:programme", "dac5 12220 → cofog (all countries)". */
export function describeGroup(rule: Pick<MappingRuleFields, 'country' | 'sourceScheme' | 'sourceCode' | 'targetScheme'>): string {
  const mapping = `${rule.sourceScheme} ${rule.sourceCode} → ${rule.targetScheme}`;
  return rule.country === null ? `${mapping} (all countries)` : `${rule.country} ${mapping}`;
}

/** Fiscal years by their start year: "from 2024", "in fiscal years 2022–2023", "in every fiscal year". */
export function describeYears(rule: Pick<MappingRuleFields, 'validFrom' | 'validTo'>): string {
  const { validFrom: from, validTo: to } = rule;
  if (from === null && to === null) return 'in every fiscal year';
  if (to === null) return `from fiscal year ${from}`;
  if (from === null) return `up to fiscal year ${to}`;
  return from === to ? `in fiscal year ${from}` : `in fiscal years ${from}–${to}`;
}
