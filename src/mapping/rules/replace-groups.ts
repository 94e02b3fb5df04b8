import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb } from '../db.js';
import type { ChangeNote, MappingRuleFields } from '../types.js';
import type { Source } from './affected.js';
import { recordChanges, type ChangeRecord } from './history.js';
import { groupKeyOf, RULE_COLUMNS, rulesOfGroups, snapshot, type StoredRule } from './rule-row.js';

export interface GroupChangeSummary {
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
  /** The sources whose rules changed: what to re-apply. */
  readonly changedSources: Source[];
}

/** Same target and validity: the same rule, whose share may have changed. */
function slot(rule: Pick<MappingRuleFields, 'targetCode' | 'validFrom' | 'validTo'>): string {
  return JSON.stringify([rule.targetCode, rule.validFrom, rule.validTo]);
}

async function insertRule(em: EntityManager, fields: MappingRuleFields, origin: string, note: ChangeNote): Promise<StoredRule> {
  return mappingDb(em)
    .insertInto('map_rule')
    .values({
      country: fields.country,
      source_scheme: fields.sourceScheme,
      source_code: fields.sourceCode,
      target_scheme: fields.targetScheme,
      target_code: fields.targetCode,
      share: fields.share,
      valid_from: fields.validFrom,
      valid_to: fields.validTo,
      status: 'active',
      version: 1,
      origin,
      changed_by: note.by,
      reason: note.reason,
    })
    .returning(RULE_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Writes a new version of a rule (share, validity or status) and returns it. */
export async function reviseRule(
  em: EntityManager,
  rule: StoredRule,
  change: Partial<Pick<StoredRule, 'targetCode' | 'share' | 'validFrom' | 'validTo' | 'status'>>,
  note: ChangeNote,
): Promise<StoredRule> {
  const next = { ...rule, ...change };
  return mappingDb(em)
    .updateTable('map_rule')
    .set((eb) => ({
      target_code: next.targetCode,
      share: next.share,
      valid_from: next.validFrom,
      valid_to: next.validTo,
      status: next.status,
      version: eb('version', '+', 1),
      changed_by: note.by,
      changed_at: sql<string>`now()`,
      reason: note.reason,
    }))
    .where('id', '=', rule.id)
    .returning(RULE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function createRule(em: EntityManager, fields: MappingRuleFields, origin: string, note: ChangeNote): Promise<StoredRule> {
  return insertRule(em, fields, origin, note);
}

export function ruleChange(operation: ChangeRecord['operation'], before: StoredRule | null, after: StoredRule): ChangeRecord {
  return {
    subject: 'rule',
    key: String(after.id),
    operation,
    version: after.version,
    before: before && snapshot(before),
    after: snapshot(after),
  };
}

/**
 * Makes each group's active rules exactly `desired` (a sheet lists a group's whole split):
 * rules already there are kept, a changed share is a new version, a rule no longer listed is
 * retired, a new one created. Every change goes to the history with the note.
 */
export async function replaceGroups(
  em: EntityManager,
  desired: ReadonlyMap<string, readonly MappingRuleFields[]>,
  origin: string,
  note: ChangeNote,
  batch: string | null,
): Promise<GroupChangeSummary> {
  const groups = [...desired.values()].map((rows) => rows[0]!);
  const current = new Map<string, StoredRule[]>();
  for (const rule of await rulesOfGroups(em, groups)) current.set(groupKeyOf(rule), [...(current.get(groupKeyOf(rule)) ?? []), rule]);
  const summary: GroupChangeSummary = { created: 0, updated: 0, retired: 0, unchanged: 0, changedSources: [] };
  const changes: ChangeRecord[] = [];
  for (const [key, rows] of desired) {
    const changesBefore = changes.length;
    const existing = new Map((current.get(key) ?? []).map((rule) => [slot(rule), rule]));
    for (const fields of rows) {
      const rule = existing.get(slot(fields));
      existing.delete(slot(fields));
      if (!rule) {
        changes.push(ruleChange('create', null, await insertRule(em, fields, origin, note)));
        summary.created++;
      } else if (!new Decimal(rule.share).equals(fields.share)) {
        changes.push(ruleChange('update', rule, await reviseRule(em, rule, { share: fields.share }, note)));
        summary.updated++;
      } else summary.unchanged++;
    }
    for (const rule of existing.values()) {
      changes.push(ruleChange('retire', rule, await reviseRule(em, rule, { status: 'retired' }, note)));
      summary.retired++;
    }
    if (changes.length > changesBefore) summary.changedSources.push({ scheme: rows[0]!.sourceScheme, code: rows[0]!.sourceCode });
  }
  await recordChanges(em, changes, note, batch);
  return summary;
}
