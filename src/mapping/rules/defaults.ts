import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '../../db/orm.js';
import { mappingsDir } from '../../paths.js';
import { mappingDb } from '../db.js';
import type { MappingRuleFields } from '../types.js';
import { affectedActivities } from './affected.js';
import { groupKeyOf } from './rule-row.js';
import { replaceGroups, type GroupChangeSummary } from './replace-groups.js';
import { readCsvRecords } from '../../../connectors/formats/csv.js';

/** Who the history names for rules the project ships. */
export const DEFAULTS_AUTHOR = 'tributary';
const DAC_COFOG = 'sectors/dac-cofog.csv';
const BUDGET_IDENTIFIER_COFOG = 'budget-identifiers/budget-identifier-cofog.csv';

async function tableRules(file: string, sourceScheme: string, source: string, target: string): Promise<MappingRuleFields[]> {
  const rows = readCsvRecords(await readFile(path.join(mappingsDir, file)));
  return rows
    .filter((row) => row[target])
    .map((row) => ({
      country: null,
      sourceScheme,
      sourceCode: row[source]!,
      targetScheme: 'cofog',
      targetCode: row[target]!,
      share: '100',
      validFrom: null,
      validTo: null,
    }));
}

/** The shipped tables as rules: DAC 5-digit → COFOG class, IATI budget identifier → COFOG (codes without one stay unmapped). */
export async function defaultSectorRules(): Promise<{ file: string; rules: MappingRuleFields[] }[]> {
  return [
    { file: DAC_COFOG, rules: await tableRules(DAC_COFOG, 'dac5', 'dac_code', 'cofog_class') },
    { file: BUDGET_IDENTIFIER_COFOG, rules: await tableRules(BUDGET_IDENTIFIER_COFOG, 'budget-identifier', 'budget_identifier', 'cofog') },
  ];
}

/** Groups an administrator or a sheet has touched: the shipped table never overrides them. */
async function groupsTakenOver(em: EntityManager): Promise<Set<string>> {
  const rows = await mappingDb(em)
    .selectFrom('map_rule')
    .select(['country', 'source_scheme as sourceScheme', 'source_code as sourceCode', 'target_scheme as targetScheme'])
    .distinct()
    .where((eb) => eb.or([eb('origin', '<>', 'default'), eb('changed_by', '<>', DEFAULTS_AUTHOR)]))
    .execute();
  return new Set(rows.map(groupKeyOf));
}

/**
 * Brings the shipped default rules into `map_rule`, as new versions where the table changed,
 * leaving alone every group someone has edited. Returns what changed and the activities whose
 * assignments it may change (the caller re-applies them).
 */
export async function loadDefaultRules(em: EntityManager): Promise<GroupChangeSummary & { affected: number[] }> {
  const taken = await groupsTakenOver(em);
  const total: GroupChangeSummary = { created: 0, updated: 0, retired: 0, unchanged: 0, changedSources: [] };
  for (const { file, rules } of await defaultSectorRules()) {
    const desired = new Map<string, MappingRuleFields[]>();
    for (const rule of rules) {
      const key = groupKeyOf(rule);
      if (!taken.has(key)) desired.set(key, [...(desired.get(key) ?? []), rule]);
    }
    const note = { by: DEFAULTS_AUTHOR, reason: `default table mappings/${file} (see its SOURCES.md)` };
    const summary = await replaceGroups(em, desired, 'default', note, `defaults:${file}`);
    total.created += summary.created;
    total.updated += summary.updated;
    total.retired += summary.retired;
    total.unchanged += summary.unchanged;
    total.changedSources.push(...summary.changedSources);
  }
  const summary = total;
  return { ...summary, affected: await affectedActivities(em, summary.changedSources) };
}
