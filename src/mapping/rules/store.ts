import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../db/orm.js';
import { applyToActivities } from '../apply/run.js';
import { checkGroup, interpretRule, type SheetTexts } from '../sheet/index.js';
import { ruleCodeProblems } from '../sheet/validate.js';
import type { ChangeNote, MappingProblem, MappingRuleFields } from '../types.js';
import { affectedActivities, type Source } from './affected.js';
import { loadCatalogue } from './catalogue.js';
import { recordChanges } from './history.js';
import { MappingRejected } from './rejected.js';
import { createRule, reviseRule, ruleChange } from './replace-groups.js';
import { ruleById, rulesOfGroups, type StoredRule } from './rule-row.js';

/** A rule as a mutation gives it: the same fields a sheet row has, as text. */
export interface RuleInput {
  readonly country?: string | null;
  readonly sourceScheme: string;
  readonly sourceCode: string;
  readonly targetScheme: string;
  readonly targetCode: string;
  readonly share?: string | null;
  readonly validFrom?: string | null;
  readonly validTo?: string | null;
}

export interface RuleChangeResult {
  readonly rule: StoredRule;
  /** Activities whose assignments were re-applied with the change. */
  readonly reapplied: number;
}

function texts(input: RuleInput, reason: string): SheetTexts {
  return {
    country: input.country ?? '',
    source_scheme: input.sourceScheme,
    source_code: input.sourceCode,
    target_scheme: input.targetScheme,
    target_code: input.targetCode,
    share: input.share ?? '',
    valid_from: input.validFrom ?? '',
    valid_to: input.validTo ?? '',
    reason,
  };
}

/** Reads and checks one rule as a mutation states it: its fields, its codes, and its group with the change made (a split may stay incomplete). */
async function checkedRule(
  em: EntityManager,
  input: RuleInput,
  note: ChangeNote,
  replacing: StoredRule | null,
): Promise<MappingRuleFields> {
  const read = interpretRule(texts(input, note.reason), null);
  if (!read.rule) throw new MappingRejected(read.problems);
  const fields: MappingRuleFields = read.rule;
  const problems: MappingProblem[] = ruleCodeProblems({ ...read.rule, row: null }, await loadCatalogue(em));
  const group = (await rulesOfGroups(em, [fields])).filter((rule) => rule.id !== replacing?.id);
  problems.push(...checkGroup([...group, fields], 'at-most'));
  if (problems.length > 0) throw new MappingRejected(problems);
  return fields;
}

async function reapply(em: EntityManager, sources: readonly Source[]): Promise<number> {
  const affected = await affectedActivities(em, sources);
  await applyToActivities(em, affected);
  return affected.length;
}

async function activeRule(em: EntityManager, id: number): Promise<StoredRule> {
  const rule = await ruleById(em, id);
  if (!rule) throw new MappingRejected([{ row: null, field: 'id', code: 'NOT_FOUND', message: `there is no mapping rule ${id}` }]);
  if (rule.status !== 'active')
    throw new MappingRejected([
      { row: null, field: 'id', code: 'RETIRED', message: `mapping rule ${id} is retired; create a new rule instead` },
    ]);
  return rule;
}

/** Creates a rule and re-applies the activities it reaches, in the caller's transaction. */
export async function createMappingRule(em: EntityManager, input: RuleInput, note: ChangeNote): Promise<RuleChangeResult> {
  const fields = await checkedRule(em, input, note, null);
  const rule = await createRule(em, fields, 'admin', note);
  await recordChanges(em, [ruleChange('create', null, rule)], note, randomUUID());
  return { rule, reapplied: await reapply(em, [{ scheme: rule.sourceScheme, code: rule.sourceCode }]) };
}

/** A new version of a rule: its target code, share or validity (its source and target scheme are what it is). */
export async function updateMappingRule(
  em: EntityManager,
  id: number,
  change: Partial<Pick<RuleInput, 'targetCode' | 'share' | 'validFrom' | 'validTo'>>,
  note: ChangeNote,
): Promise<RuleChangeResult> {
  const before = await activeRule(em, id);
  const year = (value: number | null) => (value === null ? null : String(value));
  const fields = await checkedRule(
    em,
    {
      ...before,
      targetCode: change.targetCode ?? before.targetCode,
      share: change.share ?? before.share,
      validFrom: change.validFrom !== undefined ? change.validFrom : year(before.validFrom),
      validTo: change.validTo !== undefined ? change.validTo : year(before.validTo),
    },
    note,
    before,
  );
  const rule = await reviseRule(
    em,
    before,
    { targetCode: fields.targetCode, share: fields.share, validFrom: fields.validFrom, validTo: fields.validTo },
    note,
  );
  await recordChanges(em, [ruleChange('update', before, rule)], note, randomUUID());
  return { rule, reapplied: await reapply(em, [{ scheme: rule.sourceScheme, code: rule.sourceCode }]) };
}

/** Retires a rule: it stops applying, and stays in the history. */
export async function retireMappingRule(em: EntityManager, id: number, note: ChangeNote): Promise<RuleChangeResult> {
  if (!note.reason.trim())
    throw new MappingRejected([{ row: null, field: 'reason', code: 'MISSING_REASON', message: 'say why the rule is retired' }]);
  const before = await activeRule(em, id);
  const rule = await reviseRule(em, before, { status: 'retired' }, note);
  await recordChanges(em, [ruleChange('retire', before, rule)], note, randomUUID());
  return { rule, reapplied: await reapply(em, [{ scheme: rule.sourceScheme, code: rule.sourceCode }]) };
}
