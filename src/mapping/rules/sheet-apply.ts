import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../db/orm.js';
import { applyToActivities } from '../apply/run.js';
import { checkMappingSheet, type SheetRow } from '../sheet/index.js';
import type { MappingProblem, MappingRuleFields } from '../types.js';
import { affectedActivities } from './affected.js';
import { loadCatalogue } from './catalogue.js';
import { recordChanges } from './history.js';
import { MappingRejected } from './rejected.js';
import { replaceGroups, reviseRule, ruleChange } from './replace-groups.js';
import { groupKeyOf, rulesOfGroups, type StoredRule } from './rule-row.js';

export interface SheetSummary {
  readonly batch: string;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly retired: number;
  readonly unchanged: number;
  readonly reapplied: number;
}

const sameSlot = (rule: StoredRule, row: SheetRow) =>
  rule.targetCode === row.targetCode && rule.validFrom === row.validFrom && rule.validTo === row.validTo;

/**
 * Applies a mapping sheet, all or nothing, in the caller's transaction. For every group the
 * sheet sets (same country, source and target scheme), its `set` rows are the group's whole
 * split from now on: rules it no longer lists are retired. `retire` rows retire the one rule with
 * that target and validity. Any problem refuses the whole sheet with every problem listed.
 */
export async function applyMappingSheet(em: EntityManager, bytes: Uint8Array, fileName: string, by: string): Promise<SheetSummary> {
  const checked = await checkMappingSheet(bytes, fileName, await loadCatalogue(em));
  if (checked.problems.length > 0) throw new MappingRejected(checked.problems, `mapping sheet ${fileName}`);
  const sets = new Map<string, SheetRow[]>();
  const retires = checked.rows.filter((row) => row.action === 'retire');
  for (const row of checked.rows.filter((r) => r.action === 'set')) sets.set(groupKeyOf(row), [...(sets.get(groupKeyOf(row)) ?? []), row]);
  const current = await rulesOfGroups(em, retires);
  const problems: MappingProblem[] = [];
  const toRetire = retires.flatMap((row) => {
    const rule = current.find((r) => groupKeyOf(r) === groupKeyOf(row) && sameSlot(r, row));
    if (rule) return [{ rule, row }];
    problems.push({
      row: row.row,
      field: 'target_code',
      code: 'NOT_FOUND',
      message: `row ${row.row}: there is no active rule to retire from ${row.sourceScheme} ${row.sourceCode} to ${row.targetScheme} ${row.targetCode} for these years`,
    });
    return [];
  });
  if (problems.length > 0) throw new MappingRejected(problems, `mapping sheet ${fileName}`);
  const batch = `sheet:${fileName}:${randomUUID()}`;
  const summary = { created: 0, updated: 0, retired: 0, unchanged: 0 };
  const sources = [];
  for (const [key, rows] of sets) {
    const reason = [...new Set(rows.map((r) => r.reason))].join('; ');
    const fields: MappingRuleFields[] = rows.map(
      ({ country, sourceScheme, sourceCode, targetScheme, targetCode, share, validFrom, validTo }) => ({
        country,
        sourceScheme,
        sourceCode,
        targetScheme,
        targetCode,
        share,
        validFrom,
        validTo,
      }),
    );
    const result = await replaceGroups(em, new Map([[key, fields]]), 'sheet', { by, reason }, batch);
    summary.created += result.created;
    summary.updated += result.updated;
    summary.retired += result.retired;
    summary.unchanged += result.unchanged;
    sources.push(...result.changedSources);
  }
  for (const { rule, row } of toRetire) {
    const note = { by, reason: row.reason };
    await recordChanges(em, [ruleChange('retire', rule, await reviseRule(em, rule, { status: 'retired' }, note))], note, batch);
    summary.retired++;
    sources.push({ scheme: rule.sourceScheme, code: rule.sourceCode });
  }
  const affected = await affectedActivities(em, sources);
  await applyToActivities(em, affected);
  return { batch, rows: checked.rows.length, ...summary, reapplied: affected.length };
}
